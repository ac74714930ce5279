// POST /warnings and /warnings/{id}/update and /cancel bodies, through the same two steps as a
// request: the HTTP edge's parsers (syntax), then the warnings domain's validation (meaning).
// Whatever the bytes, each step either returns or throws EocError; anything else (another
// exception, a sanitizer report, a hang) is a bug.
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "http/json_body.hpp"
#include "http/warnings_requests.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  const Limits limits;
  nlohmann::json body;
  try {
    body = http::parseJsonBody(std::string(reinterpret_cast<const char*>(data), size), limits);
  } catch (const EocError&) {
    return 0;
  }
  try {
    auto request = http::parseDraftRequest(body, limits);
    warnings::validateDraft(request, fuzz::catalogue(), fuzz::district(), fuzz::fixedNow());
  } catch (const EocError&) {
  }
  try {
    http::parseUpdateRequest("w000001", body, limits);
  } catch (const EocError&) {
  }
  try {
    warnings::validateCancel(http::parseCancelRequest("w000001", body));
  } catch (const EocError&) {
  }
  return 0;
}
