#include "broadcast/recipients.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "broadcast/signature.hpp"
#include "core/error.hpp"

namespace eoc::broadcast {

bool Recipient::covers(const std::vector<std::string>& targeted) const {
  if (coversAll) return true;
  for (const auto& c : committees)
    if (std::find(targeted.begin(), targeted.end(), c) != targeted.end()) return true;
  return false;
}

const Recipient* RecipientList::find(const std::string& code) const {
  for (const auto& r : recipients)
    if (r.code == code) return &r;
  return nullptr;
}

const Recipient* RecipientList::findByCapSender(const std::string& sender) const {
  if (sender.empty()) return nullptr;
  for (const auto& r : recipients)
    if (r.capSender == sender) return &r;
  return nullptr;
}

std::vector<const Recipient*> RecipientList::targets(const std::vector<std::string>& committees, bool exercise) const {
  std::vector<const Recipient*> out;
  for (const auto& r : recipients)
    if (r.covers(committees) && (!exercise || r.drills)) out.push_back(&r);
  return out;
}

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& pointer, const std::string& why) {
  throw EocError(ErrorCode::InvalidParameter, source + ": " + pointer + ": " + why);
}

bool isHttpUrl(const std::string& url) {
  for (std::string_view scheme : {"http://", "https://"})
    if (url.size() > scheme.size() && url.compare(0, scheme.size(), scheme) == 0 &&
        url.find_first_of(" \t\r\n<>\"") == std::string::npos)
      return true;
  return false;
}

std::vector<std::string> stringList(const nlohmann::json& j, const std::string& source, const std::string& at) {
  if (!j.is_array()) fail(source, at, "expected an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string() || j[i].get<std::string>().empty())
      fail(source, at + "/" + std::to_string(i), "expected a non-empty string");
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

}  // namespace

RecipientList parseRecipients(const std::string& text, const std::string& source,
                              const std::vector<std::pair<std::string, std::string>>& committeeNames) {
  std::map<std::string, std::string> names(committeeNames.begin(), committeeNames.end());
  RecipientList list;
  if (!text.empty()) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) fail(source, "", "not valid JSON");
    if (!doc.is_object() || !doc.contains("recipients") || !doc["recipients"].is_array())
      fail(source, "/recipients", "expected an array");
    const auto& items = doc["recipients"];
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string at = "/recipients/" + std::to_string(i);
      const auto& j = items[i];
      if (!j.is_object()) fail(source, at, "expected an object");
      for (auto& [key, _] : j.items())
        if (key != "code" && key != "kind" && key != "name" && key != "committees" && key != "all" &&
            key != "webhook" && key != "phones" && key != "drills" && key != "cap_sender")
          fail(source, at + "/" + key, "unknown field");
      Recipient r;
      if (!j.contains("code") || !j["code"].is_string() || j["code"].get<std::string>().empty())
        fail(source, at + "/code", "required non-empty string");
      r.code = j["code"];
      if (list.find(r.code)) fail(source, at + "/code", "duplicate recipient " + r.code);
      if (j.contains("kind")) {
        if (!j["kind"].is_string() || j["kind"].get<std::string>().empty()) fail(source, at + "/kind", "expected a string");
        r.kind = j["kind"];
      }
      if (j.contains("all")) {
        if (!j["all"].is_boolean()) fail(source, at + "/all", "expected a boolean");
        r.coversAll = j["all"];
      }
      if (j.contains("committees")) r.committees = stringList(j["committees"], source, at + "/committees");
      if (r.kind == "committee" && !names.count(r.code)) fail(source, at + "/code", "unknown committee " + r.code);
      if (r.kind == "committee" && r.committees.empty() && !r.coversAll) r.committees = {r.code};
      if (r.committees.empty() && !r.coversAll) fail(source, at + "/committees", "a recipient must cover a committee or all");
      for (size_t k = 0; k < r.committees.size(); ++k)
        if (!names.count(r.committees[k]))
          fail(source, at + "/committees/" + std::to_string(k), "unknown committee " + r.committees[k]);
      if (j.contains("name")) {
        if (!j["name"].is_string()) fail(source, at + "/name", "expected a string");
        r.name = j["name"];
      } else if (names.count(r.code)) {
        r.name = names[r.code];
      }
      if (j.contains("webhook")) {
        const auto& w = j["webhook"];
        if (!w.is_object() || !w.contains("url") || !w["url"].is_string())
          fail(source, at + "/webhook/url", "required string");
        r.url = w["url"];
        if (!isHttpUrl(r.url)) fail(source, at + "/webhook/url", "must be an http:// or https:// URL");
        if (w.contains("secret")) {
          if (!w["secret"].is_string() || !isWebhookSecret(w["secret"].get<std::string>()))
            fail(source, at + "/webhook/secret", "must be whsec_ followed by base64 of at least 16 bytes");
          r.secret = w["secret"];
        }
      }
      if (j.contains("phones")) r.phones = stringList(j["phones"], source, at + "/phones");
      if (j.contains("drills")) {
        if (!j["drills"].is_boolean()) fail(source, at + "/drills", "expected a boolean");
        r.drills = j["drills"];
      }
      if (j.contains("cap_sender")) {
        if (!j["cap_sender"].is_string()) fail(source, at + "/cap_sender", "expected a string");
        r.capSender = j["cap_sender"];
      }
      list.recipients.push_back(std::move(r));
    }
  }
  for (const auto& [code, name] : committeeNames)
    if (!list.find(code)) {
      Recipient r;
      r.code = code;
      r.name = name;
      r.committees = {code};
      r.drills = true;  // in-app screens mark exercises plainly; drills must reach them
      list.recipients.push_back(std::move(r));
    }
  return list;
}

RecipientList loadRecipients(const std::filesystem::path& file,
                             const std::vector<std::pair<std::string, std::string>>& committeeNames) {
  std::string text;
  if (!file.empty() && std::filesystem::exists(file)) {
    std::ifstream in(file);
    if (!in) fail(file.string(), "", "cannot read");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    if (text.empty()) fail(file.string(), "", "empty file");
  }
  return parseRecipients(text, file.string(), committeeNames);
}

}  // namespace eoc::broadcast
