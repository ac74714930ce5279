// Team position reports: the JSON body of POST /teams/{id}/position and the OsmAnd query that
// phone trackers send, then the plausibility checks a parsed fix goes through.
#include <httplib.h>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "teams/position.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const TimePoint now = fuzz::fixedNow();
  std::optional<teams::PositionFix> previous;
  if (auto body = fuzz::parseBody(text)) {
    try {
      previous = teams::parsePositionJson(*body, now);
      teams::checkFix(*previous, now, std::nullopt, 0.0);
      teams::toJson(*previous);
    } catch (const EocError&) {
    }
  }
  httplib::Params params;
  httplib::detail::parse_query_text(std::string(text), params);
  try {
    auto report = teams::parseOsmAndQuery(params, now);
    teams::checkFix(report.fix, now, previous, 100.0);
  } catch (const EocError&) {
  }
  return 0;
}
