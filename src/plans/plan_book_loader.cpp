// loadPlanBook: read, schema-validate and cross-check every plan file; collect all problems.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "plans/json_schema.hpp"
#include "plans/plan_book.hpp"

namespace eoc::plans {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::set<std::string> kNotPlans = {"schema.json", "units.json", "hazards.json", "warning-signals.json"};

// Collects "file: pointer: message" lines.
class Problems {
 public:
  void add(const std::string& file, const std::string& pointer, const std::string& message) {
    lines_.push_back(file + ": " + (pointer.empty() ? "/" : pointer) + ": " + message);
  }
  bool empty() const { return lines_.empty(); }
  size_t size() const { return lines_.size(); }
  std::vector<std::string> take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};

std::optional<json> readJson(const fs::path& path, const std::string& shown, Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.add(shown, "", "cannot open the file");
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return json::parse(buffer.str());
  } catch (const json::parse_error& e) {
    problems.add(shown, "", std::string("invalid JSON: ") + e.what());
    return std::nullopt;
  }
}

std::string inQuotes(const std::string& s) { return "\"" + s + "\""; }

// --- units.json -------------------------------------------------------------------------------

std::map<std::string, std::string> readNameTable(const json& doc, const std::string& key, const std::string& shown,
                                                 Problems& problems) {
  std::map<std::string, std::string> table;
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_object() || it->empty()) {
    problems.add(shown, "/" + key, "expected a non-empty object of key -> 中文名");
    return table;
  }
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string() || v.get<std::string>().empty())
      problems.add(shown, "/" + key + "/" + escapePointerToken(k), "expected a non-empty name");
    else
      table.emplace(k, v.get<std::string>());
  }
  return table;
}

// --- hazards.json -----------------------------------------------------------------------------

std::optional<double> positiveNumber(const json& v) {
  if (!v.is_number()) return std::nullopt;
  const double d = v.get<double>();
  if (!(d >= 0) || d > 1e6) return std::nullopt;
  return d;
}

ExposureRule readExposure(const json& v, const std::string& pointer, const std::string& shown, Problems& problems) {
  ExposureRule rule;
  if (!v.is_object()) {
    problems.add(shown, pointer, "expected an object");
    return rule;
  }
  for (const auto& [k, member] : v.items()) {
    if (k == "geohazards" && member.is_boolean()) {
      rule.geohazards = member.get<bool>();
    } else if (k == "waterlogging_causes" && member.is_array()) {
      for (const auto& cause : member)
        if (cause.is_string()) rule.waterloggingCauses.push_back(cause.get<std::string>());
        else problems.add(shown, pointer + "/" + k, "expected an array of strings");
    } else {
      problems.add(shown, pointer + "/" + escapePointerToken(k), "unknown key or wrong type");
    }
  }
  return rule;
}

Hazards readHazards(const json& doc, const std::string& shown, const KnownNames& known, Problems& problems) {
  Hazards hazards;
  const auto incidents = doc.find("incidents");
  if (incidents == doc.end() || !incidents->is_object() || incidents->empty()) {
    problems.add(shown, "/incidents", "expected a non-empty object of incident types");
    return hazards;
  }
  for (const auto& [key, v] : incidents->items()) {
    const std::string at = "/incidents/" + escapePointerToken(key);
    IncidentType type;
    type.key = key;
    if (!v.is_object() || !v.contains("name") || !v["name"].is_string()) {
      problems.add(shown, at + "/name", "missing 中文名");
      continue;
    }
    type.name = v["name"].get<std::string>();
    if (auto share = v.find("shelter_share"); share != v.end()) {
      if (auto d = positiveNumber(*share); d && *d <= 1) type.shelterShare = *d;
      else problems.add(shown, at + "/shelter_share", "expected a number from 0 to 1");
    }
    if (auto table = v.find("radius_by_magnitude"); table != v.end()) {
      double previous = -1;
      for (size_t i = 0; i < table->size(); ++i) {
        const json& row = (*table)[i];
        const auto m = row.is_object() && row.contains("min_magnitude") ? positiveNumber(row["min_magnitude"]) : std::nullopt;
        const auto r = row.is_object() && row.contains("radius_m") ? positiveNumber(row["radius_m"]) : std::nullopt;
        if (!m || !r || *m <= previous || (i == 0 && *m != 0)) {
          problems.add(shown, at + "/radius_by_magnitude/" + std::to_string(i),
                       "expected {min_magnitude, radius_m}, ascending from magnitude 0");
          continue;
        }
        previous = *m;
        type.radiusByMagnitude.emplace_back(*m, *r);
      }
    } else {
      const auto sizes = v.find("radius_m");
      if (sizes == v.end() || !sizes->is_object() || sizes->empty()) {
        problems.add(shown, at + "/radius_m", "expected radius in metres per size (small, medium, large)");
        continue;
      }
      for (const auto& [size, r] : sizes->items()) {
        if (auto d = positiveNumber(r); d && *d > 0) type.radiusBySize[size] = *d;
        else problems.add(shown, at + "/radius_m/" + escapePointerToken(size), "expected metres > 0");
      }
      type.defaultSize = v.value("default_size", "");
      if (!type.radiusBySize.contains(type.defaultSize))
        problems.add(shown, at + "/default_size", "must name one of the sizes in radius_m");
    }
    hazards.incidents.emplace(key, std::move(type));
  }
  if (auto shares = doc.find("warning_shelter_share"); shares != doc.end() && shares->is_object()) {
    for (const auto& [k, v] : shares->items()) {
      const auto d = positiveNumber(v);
      if (!d || *d > 1) {
        problems.add(shown, "/warning_shelter_share/" + k, "expected a number from 0 to 1");
      } else if (k == "default") {
        hazards.defaultWarningShelterShare = *d;
      } else {
        if (!known.signalLevels.contains(k)) problems.add(shown, "/warning_shelter_share/" + k, "unknown signal type " + inQuotes(k));
        hazards.warningShelterShare[k] = *d;
      }
    }
  }
  if (auto exposure = doc.find("exposure"); exposure != doc.end() && exposure->is_object()) {
    const json warnings = exposure->value("warnings", json::object());
    const json incidents = exposure->value("incidents", json::object());
    for (const auto& [k, v] : warnings.items()) {
      const std::string at = "/exposure/warnings/" + escapePointerToken(k);
      if (!known.signalLevels.contains(k)) problems.add(shown, at, "unknown signal type " + inQuotes(k));
      hazards.warningExposure[k] = readExposure(v, at, shown, problems);
    }
    for (const auto& [k, v] : incidents.items()) {
      const std::string at = "/exposure/incidents/" + escapePointerToken(k);
      if (!hazards.incidents.contains(k)) problems.add(shown, at, "unknown incident type " + inQuotes(k));
      hazards.incidentExposure[k] = readExposure(v, at, shown, problems);
    }
  }
  return hazards;
}

// --- one plan ---------------------------------------------------------------------------------

struct Vocabulary {
  const std::map<std::string, std::string>& units;
  const std::map<std::string, std::string>& specialties;
  const Hazards& hazards;
  const KnownNames& known;
};

class PlanReader {
 public:
  PlanReader(const json& doc, std::string file, std::string shown, const Vocabulary& vocabulary, Problems& problems)
      : doc_(doc), file_(std::move(file)), shown_(std::move(shown)), v_(vocabulary), problems_(problems) {}

  Plan read() {
    Plan plan;
    plan.id = doc_["id"].get<std::string>();
    plan.title = doc_["title"].get<std::string>();
    plan.file = file_;
    plan.overall = doc_.value("kind", "special") == "overall";
    plan.document = doc_;
    if (fs::path(file_).stem().string() != plan.id)
      fail("/id", "id " + inQuotes(plan.id) + " must equal the file name " + inQuotes(fs::path(file_).stem().string()));

    for (size_t i = 0; i < doc_["scope"]["incident_types"].size(); ++i)
      incidentType(doc_["scope"]["incident_types"][i], "/scope/incident_types/" + std::to_string(i));
    for (size_t i = 0; i < doc_["scope"]["signal_types"].size(); ++i)
      signalType(doc_["scope"]["signal_types"][i], "/scope/signal_types/" + std::to_string(i));
    eachLevelOnce(doc_["grading"], "/grading");

    const json& command = doc_["command"];
    unit(command["lead_unit"], "/command/lead_unit");
    for (size_t i = 0; i < command["members"].size(); ++i)
      unit(command["members"][i]["unit"], "/command/members/" + std::to_string(i) + "/unit");

    for (size_t i = 0; i < doc_["monitoring"]["signals"].size(); ++i) {
      const json& s = doc_["monitoring"]["signals"][i];
      const std::string at = "/monitoring/signals/" + std::to_string(i);
      if (signalType(s["type"], at + "/type")) colour(s["type"], s["min_level"], at + "/min_level");
    }

    const json& levels = doc_["response"]["levels"];
    eachLevelOnce(levels, "/response/levels");
    for (size_t i = 0; i < levels.size(); ++i) plan.levels.push_back(level(levels[i], "/response/levels/" + std::to_string(i)));
    std::sort(plan.levels.begin(), plan.levels.end(), [](const auto& a, const auto& b) { return a.level < b.level; });

    for (size_t i = 0; i < doc_["support"]["teams"].size(); ++i)
      specialty(doc_["support"]["teams"][i]["specialty"], "/support/teams/" + std::to_string(i) + "/specialty");
    for (size_t i = 0; i < doc_["contacts"].size(); ++i)
      unit(doc_["contacts"][i]["unit"], "/contacts/" + std::to_string(i) + "/unit");

    plan.summary = summary(plan);
    return plan;
  }

 private:
  void fail(const std::string& pointer, const std::string& message) { problems_.add(shown_, pointer, message); }

  bool unit(const json& key, const std::string& at) {
    if (v_.units.contains(key.get<std::string>())) return true;
    fail(at, "unknown unit " + key.dump() + " (units.json)");
    return false;
  }
  bool specialty(const json& key, const std::string& at) {
    if (v_.specialties.contains(key.get<std::string>())) return true;
    fail(at, "unknown team specialty " + key.dump() + " (units.json)");
    return false;
  }
  bool incidentType(const json& key, const std::string& at) {
    if (v_.hazards.incidents.contains(key.get<std::string>())) return true;
    fail(at, "unknown incident type " + key.dump() + " (hazards.json)");
    return false;
  }
  bool signalType(const json& key, const std::string& at) {
    if (v_.known.signalLevels.contains(key.get<std::string>())) return true;
    fail(at, "unknown signal type " + key.dump());
    return false;
  }
  void colour(const json& type, const json& colour, const std::string& at) {
    const auto& levels = v_.known.signalLevels.at(type.get<std::string>());
    if (std::find(levels.begin(), levels.end(), colour.get<std::string>()) != levels.end()) return;
    std::string list;
    for (const auto& l : levels) list += (list.empty() ? "" : ", ") + l;
    fail(at, "signal " + type.dump() + " has no level " + colour.dump() + " (it has " + list + ")");
  }
  void eachLevelOnce(const json& entries, const std::string& at) {
    std::set<std::string> seen;
    for (size_t i = 0; i < entries.size(); ++i) {
      const std::string key = entries[i]["level"].get<std::string>();
      const std::string here = at + "/" + std::to_string(i);
      if (!seen.insert(key).second) fail(here + "/level", "level " + inQuotes(key) + " appears twice");
      const auto level = parseLevel(key);
      if (level && entries[i]["name"].get<std::string>() != levelName(*level))
        fail(here + "/name", "level " + key + " is called " + inQuotes(std::string(levelName(*level))));
    }
  }

  ResponseLevel level(const json& l, const std::string& at) {
    ResponseLevel out;
    out.level = *parseLevel(l["level"].get<std::string>());
    out.commander = l["commander"].get<std::string>();
    for (size_t i = 0; i < l["triggers"].size(); ++i) {
      const std::string here = at + "/triggers/" + std::to_string(i);
      if (auto t = trigger(l["triggers"][i], here)) out.triggers.push_back(std::move(*t));
    }
    for (size_t i = 0; i < l["actions"].size(); ++i) {
      const json& a = l["actions"][i];
      const std::string here = at + "/actions/" + std::to_string(i);
      unit(a["unit"], here + "/unit");
      const std::string layer = a.value("layer", "");
      if (!layer.empty() && !v_.known.layerIds.contains(layer)) fail(here + "/layer", "unknown layer " + inQuotes(layer));
      out.actions.push_back(PlanAction{a["what"].get<std::string>(), a["unit"].get<std::string>(),
                                       a["deadline_min"].get<int>(), layer, a.value("resource", ""), file_ + "#" + here});
    }
    for (size_t i = 0; i < l["teams"].size(); ++i) {
      const json& t = l["teams"][i];
      const std::string here = at + "/teams/" + std::to_string(i);
      specialty(t["specialty"], here + "/specialty");
      out.teams.push_back(TeamRequirement{t["specialty"].get<std::string>(), t["people"].get<int>(), file_ + "#" + here});
    }
    return out;
  }

  std::optional<Trigger> trigger(const json& t, const std::string& at) {
    Trigger out;
    out.source = file_ + "#" + at;
    out.text = t;
    if (auto w = t.find("warning"); w != t.end()) {
      if (!signalType((*w)["type"], at + "/warning/type")) return std::nullopt;
      colour((*w)["type"], (*w)["min_level"], at + "/warning/min_level");
      out.rule = WarningTrigger{(*w)["type"].get<std::string>(), (*w)["min_level"].get<std::string>()};
    } else if (auto i = t.find("incident"); i != t.end()) {
      if (!incidentType((*i)["type"], at + "/incident/type")) return std::nullopt;
      IncidentTrigger rule;
      rule.type = (*i)["type"].get<std::string>();
      if (i->contains("min_magnitude")) rule.minMagnitude = (*i)["min_magnitude"].get<double>();
      if (i->contains("min_casualties")) rule.minCasualties = (*i)["min_casualties"].get<int>();
      if (i->contains("min_evacuated")) rule.minEvacuated = (*i)["min_evacuated"].get<int>();
      if (i->contains("min_area_km2")) rule.minAreaKm2 = (*i)["min_area_km2"].get<double>();
      if (i->contains("sizes")) {
        rule.sizes = (*i)["sizes"].get<std::vector<std::string>>();
        const auto& known = v_.hazards.incidents.at(rule.type).radiusBySize;
        for (size_t k = 0; k < rule.sizes.size(); ++k)
          if (!known.contains(rule.sizes[k]))
            fail(at + "/incident/sizes/" + std::to_string(k), "incident type " + inQuotes(rule.type) + " has no size " + inQuotes(rule.sizes[k]));
      }
      out.rule = std::move(rule);
    } else {
      const json& p = t["plan"];
      PlanTrigger rule;
      rule.minLevel = *parseLevel(p["min_level"].get<std::string>());
      if (p.contains("ids")) rule.ids = p["ids"].get<std::vector<std::string>>();
      out.rule = std::move(rule);  // ids are checked once every plan is known
    }
    return out;
  }

  json summary(const Plan& plan) const {
    json levels = json::array();
    for (const auto& l : plan.levels)
      levels.push_back({{"level", levelKey(l.level)}, {"name", levelName(l.level)}, {"commander", l.commander},
                        {"triggers", l.triggers.size()}});
    const std::string lead = doc_["command"]["lead_unit"].get<std::string>();
    return {{"id", plan.id},
            {"title", plan.title},
            {"kind", plan.overall ? "overall" : "special"},
            {"version", doc_["version"]},
            {"revised", doc_["revised"]},
            {"headquarters", doc_["command"]["headquarters"]},
            {"lead_unit", lead},
            {"lead_unit_name", v_.units.contains(lead) ? v_.units.at(lead) : lead},
            {"incident_types", doc_["scope"]["incident_types"]},
            {"signal_types", doc_["scope"]["signal_types"]},
            {"levels", levels}};
  }

  const json& doc_;
  std::string file_;
  std::string shown_;
  const Vocabulary& v_;
  Problems& problems_;
};

// Plan triggers may only name plans that exist (and never the plan itself).
void checkPlanReferences(const std::vector<Plan>& plans, const fs::path& plansDir, Problems& problems) {
  std::set<std::string> ids;
  for (const auto& p : plans) ids.insert(p.id);
  for (const auto& plan : plans)
    for (const auto& level : plan.levels)
      for (const auto& trigger : level.triggers)
        if (const auto* rule = std::get_if<PlanTrigger>(&trigger.rule))
          for (size_t i = 0; i < rule->ids.size(); ++i) {
            const std::string pointer = trigger.source.substr(trigger.source.find('#') + 1) + "/plan/ids/" + std::to_string(i);
            const std::string shown = (plansDir / plan.file).generic_string();
            if (!ids.contains(rule->ids[i])) problems.add(shown, pointer, "unknown plan " + inQuotes(rule->ids[i]));
            else if (rule->ids[i] == plan.id) problems.add(shown, pointer, "a plan cannot trigger itself");
          }
}

}  // namespace

PlanBookError::PlanBookError(std::vector<std::string> problems)
    : std::runtime_error([&] {
        std::string text;
        for (const auto& line : problems) text += (text.empty() ? "" : "\n") + line;
        return text;
      }()),
      problems_(std::move(problems)) {}

PlanBook loadPlanBook(const fs::path& plansDir, const KnownNames& known) {
  Problems problems;
  auto shown = [&](const std::string& name) { return (plansDir / name).generic_string(); };

  const auto schemaDoc = readJson(plansDir / "schema.json", shown("schema.json"), problems);
  const auto unitsDoc = readJson(plansDir / "units.json", shown("units.json"), problems);
  const auto hazardsDoc = readJson(plansDir / "hazards.json", shown("hazards.json"), problems);
  if (!schemaDoc || !unitsDoc || !hazardsDoc) throw PlanBookError(problems.take());

  std::optional<JsonSchema> schema;
  try {
    schema.emplace(*schemaDoc);
  } catch (const std::exception& e) {
    problems.add(shown("schema.json"), "", e.what());
    throw PlanBookError(problems.take());
  }
  auto units = readNameTable(*unitsDoc, "units", shown("units.json"), problems);
  auto specialties = readNameTable(*unitsDoc, "specialties", shown("units.json"), problems);
  Hazards hazards = readHazards(*hazardsDoc, shown("hazards.json"), known, problems);

  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(plansDir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json" && !kNotPlans.contains(entry.path().filename().string()))
      files.push_back(entry.path());
  if (ec) problems.add(plansDir.generic_string(), "", "cannot list the folder: " + ec.message());
  std::sort(files.begin(), files.end());

  const Vocabulary vocabulary{units, specialties, hazards, known};
  std::vector<Plan> plans;
  std::set<std::string> ids;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    const auto doc = readJson(path, shown(name), problems);
    if (!doc) continue;
    // Other modules keep their data here too (warning-texts.json ...); they say what they are
    // with a top-level "schema": "eoc.<format>/<n>" tag, which a plan never has.
    if (doc->is_object() && doc->contains("schema") && (*doc)["schema"].is_string()) continue;
    const auto violations = schema->validate(*doc);
    for (const auto& v : violations) problems.add(shown(name), v.pointer, v.message);
    if (!violations.empty()) continue;  // cross-checks assume the schema's shape
    Plan plan = PlanReader(*doc, name, shown(name), vocabulary, problems).read();
    if (!ids.insert(plan.id).second) problems.add(shown(name), "/id", "duplicate plan id " + inQuotes(plan.id));
    plans.push_back(std::move(plan));
  }
  if (plans.empty() && problems.empty()) problems.add(plansDir.generic_string(), "", "no plan files found");
  checkPlanReferences(plans, plansDir, problems);
  if (!problems.empty()) throw PlanBookError(problems.take());

  std::sort(plans.begin(), plans.end(), [](const Plan& a, const Plan& b) { return a.id < b.id; });
  return PlanBook(std::move(plans), std::move(units), std::move(specialties), std::move(hazards), known);
}

}  // namespace eoc::plans
