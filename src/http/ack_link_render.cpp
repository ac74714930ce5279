#include "http/ack_link_render.hpp"

namespace eoc::http {

namespace {

std::string escapeHtml(const std::string& text) {
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

// The level's colour (GB/T 27962 signal colours) for the page's band.
const char* levelColour(const std::string& level) {
  if (level == "red") return "#d32f2f";
  if (level == "orange") return "#ef6c00";
  if (level == "yellow") return "#f9a825";
  if (level == "blue") return "#1565c0";
  return "#455a64";
}

std::string page(const std::string& title, const std::string& colour, const std::string& body) {
  return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"robots\" content=\"noindex\"><title>" +
         escapeHtml(title) +
         "</title><style>"
         "body{margin:0;font-family:system-ui,'PingFang SC','Noto Sans CJK SC',sans-serif;background:#f5f5f5;color:#212121}"
         "header{background:" +
         colour +
         ";color:#fff;padding:16px}header h1{font-size:20px;margin:0;line-height:1.4}"
         "main{padding:16px;max-width:480px;margin:0 auto}p{line-height:1.6;margin:0 0 12px}"
         ".meta{color:#616161;font-size:14px}.drill{background:#6a1b9a;color:#fff;padding:4px 8px;display:inline-block;"
         "margin-bottom:8px}button{width:100%;font-size:20px;padding:16px;border:0;border-radius:8px;background:#2e7d32;"
         "color:#fff}.done{background:#e8f5e9;border:1px solid #2e7d32;padding:12px;border-radius:8px;font-size:18px}"
         "</style></head><body>" +
         body + "</body></html>";
}

}  // namespace

std::string renderAckLinkPage(const service::AckLinkView& v, const std::string&) {
  std::string body = "<header><h1>" + escapeHtml(v.headline.empty() ? "预警信息" : v.headline) + "</h1></header><main>";
  if (v.drill()) body += "<div class=\"drill\">【演练】本信息为演练，非真实预警</div>";
  if (v.msgType == "Cancel") body += "<p><strong>本预警已解除。</strong></p>";
  if (!v.signalText.empty()) body += "<p>" + escapeHtml(v.signalText) + "</p>";
  if (!v.guidance.empty()) body += "<p>" + escapeHtml(v.guidance) + "</p>";
  body += "<p class=\"meta\">发布：" + escapeHtml(formatBeijing(v.sent)) + "<br>有效至：" +
          escapeHtml(formatBeijing(v.expires)) + "<br>接收单位：" +
          escapeHtml(v.recipientName.empty() ? v.recipient : v.recipientName) + "</p>";
  if (v.ackedAt) {
    body += "<p class=\"done\" id=\"acked\">已确认收到（" + escapeHtml(formatBeijing(*v.ackedAt)) + "）</p>";
  } else {
    // A plain form: works in every in-app browser, with or without script.
    body += "<form method=\"post\"><button type=\"submit\" id=\"ack\">确认收到</button></form>";
  }
  body += "</main>";
  return page(v.headline.empty() ? "预警信息" : v.headline, levelColour(v.level), body);
}

std::string renderAckLinkError(ErrorCode code, const std::string& detail) {
  const bool expired = code == ErrorCode::LinkExpired;
  std::string body = std::string("<header><h1>") + (expired ? "链接已过期" : "链接无效") + "</h1></header><main><p>" +
                     (expired ? "该预警已结束，无需再确认。" : "未找到这条确认链接，请核对短信或群消息中的链接。") +
                     "</p><p class=\"meta\">" + escapeHtml(detail) + "</p></main>";
  return page(expired ? "链接已过期" : "链接无效", "#455a64", body);
}

nlohmann::json renderAckLinkJson(const service::AckLinkView& v) {
  return {{"warning_id", v.warningId},
          {"recipient", v.recipient},
          {"name", v.recipientName},
          {"status", v.status},
          {"msg_type", v.msgType},
          {"level", v.level},
          {"headline", v.headline},
          {"sent", formatBeijing(v.sent)},
          {"expires", formatBeijing(v.expires)},
          {"acked_at", v.ackedAt ? nlohmann::json(formatBeijing(*v.ackedAt)) : nlohmann::json(nullptr)},
          {"acked_by", v.ackedBy},
          {"duplicate", v.duplicate}};
}

}  // namespace eoc::http
