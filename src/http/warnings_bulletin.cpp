// The 预警信息发布单 (warning release form) of one warning as a standalone printable page: the
// record the office files and signs for each warning it releases — signal, level and grade, area,
// times, the texts as sent, who drafted and who approved, and every CAP message with its
// identifier. Exercise warnings say 【演练】 first, in the title and on the form.
#include <string>

#include "http/warnings_render.hpp"

namespace eoc::http {

namespace w = eoc::warnings;

namespace {

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string row(const std::string& label, const std::string& html) {
  return "<tr><th scope=\"row\">" + label + "</th><td>" + html + "</td></tr>";
}

std::string stateWords(w::WarningState state) {
  switch (state) {
    case w::WarningState::Draft: return "草稿（待审批签发）";
    case w::WarningState::Issued: return "已发布";
    case w::WarningState::Updated: return "已更新";
    case w::WarningState::Cancelled: return "已解除";
    case w::WarningState::Expired: return "已到期";
  }
  return "";
}

std::string msgTypeWords(w::MsgType type) {
  switch (type) {
    case w::MsgType::Alert: return "发布";
    case w::MsgType::Update: return "更新";
    case w::MsgType::Cancel: return "解除";
  }
  return "";
}

}  // namespace

std::string renderBulletinHtml(const service::WarningBulletin& b) {
  const auto& warning = b.view.warning;
  const auto& texts = b.view.texts;
  const bool drill = warning.status != w::WarningStatus::Actual;
  const std::string mark = drill ? "【演练】" : "";
  const std::string signal = (b.type ? b.type->zh : warning.type) + (b.level ? b.level->zh : warning.level) + "预警信号";
  const std::string title = mark + signal + " 预警信息发布单";

  std::string h = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + escape(title) +
                  "</title><style>"
                  "body{font-family:sans-serif;margin:2em;color:#000}h1{font-size:1.5em;text-align:center}"
                  "table{border-collapse:collapse;width:100%;margin:0 0 1em}th,td{border:1px solid #555;padding:6px 8px;"
                  "text-align:left;vertical-align:top}th{width:9em;background:#eee}.drill{color:#b00;font-weight:bold}"
                  ".signatures td{height:3em}"
                  "@page{size:A4;margin:15mm}@media print{body{margin:0}.no-print{display:none}}"
                  "</style></head><body>";
  h += "<h1 data-testid=\"bulletin-title\">" + (drill ? "<span class=\"drill\">【演练】</span>" : std::string()) +
       escape(signal) + " 预警信息发布单</h1>";
  h += "<p class=\"no-print\"><button type=\"button\" onclick=\"window.print()\">打印</button></p>";
  h += "<table class=\"bulletin\">";
  h += row("预警编号", escape(warning.id));
  h += row("信号", escape(signal) + (b.type ? "（" + escape(b.type->code) + "）" : std::string()));
  if (b.level)
    h += row("级别", escape(b.level->zh) + "（" + escape(b.level->grade) + " " + escape(b.level->gradeWords) + "）");
  h += row("信息类别", drill ? "<span class=\"drill\">演练（CAP " + escape(std::string(w::statusName(warning.status))) +
                                     "）</span>"
                             : std::string("实战（CAP Actual）"));
  h += row("状态", escape(stateWords(warning.state)));
  std::string area;
  for (size_t i = 0; i < b.committeeNames.size(); ++i) area += (i ? "、" : "") + escape(b.committeeNames[i]);
  if (warning.area.polygon) area += area.empty() ? "绘制区域" : "；及绘制区域";
  h += row("预警区域", area.empty() ? "—" : area + "（" + std::to_string(warning.area.committees.size()) + " 个片区管委会）");
  h += row("起草时间", escape(formatBeijing(warning.createdAt)));
  if (!warning.messages.empty()) h += row("发布时间", escape(formatBeijing(warning.messages.front().sent)));
  h += row("生效时间", escape(formatBeijing(warning.onset)));
  h += row("失效时间", escape(formatBeijing(warning.expires)));
  if (auto ended = warning.endedAt()) h += row("结束时间", escape(formatBeijing(*ended)));
  h += row("标题", escape(texts.headline));
  h += row("预警内容", escape(texts.signal));
  if (!texts.guidance.empty()) h += row("防御指南", escape(texts.guidance));
  h += row("短信文本", escape(texts.sms));
  if (warning.source) h += row("上游来源", escape(*warning.source));
  h += "</table>";

  h += "<h2>CAP 消息</h2><table><tr><th>类型</th><th>CAP 标识符</th><th>发送时间</th><th>级别</th><th>签发人</th></tr>";
  if (warning.messages.empty()) h += "<tr><td colspan=\"5\">尚未发布</td></tr>";
  for (const auto& m : warning.messages)
    h += "<tr><td>" + escape(msgTypeWords(m.msgType)) + "</td><td data-testid=\"cap-identifier\">" +
         escape(m.identifier) + "</td><td>" + escape(formatBeijing(m.sent)) + "</td><td>" + escape(m.level) +
         "</td><td>" + escape(m.actor) + "</td></tr>";
  h += "</table><p>发送方（CAP sender）：" + escape(b.sender) + "</p>";

  h += "<h2>审批</h2><table class=\"signatures\">";
  h += row("起草人", escape(warning.author));
  h += row("审批签发人", warning.approver.empty() ? std::string("（待审批）") : escape(warning.approver));
  h += row("签字", "");
  h += "</table><p>打印时间：" + escape(formatBeijing(b.printedAt)) + "</p></body></html>";
  return h;
}

}  // namespace eoc::http
