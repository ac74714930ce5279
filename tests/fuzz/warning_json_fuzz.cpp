// POST /warnings and /warnings/{id}/update and /cancel bodies: whatever the bytes, the parsers
// either return a request or throw EocError; anything else (another exception, a sanitizer
// report, a hang) is a bug.
#include "core/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  auto body = fuzz::parseBody({reinterpret_cast<const char*>(data), size});
  if (!body) return 0;
  try {
    warnings::parseWarningRequest(*body, fuzz::catalogue(), fuzz::district(), Limits{}, fuzz::fixedNow());
  } catch (const EocError&) {
  }
  try {
    warnings::parseCancelRequest(*body);
  } catch (const EocError&) {
  }
  return 0;
}
