// The relay's upstream feeds: Atom / RSS documents through the hardened reader, entry links
// resolved against the feed URL, embedded alerts cut out, and each linked document's CAP check.
// Refusal is EocError; DTDs and entities must never be expanded; every URL handed on is http(s).
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "warnings/cap_feed.hpp"

namespace {
[[noreturn]] void broken(const std::string& what) {
  std::fprintf(stderr, "cap_feed invariant broken: %s\n", what.c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  // Small limits, so that the entry and size refusals are reached too.
  const warnings::CapFeedLimits limits{1 << 16, 8, 1 << 14};
  try {
    auto feed = warnings::parseCapFeed(input, "https://feeds.example.org/cap/rss.xml", limits);
    if (feed.entries.size() > limits.maxEntries) broken("more entries than the limit");
    for (const auto& entry : feed.entries) {
      if (entry.capUrl.empty() == entry.inlineCap.empty()) broken("an entry without exactly one of link and alert");
      std::string scheme = entry.capUrl.substr(0, 8);
      for (auto& c : scheme) c = char(std::tolower(static_cast<unsigned char>(c)));
      if (!entry.capUrl.empty() && scheme.rfind("http://", 0) != 0 && scheme.rfind("https://", 0) != 0)
        broken("a link that is not http(s): " + entry.capUrl);
      if (entry.inlineCap.size() > limits.maxCapBytes) broken("an embedded alert above the limit");
    }
  } catch (const EocError&) {
  }
  try {
    warnings::requireCapDocument(input, 1 << 14);
  } catch (const EocError&) {
  }
  return 0;
}
