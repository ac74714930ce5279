// The acknowledgement link (/a/{token}) every channel message carries, and the SMS delivery
// receipts Aliyun pushes. Both are public routes: the token or the configured key in the path is
// the whole credential, and each grants exactly one thing.
#include <nlohmann/json.hpp>

#include "broadcast/channels/sms_report.hpp"
#include "core/error.hpp"
#include "core/random_id.hpp"
#include "http/ack_link_render.hpp"
#include "http/server.hpp"
#include "service/broadcast_service.hpp"

namespace eoc::http {

namespace {

// A phone's browser asks for HTML; an API client (or a test) gets JSON and problem+json.
bool wantsHtml(const httplib::Request& req) {
  return req.get_header_value("Accept").find("text/html") != std::string::npos;
}

void answerPage(RequestContext& ctx, const std::function<service::AckLinkView()>& use) {
  // Nothing on this page may be cached or framed: it carries a live credential in its URL.
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.set_header("Referrer-Policy", "no-referrer");
  ctx.res.set_header("X-Frame-Options", "DENY");
  if (!wantsHtml(ctx.req)) {
    ctx.res.set_content(renderAckLinkJson(use()).dump(), "application/json");
    return;
  }
  try {
    ctx.res.set_content(renderAckLinkPage(use(), ctx.requestId), "text/html; charset=utf-8");
  } catch (const EocError& e) {
    if (e.code() != ErrorCode::NotFound && e.code() != ErrorCode::LinkExpired) throw;
    ctx.res.status = e.info().status;
    ctx.res.set_content(renderAckLinkError(e.code(), e.detail()), "text/html; charset=utf-8");
  }
}

}  // namespace

void addAckLinkRoutes(std::vector<Route>& routes, service::EocService& service) {
  routes.push_back({"GET",
                    "/a/{token}",
                    "Acknowledgement link of one warning for one recipient: a zh-CN phone page with a 确认收到 "
                    "button (HTML when asked for, else JSON). Never acknowledges by itself",
                    {},
                    {},
                    "text/html",
                    [&service](RequestContext& ctx) {
                      answerPage(ctx, [&] { return service.broadcast().ackLinkView(ctx.pathParam(0)); });
                    },
                    false,
                    {"application/json"},
                    true});

  routes.push_back({"POST",
                    "/a/{token}",
                    "Acknowledge through the link, exactly as POST /warnings/{id}/ack by that recipient "
                    "(idempotent; audited with via=link)",
                    {},
                    {},
                    "text/html",
                    [&service](RequestContext& ctx) {
                      answerPage(ctx, [&] { return service.broadcast().ackByLink(ctx.pathParam(0), ctx.requestId); });
                    },
                    false,
                    {"application/json"},
                    true});

  routes.push_back({"POST",
                    "/sms-report/{key}",
                    "Aliyun SMS delivery receipts (SmsReport push, a JSON array); the key is broadcast.sms_report_key",
                    {},
                    {},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      const auto& key = service.config().broadcast.smsReportKey;
                      if (key.empty() || !constantTimeEquals(key, ctx.pathParam(0)))
                        throw EocError(ErrorCode::NotFound, "no such resource");
                      std::vector<service::SmsReceiptInput> receipts;
                      for (const auto& r : broadcast::channels::parseSmsReport(ctx.req.body))
                        receipts.push_back({r.outId, r.success, r.errCode});
                      service.broadcast().recordSmsReceipts(receipts);
                      // Aliyun pushes again unless it reads this answer.
                      ctx.res.set_content(broadcast::channels::smsReportAnswer(), "application/json");
                    },
                    false,
                    {},
                    true});
}

}  // namespace eoc::http
