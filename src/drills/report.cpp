#include "drills/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "drills/rounding.hpp"

namespace eoc::drills {

namespace {

using nlohmann::json;

constexpr int kImprovementDueDays = 30;

json minutes(const std::optional<double>& v) { return v ? json(round2(*v)) : json(nullptr); }

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

ObjectiveResult score(const Objective& o, const RunRecord& run) {
  ObjectiveResult r{o, std::nullopt, Rating::U, ""};
  if (o.kind == ObjectiveKind::AckWithin) {
    if (run.acks.empty()) {
      r.evidence = "无预警对象";
    } else {
      double worst = -1;
      bool missing = false;
      for (const auto& a : run.acks) {
        if (!a.ackMin) {
          missing = true;
          r.evidence = a.name + "未确认";
          break;
        }
        double latency = *a.ackMin - a.warnedMin;
        if (latency > worst) worst = latency, r.evidence = a.name;
      }
      if (!missing) r.actualMin = worst;
    }
  } else {
    std::optional<double> value;
    for (const auto& t : run.teams) {
      if (o.kind == ObjectiveKind::AllOnScene && !t.onSceneMin) {
        value.reset();
        r.evidence = t.name + "未到场";
        break;
      }
      if (!t.onSceneMin) continue;
      bool better = !value || (o.kind == ObjectiveKind::FirstOnScene ? *t.onSceneMin < *value : *t.onSceneMin > *value);
      if (better) value = *t.onSceneMin, r.evidence = t.name;
    }
    r.actualMin = value;
  }
  r.rating = rate(r.actualMin, o.minutes);
  return r;
}

const char* capabilityOf(ObjectiveKind kind) {
  return kind == ObjectiveKind::AckWithin ? "预警信息发布与接收" : "应急队伍调度与响应";
}

}  // namespace

char ratingLetter(Rating r) {
  switch (r) {
    case Rating::P: return 'P';
    case Rating::S: return 'S';
    case Rating::M: return 'M';
    case Rating::U: return 'U';
  }
  return 'U';
}

Rating rate(std::optional<double> actual, double target) {
  if (!actual) return Rating::U;
  if (*actual <= target) return Rating::P;
  if (*actual <= 1.25 * target) return Rating::S;
  if (*actual <= 2 * target) return Rating::M;
  return Rating::U;
}

AfterActionReport buildReport(const std::string& drillId, const Scenario& s, const RunRecord& run,
                              const ImpactHeadlines& impact) {
  AfterActionReport r;
  r.drillId = drillId;
  r.title = s.title;
  r.type = s.type;
  r.mode = run.mode;
  r.start = run.live ? run.live->startedAt : s.start;  // a live drill is dated by when it really ran
  r.run = run;
  r.impact = impact;
  const std::string due = formatBeijing(r.start + std::chrono::hours(24 * kImprovementDueDays));
  std::optional<int> ackTarget;
  for (const auto& o : s.objectives) {
    r.objectives.push_back(score(o, run));
    if (o.kind == ObjectiveKind::AckWithin) ackTarget = ackTarget ? std::min(*ackTarget, o.minutes) : o.minutes;
  }
  for (const auto& o : r.objectives)
    if (o.rating == Rating::M || o.rating == Rating::U)
      r.improvements.push_back({"目标" + o.objective.id + "未达成：" + o.objective.text + "（" + o.evidence + "）",
                                o.objective.kind == ObjectiveKind::AckWithin ? "完善值班值守与预警接收确认机制，开展专项培训"
                                                                             : "优化队伍预置点位与出动流程，缩短集结时间",
                                capabilityOf(o.objective.kind), "区应急管理局", due});
  if (ackTarget)
    for (const auto& a : run.acks)
      if (!a.ackMin || *a.ackMin - a.warnedMin > *ackTarget)
        r.improvements.push_back({a.name + (a.ackMin ? "确认超时" : "未确认演练预警"), "明确预警接收责任人及AB角，配置备用通信手段",
                                  "预警信息发布与接收", a.name, due});
  if (!impact.hazardPoints.empty()) {
    std::string ids;
    for (const auto& id : impact.hazardPoints) ids += (ids.empty() ? "" : "、") + id;
    r.improvements.push_back({"隐患点受威胁：" + ids, "落实隐患点监测责任人和转移预案，演练中逐点核查", "隐患排查与监测预警",
                              "区自然资源、城市管理部门", due});
  }
  if (impact.shortfall > 0)
    r.improvements.push_back({"避难场所容量缺口" + std::to_string(impact.shortfall) + "人",
                              "补充或共享周边避难场所，制定跨片区安置方案", "避难场所保障", "区应急管理局", due});
  return r;
}

namespace {

json overview(const AfterActionReport& r) {
  json o = {{"title", r.title}, {"type", r.type}, {"mode", r.mode}, {"start", formatBeijing(r.start)}};
  if (r.run.live) {
    const auto& l = *r.run.live;
    o["finished_at"] = l.finishedAt ? json(formatBeijing(*l.finishedAt)) : json(nullptr);
    o["controller"] = l.controller;
    o["exercise_warning"] = l.warningId.empty() ? json(nullptr) : json(l.warningId);
    o["speed"] = l.speed;
  } else {
    o["seed"] = r.run.seed;
  }
  return o;
}

}  // namespace

json toJson(const AfterActionReport& r) {
  json objectives = json::array(), improvements = json::array();
  for (const auto& o : r.objectives)
    objectives.push_back({{"id", o.objective.id}, {"text", o.objective.text}, {"kind", objectiveKindKey(o.objective.kind)},
                          {"target_min", o.objective.minutes}, {"actual_min", minutes(o.actualMin)},
                          {"rating", std::string(1, ratingLetter(o.rating))}, {"evidence", o.evidence}});
  for (const auto& i : r.improvements)
    improvements.push_back({{"issue", i.issue}, {"corrective_action", i.correctiveAction},
                            {"capability_element", i.capabilityElement}, {"responsible_unit", i.responsibleUnit},
                            {"due", i.due}});
  json run = toJson(r.run);
  const auto& n = r.impact.needs;
  return {{"drill", r.drillId},
          {"overview", overview(r)},
          {"objectives", objectives},
          {"committee_acks", run["acks"]},
          {"teams", run["teams"]},
          {"impact", {{"hazard_points", r.impact.hazardPoints}, {"shelter_shortfall", r.impact.shortfall},
                      {"displaced", r.impact.displaced},
                      {"needs", {{"rice_kg", round2(n.riceKg)}, {"drinking_water_l", round2(n.drinkingWaterL)},
                                 {"clean_water_l", round2(n.cleanWaterL)}, {"family_kits", n.familyKits},
                                 {"toilets", n.toilets}}}}},
          {"improvements", improvements}};
}

std::string renderCsv(const AfterActionReport& r) {
  std::string out = "section,id,name,target_min,actual_min,rating\n";
  auto num = [](const std::optional<double>& v) { return v ? fixed1(*v) : std::string(); };
  for (const auto& o : r.objectives)
    out += "objective," + csvField(o.objective.id) + "," + csvField(o.objective.text) + "," +
           std::to_string(o.objective.minutes) + "," + num(o.actualMin) + "," + ratingLetter(o.rating) + "\n";
  for (const auto& a : r.run.acks)
    out += "committee_ack," + csvField(a.committee) + "," + csvField(a.name) + ",," +
           num(a.ackMin ? std::optional<double>(*a.ackMin - a.warnedMin) : std::nullopt) + ",\n";
  for (const auto& t : r.run.teams)
    out += "team_on_scene," + csvField(t.team) + "," + csvField(t.name) + ",," + num(t.onSceneMin) + ",\n";
  return out;
}

std::string renderHtml(const AfterActionReport& r, const std::optional<ReliefSupplyLines>& supply) {
  std::string h = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + escape(kExerciseMark + r.title) +
                  " 演练评估报告</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                  "td,th{border:1px solid #999;padding:4px 8px}.P{background:#cfc}.S{background:#ffc}.M{background:#fdb}"
                  ".U{background:#fbb}@media print{body{margin:0}}</style></head><body>";
  h += "<h1>" + escape(kExerciseMark + r.title) + " 演练评估报告</h1>";
  h += "<h2>一、演练概况</h2><p>演练编号：" + escape(r.drillId) + "；类型：" + escape(r.type) + "；方式：" +
       (r.mode == "live" ? "实战演练" : "模拟推演") + "；开始时间：" + formatBeijing(r.start);
  if (r.run.live) {
    const auto& l = *r.run.live;
    if (l.finishedAt) h += "；结束时间：" + formatBeijing(*l.finishedAt);
    h += "；演练控制：" + escape(l.controller);
    h += l.warningId.empty() ? std::string("；演练通知：片区在系统内确认")
                             : "；演练预警：" + escape(l.warningId) + "（CAP Exercise）";
    if (l.speed != 1) h += "；时间倍率：" + fixed1(l.speed);
  } else {
    h += "；随机种子：" + std::to_string(r.run.seed);
  }
  h += "</p>";
  h += "<h2>二、目标达成情况（P/S/M/U）</h2><table><tr><th>目标</th><th>内容</th><th>要求(分钟)</th><th>实际(分钟)</th><th>评定</th><th>依据</th></tr>";
  for (const auto& o : r.objectives) {
    std::string letter(1, ratingLetter(o.rating));
    h += "<tr><td>" + escape(o.objective.id) + "</td><td>" + escape(o.objective.text) + "</td><td>" +
         std::to_string(o.objective.minutes) + "</td><td>" + (o.actualMin ? fixed1(*o.actualMin) : "—") +
         "</td><td class=\"" + letter + "\">" + letter + "</td><td>" + escape(o.evidence) + "</td></tr>";
  }
  h += "</table><h2>三、片区管委会确认时间</h2><table><tr><th>代码</th><th>名称</th><th>确认用时(分钟)</th></tr>";
  for (const auto& a : r.run.acks)
    h += "<tr><td>" + escape(a.committee) + "</td><td>" + escape(a.name) + "</td><td>" +
         (a.ackMin ? fixed1(*a.ackMin - a.warnedMin) : "未确认") + "</td></tr>";
  h += "</table><h2>四、队伍响应时间线</h2>";
  double horizon = 10;
  for (const auto& t : r.run.teams) horizon = std::max(horizon, t.onSceneMin.value_or(0));
  const double width = 600, scale = width / horizon, row = 22;
  h += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fixed1(width + 200) + "\" height=\"" +
       fixed1(row * static_cast<double>(r.run.teams.size() + 1)) + "\">";
  for (size_t i = 0; i < r.run.teams.size(); ++i) {
    const auto& t = r.run.teams[i];
    double y = row * static_cast<double>(i);
    h += "<text x=\"0\" y=\"" + fixed1(y + 15) + "\" font-size=\"12\">" + escape(t.team) + "</text>";
    auto bar = [&](std::optional<double> from, std::optional<double> to, const char* colour) {
      if (!from || !to) return;
      h += "<rect x=\"" + fixed1(60 + *from * scale) + "\" y=\"" + fixed1(y + 4) + "\" width=\"" +
           fixed1(std::max(1.0, (*to - *from) * scale)) + "\" height=\"14\" fill=\"" + colour + "\"/>";
    };
    bar(t.dispatchedMin, t.notifiedMin, "#bbb");
    bar(t.notifiedMin, t.enRouteMin, "#f90");
    bar(t.enRouteMin, t.onSceneMin, "#39f");
  }
  h += "</svg><p>灰：调派→接报；橙：接报→出发；蓝：途中→到场。横轴：演练开始后分钟数（全长" + fixed1(horizon) + "分钟）。</p>";
  h += "<table><tr><th>队伍</th><th>名称</th><th>距离(km)</th><th>接报</th><th>出发</th><th>到场</th></tr>";
  auto cell = [](const std::optional<double>& v) { return v ? fixed1(*v) : std::string("—"); };
  for (const auto& t : r.run.teams)
    h += "<tr><td>" + escape(t.team) + "</td><td>" + escape(t.name) + "</td><td>" + fixed1(t.distanceKm) + "</td><td>" +
         cell(t.notifiedMin) + "</td><td>" + cell(t.enRouteMin) + "</td><td>" + cell(t.onSceneMin) + "</td></tr>";
  h += "</table><h2>五、影响评估要点</h2><p>受威胁隐患点：" + std::to_string(r.impact.hazardPoints.size()) +
       "处；需转移安置人口：" + std::to_string(r.impact.displaced) + "人；避难场所缺口：" +
       std::to_string(r.impact.shortfall) + "人；每周需大米" + fixed1(r.impact.needs.riceKg) + "千克、饮用水" +
       fixed1(r.impact.needs.drinkingWaterL) + "升。</p>";
  if (supply) {
    h += "<h3>救灾物资保障（" + std::to_string(supply->people) + "人，按" + std::to_string(supply->days) +
         "天计）</h3><ul class=\"relief-supply\">";
    for (const auto& sentence : supply->sentences) h += "<li>" + escape(sentence) + "</li>";
    h += "</ul>";
  }
  h += "<h2>六、改进计划</h2><table><tr><th>问题</th><th>整改措施</th><th>能力要素</th><th>责任单位</th><th>完成时限</th></tr>";
  for (const auto& i : r.improvements)
    h += "<tr><td>" + escape(i.issue) + "</td><td>" + escape(i.correctiveAction) + "</td><td>" + escape(i.capabilityElement) +
         "</td><td>" + escape(i.responsibleUnit) + "</td><td>" + escape(i.due) + "</td></tr>";
  h += "</table></body></html>";
  return h;
}

}  // namespace eoc::drills
