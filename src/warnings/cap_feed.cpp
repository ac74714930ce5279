#include "warnings/cap_feed.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "core/error.hpp"
#include "core/random_id.hpp"
#include "warnings/cap_message.hpp"
#include "warnings/xml_document.hpp"

namespace eoc::warnings {

using detail::textOf;

namespace {

constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";

std::string_view namespaceOf(const xmlNode* node) {
  return node && node->ns && node->ns->href ? reinterpret_cast<const char*>(node->ns->href) : "";
}

// An element named `localName` in namespace `ns` ("" = no namespace).
bool is(const xmlNode* node, const char* localName, std::string_view ns) {
  return detail::isElement(node, localName) && namespaceOf(node) == ns;
}

const xmlNode* child(const xmlNode* parent, const char* localName, std::string_view ns) {
  for (const xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (is(c, localName, ns)) return c;
  return nullptr;
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

std::string trimmed(std::string s) {
  const char* space = " \t\r\n";
  s.erase(0, s.find_first_not_of(space));
  s.erase(s.find_last_not_of(space) + 1);
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string childText(const xmlNode* parent, const char* localName, std::string_view ns) {
  return trimmed(textOf(child(parent, localName, ns)));
}

// The CAP <alert> an entry embeds: a child of the entry, or of its Atom <content>.
const xmlNode* embeddedAlert(const xmlNode* entry) {
  if (const xmlNode* alert = child(entry, "alert", kCapNamespace)) return alert;
  return child(child(entry, "content", kAtomNamespace), "alert", kCapNamespace);
}

// The alert as a document of its own, with the namespace declarations it inherited.
std::string standalone(const xmlNode* alert) {
  detail::XmlDoc doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  if (!doc) throw EocError(ErrorCode::Internal, "libxml2 could not allocate a document");
  xmlNode* copy = xmlDocCopyNode(const_cast<xmlNode*>(alert), doc.get(), 1);
  if (!copy) throw EocError(ErrorCode::Internal, "libxml2 could not copy an embedded alert");
  xmlDocSetRootElement(doc.get(), copy);
  xmlReconciliateNs(doc.get(), copy);
  xmlChar* buf = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc.get(), &buf, &size, "UTF-8");
  std::string out(reinterpret_cast<const char*>(buf), size_t(size > 0 ? size : 0));
  xmlFree(buf);
  return out;
}

// The link of an Atom entry that most likely is its CAP message: typed CAP first, then an
// enclosure, then the alternate (RFC 4287 §4.2.7.2: a link without rel is "alternate").
std::string atomCapLink(const xmlNode* entry) {
  std::string typed, enclosure, alternate;
  for (const xmlNode* c = entry->children; c; c = c->next) {
    if (!is(c, "link", kAtomNamespace)) continue;
    const std::string href = trimmed(attribute(c, "href")), rel = lower(trimmed(attribute(c, "rel")));
    const std::string type = lower(attribute(c, "type"));
    if (href.empty()) continue;
    if (type.find("cap") != std::string::npos && typed.empty()) typed = href;
    if (rel == "enclosure" && enclosure.empty()) enclosure = href;
    if ((rel.empty() || rel == "alternate") && alternate.empty()) alternate = href;
  }
  return !typed.empty() ? typed : !enclosure.empty() ? enclosure : alternate;
}

// RSS 2.0: an <enclosure> typed as CAP, else the item's <link>, else any enclosure.
std::string rssCapLink(const xmlNode* item) {
  std::string enclosure;
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (!is(c, "enclosure", "")) continue;
    const std::string url = trimmed(attribute(c, "url"));
    if (url.empty()) continue;
    if (lower(attribute(c, "type")).find("cap") != std::string::npos) return url;
    if (enclosure.empty()) enclosure = url;
  }
  std::string link = childText(item, "link", "");
  return !link.empty() ? link : enclosure;
}

}  // namespace

std::string resolveHttpUrl(std::string_view base, std::string_view reference) {
  std::string ref = trimmed(std::string(reference));
  if (ref.empty() || ref.front() == '#') return {};
  for (char c : ref)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return {};
  auto schemeOf = [](std::string_view url) -> std::string {
    const auto colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    for (size_t i = 0; i < colon; ++i) {
      const char c = url[i];
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
    }
    if (!std::isalpha(static_cast<unsigned char>(url[0]))) return {};
    return lower(std::string(url.substr(0, colon)));
  };
  // An http(s) URL has an authority with a host: "https:/x" or "https:///x" names no server to ask.
  auto withHost = [](std::string url, size_t schemeSize) -> std::string {
    if (url.compare(schemeSize, 3, "://") != 0) return {};
    const size_t host = schemeSize + 3;
    if (host >= url.size() || url[host] == '/' || url[host] == '?' || url[host] == '#') return {};
    return url;
  };
  const std::string refScheme = schemeOf(ref);
  if (!refScheme.empty())
    return refScheme == "http" || refScheme == "https" ? withHost(ref, refScheme.size()) : std::string();

  const std::string baseScheme = schemeOf(base);
  if ((baseScheme != "http" && baseScheme != "https") || base.substr(baseScheme.size(), 3) != "://") return {};
  const size_t authorityStart = baseScheme.size() + 3;
  const size_t pathStart = std::min(base.find_first_of("/?#", authorityStart), base.size());
  const std::string origin(base.substr(0, pathStart));
  std::string path(base.substr(pathStart, base.find_first_of("?#", pathStart) - pathStart));
  if (path.empty()) path.push_back('/');
  if (ref.starts_with("//")) return withHost(baseScheme + ":" + ref, baseScheme.size());
  if (ref.front() == '/') return origin + ref;
  if (ref.front() == '?') return origin + path + ref;
  return origin + path.substr(0, path.rfind('/') + 1) + ref;
}

CapFeed parseCapFeed(std::string_view xml, std::string_view feedUrl, const CapFeedLimits& limits) {
  auto doc = detail::parseUntrustedXml(xml, limits.maxFeedBytes, "feed");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  CapFeed feed;
  const xmlNode* container = nullptr;  // holds the entries
  const char* entryName = nullptr;
  std::string_view ns;
  if (is(root, "feed", kAtomNamespace)) {
    feed.kind = CapFeedKind::Atom, container = root, entryName = "entry", ns = kAtomNamespace;
  } else if (is(root, "rss", "")) {
    feed.kind = CapFeedKind::Rss, container = child(root, "channel", ""), entryName = "item", ns = "";
    if (!container) throw EocError(ErrorCode::InvalidCap, "feed: an RSS document without <channel>");
  } else {
    throw EocError(ErrorCode::InvalidCap,
                   std::string("feed: the root element must be an Atom <feed> or RSS <rss>, got <") +
                       (root ? reinterpret_cast<const char*>(root->name) : "") + "> in '" +
                       std::string(namespaceOf(root)) + "'");
  }

  size_t count = 0;
  for (const xmlNode* c = container->children; c; c = c->next)
    if (is(c, entryName, ns) && ++count > limits.maxEntries)
      throw EocError(ErrorCode::InvalidCap,
                     "feed: more than " + std::to_string(limits.maxEntries) + " " + entryName + " elements");

  for (const xmlNode* c = container->children; c; c = c->next) {
    if (!is(c, entryName, ns)) continue;
    CapFeedEntry entry;
    std::string link;
    if (feed.kind == CapFeedKind::Atom) {
      entry.id = childText(c, "id", ns);
      entry.updated = childText(c, "updated", ns);
      if (entry.updated.empty()) entry.updated = childText(c, "published", ns);
      link = atomCapLink(c);
    } else {
      entry.id = childText(c, "guid", "");
      entry.updated = childText(c, "pubDate", "");
      link = rssCapLink(c);
      if (entry.id.empty()) entry.id = link;
    }
    std::string name = entry.id;
    if (name.empty()) {  // appended, not "literal" + temporary (GCC 12 false -Wrestrict)
      name.push_back('#');
      name += std::to_string(feed.entries.size() + feed.skipped.size() + 1);
    }
    if (const xmlNode* alert = embeddedAlert(c)) {
      entry.inlineCap = standalone(alert);
      if (entry.inlineCap.size() > limits.maxCapBytes) {
        feed.skipped.push_back("entry " + name + ": embedded alert of " + std::to_string(entry.inlineCap.size()) +
                               " bytes, more than " + std::to_string(limits.maxCapBytes));
        continue;
      }
      if (entry.id.empty()) entry.id = "sha256:" + sha256Hex(entry.inlineCap);
    } else if (!link.empty()) {
      entry.capUrl = resolveHttpUrl(feedUrl, link);
      if (entry.capUrl.empty()) {
        feed.skipped.push_back("entry " + name + ": link '" + link + "' is not an http(s) URL");
        continue;
      }
      if (entry.id.empty()) entry.id = entry.capUrl;
    } else {
      feed.skipped.push_back("entry " + name + ": neither links to nor embeds a CAP alert");
      continue;
    }
    feed.entries.push_back(std::move(entry));
  }
  return feed;
}

void requireCapDocument(std::string_view xml, size_t maxBytes) {
  auto doc = detail::parseUntrustedXml(xml, maxBytes, "linked CAP document");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is(root, "alert", kCapNamespace))
    throw EocError(ErrorCode::InvalidCap, std::string("linked document is not CAP: its root is <") +
                                              (root ? reinterpret_cast<const char*>(root->name) : "") + "> in '" +
                                              std::string(namespaceOf(root)) + "'");
}

}  // namespace eoc::warnings
