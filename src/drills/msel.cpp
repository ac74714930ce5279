#include "drills/msel.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace eoc::drills {

namespace {

using nlohmann::json;

std::string objectiveOf(const Scenario& s, ObjectiveKind kind) {
  for (const auto& o : s.objectives)
    if (o.kind == kind) return o.id;
  return "";
}

std::string joined(const std::vector<Participant>& people) {
  std::string out;
  for (const auto& p : people) out += (out.empty() ? "" : "、") + p.name;
  return out;
}

void number(std::vector<MselRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const MselRow& a, const MselRow& b) { return a.offsetMin < b.offsetMin; });
  for (size_t i = 0; i < rows.size(); ++i) rows[i].seq = static_cast<int>(i + 1);
}

std::string marked(std::string text) {
  return text.rfind(kExerciseMark, 0) == 0 ? text : kExerciseMark + text;
}

}  // namespace

std::vector<MselRow> generateMsel(const Scenario& s, const std::vector<PlannedAction>& actions,
                                  const std::vector<Participant>& committees, const std::vector<Participant>& teams) {
  std::vector<MselRow> rows;
  const std::string ack = objectiveOf(s, ObjectiveKind::AckWithin);
  rows.push_back({0, 0, "scenario", "演练导调组", "区应急管理局值班室", marked(s.title + "：情景发布"),
                  "核实情况，启动相应预案", ack, "总导调"});
  if (!committees.empty())
    rows.push_back({0, 0, "warning", "区应急管理局", joined(committees), marked("向参演片区管委会发布演练预警/通报"),
                    "各片区管委会确认收到并转发至社区", ack, "通信导调员"});
  std::string onScene = objectiveOf(s, ObjectiveKind::FirstOnScene);
  if (onScene.empty()) onScene = objectiveOf(s, ObjectiveKind::AllOnScene);
  for (const auto& t : teams)
    rows.push_back({0, 1, "dispatch", "区应急管理局", t.name, marked("调派" + t.name + "赶赴现场"),
                    "出动并报告途中、到场状态", onScene, "队伍导调员"});
  for (const auto& a : actions)
    rows.push_back({0, a.deadlineMin, "action", "演练导调组", a.unitName, marked("检查：" + a.what), a.what, "",
                    "评估员"});
  for (const auto& o : s.objectives)
    rows.push_back({0, o.minutes, "checkpoint", "评估组", "总导调", marked("目标检查：" + o.text), o.text, o.id,
                    "评估员"});
  number(rows);
  return rows;
}

json toJson(const std::vector<MselRow>& rows) {
  json out = json::array();
  for (const auto& r : rows)
    out.push_back({{"seq", r.seq}, {"offset_min", r.offsetMin}, {"inject_type", r.injectType}, {"from", r.from},
                   {"to", r.to}, {"description", r.description}, {"expected_action", r.expectedAction},
                   {"objective", r.objective}, {"controller", r.controller}});
  return out;
}

std::vector<MselRow> parseMsel(const json& rows) {
  if (!rows.is_array()) throw EocError(ErrorCode::InvalidBody, "msel: must be an array of rows");
  static const std::vector<std::string> kTypes = {"scenario", "warning", "dispatch", "action", "checkpoint"};
  std::vector<MselRow> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const json& r = rows[i];
    std::string path = "msel[" + std::to_string(i) + "]";
    if (!r.is_object()) throw EocError(ErrorCode::InvalidBody, path + ": must be an object");
    auto text = [&](const char* key, bool required) {
      auto it = r.find(key);
      if (it == r.end()) {
        if (required) throw EocError(ErrorCode::InvalidBody, path + "." + key + ": required");
        return std::string();
      }
      if (!it->is_string()) throw EocError(ErrorCode::InvalidBody, path + "." + key + ": must be a string");
      return it->get<std::string>();
    };
    MselRow row;
    auto offset = r.find("offset_min");
    if (offset == r.end() || !offset->is_number_integer() || offset->get<long long>() < 0 ||
        offset->get<long long>() > 7 * 24 * 60)
      throw EocError(ErrorCode::InvalidBody, path + ".offset_min: must be whole minutes between 0 and 10080");
    row.offsetMin = offset->get<int>();
    row.injectType = text("inject_type", true);
    if (std::find(kTypes.begin(), kTypes.end(), row.injectType) == kTypes.end())
      throw EocError(ErrorCode::InvalidBody, path + ".inject_type: must be scenario, warning, dispatch, action or checkpoint");
    row.from = text("from", true);
    row.to = text("to", true);
    row.description = marked(text("description", true));
    row.expectedAction = text("expected_action", false);
    row.objective = text("objective", false);
    row.controller = text("controller", false);
    out.push_back(std::move(row));
  }
  number(out);
  return out;
}

}  // namespace eoc::drills
