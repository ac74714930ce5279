#pragma once
// RAII around libxml2 documents and the one safe way eoc parses XML it did not write.
#include <memory>
#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace eoc::warnings::detail {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

// Parses untrusted bytes as UTF-8 XML: no network, no entity substitution, no DTD loading, and any
// document with a DOCTYPE or ENTITY declaration is refused outright (no XXE, no billion laughs).
// Throws EocError(PayloadTooLarge) above maxBytes, EocError(InvalidCap) on anything else wrong;
// `what` names the document in the messages ("CAP message", "feed").
XmlDoc parseUntrustedXml(std::string_view xml, size_t maxBytes, std::string_view what = "CAP message");

// Text content of an element (empty for null).
std::string textOf(const xmlNode* node);
bool isElement(const xmlNode* node, const char* localName);

}  // namespace eoc::warnings::detail
