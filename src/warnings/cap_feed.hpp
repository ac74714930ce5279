#pragma once
// Upstream CAP feeds: an Atom (RFC 4287) or RSS 2.0 document whose entries link to a CAP message
// (a URL to fetch) or embed one (an <alert> of the CAP 1.2 namespace inside the entry). Read with
// the same hardened libxml2 parse as CAP ingest (xml_document.hpp): no DTD, no entities, no
// network, a byte limit, and here also a limit on the number of entries.
//
// Shapes seen upstream: eoc's own /cap/feed.atom (Atom, <link type="application/cap+xml">); the
// WMO mirror of CMA's alerts, cn-cma-xx/rss.xml (RSS 2.0, ~500 items, <link> to the CAP document,
// <guid> 52272741600000_20260804103516, CAP bodies around 90 KiB each).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace eoc::warnings {

struct CapFeedLimits {
  size_t maxFeedBytes = 4 << 20;  // the feed document
  size_t maxEntries = 1000;       // entries (Atom) or items (RSS) in one document
  size_t maxCapBytes = 1 << 20;   // one embedded or linked CAP message, as for /cap/ingest
};

enum class CapFeedKind { Atom, Rss };

struct CapFeedEntry {
  std::string id;         // Atom <id>; RSS <guid>, else <link>
  std::string updated;    // Atom <updated> (else <published>); RSS <pubDate>; as written, may be empty
  std::string capUrl;     // absolute http(s) URL of the linked CAP message; empty when embedded
  std::string inlineCap;  // the embedded <alert> as a standalone UTF-8 document; empty when linked
  // What identifies this version of the entry: a feed that edits an entry in place changes
  // <updated>, and the entry is then new again.
  std::string key() const { return id + "\n" + updated; }
};

struct CapFeed {
  CapFeedKind kind = CapFeedKind::Atom;
  std::vector<CapFeedEntry> entries;  // document order, entries without CAP left out
  std::vector<std::string> skipped;   // why each left-out entry was left out
};

// Parses a feed fetched from `feedUrl` (relative links resolve against it). Throws
// EocError(PayloadTooLarge) above limits.maxFeedBytes, EocError(InvalidCap) with a "feed: …"
// detail for anything unsafe or not a feed, or more than limits.maxEntries entries.
CapFeed parseCapFeed(std::string_view xml, std::string_view feedUrl, const CapFeedLimits& limits = {});

// Throws unless `xml` is safe XML whose root is <alert> in the CAP 1.2 namespace: the cheap
// check a linked document gets before it is handed to ingest (which validates it fully).
void requireCapDocument(std::string_view xml, size_t maxBytes);

// `reference` resolved against `base` (RFC 3986 §5.2, without dot-segment removal); empty
// unless the result is an http or https URL.
std::string resolveHttpUrl(std::string_view base, std::string_view reference);

}  // namespace eoc::warnings
