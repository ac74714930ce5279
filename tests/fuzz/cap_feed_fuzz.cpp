// The relay's upstream feeds: Atom / RSS documents through the hardened reader, entry links
// resolved against the feed URL, embedded alerts cut out, and each linked document's CAP check.
// Refusal is EocError; DTDs and entities must never be expanded; every URL handed on is http(s).
#include <cstdlib>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "warnings/cap_feed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  // Small limits, so that the entry and size refusals are reached too.
  const warnings::CapFeedLimits limits{1 << 16, 8, 1 << 14};
  try {
    auto feed = warnings::parseCapFeed(input, "https://feeds.example.org/cap/rss.xml", limits);
    if (feed.entries.size() > limits.maxEntries) std::abort();
    for (const auto& entry : feed.entries) {
      if (entry.capUrl.empty() == entry.inlineCap.empty()) std::abort();  // exactly one of them
      if (!entry.capUrl.empty() && entry.capUrl.rfind("http://", 0) != 0 && entry.capUrl.rfind("https://", 0) != 0)
        std::abort();
      if (entry.inlineCap.size() > limits.maxCapBytes) std::abort();
    }
  } catch (const EocError&) {
  }
  try {
    warnings::requireCapDocument(input, 1 << 14);
  } catch (const EocError&) {
  }
  return 0;
}
