#pragma once
// The acknowledgement link's phone page (/a/{token}): a small zh-CN HTML page, self-contained (no
// script, no external resource), laid out for a 390 px phone screen. The 确认收到 button is a form
// POST: a GET never acknowledges (chat apps fetch links to draw their previews).
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "service/broadcast_results.hpp"

namespace eoc::http {

// The page: the warning, then the button (or, once acknowledged, when and by whom).
std::string renderAckLinkPage(const service::AckLinkView& view, const std::string& requestId);
// The same page for a link that does not exist (404) or whose warning ended (410).
std::string renderAckLinkError(ErrorCode code, const std::string& detail);
// JSON for clients that did not ask for HTML.
nlohmann::json renderAckLinkJson(const service::AckLinkView& view);

}  // namespace eoc::http
