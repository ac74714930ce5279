#include "warnings/xml_document.hpp"

#include <cstring>
#include <limits>

#include <libxml/parser.h>

#include "core/error.hpp"

namespace eoc::warnings::detail {

namespace {
struct ParserCtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
}  // namespace

XmlDoc parseUntrustedXml(std::string_view xml, size_t maxBytes, std::string_view what) {
  const std::string name(what);
  if (xml.size() > maxBytes)
    throw EocError(ErrorCode::PayloadTooLarge, name + " is " + std::to_string(xml.size()) +
                                                   " bytes, more than the limit of " + std::to_string(maxBytes));
  if (xml.empty()) throw EocError(ErrorCode::InvalidCap, name + " is empty");
  // The DOCTYPE scan below reads bytes, so only UTF-8 (no NULs, which UTF-16/32 would have).
  if (xml.find('\0') != std::string_view::npos)
    throw EocError(ErrorCode::InvalidCap, name + " contains NUL bytes; only UTF-8 is accepted");
  if (xml.find("<!DOCTYPE") != std::string_view::npos || xml.find("<!ENTITY") != std::string_view::npos)
    throw EocError(ErrorCode::InvalidCap, name + " has a DOCTYPE/DTD; DTDs and entities are refused");
  if (xml.size() > size_t(std::numeric_limits<int>::max())) throw EocError(ErrorCode::PayloadTooLarge, "too large");

  std::unique_ptr<xmlParserCtxt, ParserCtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) throw EocError(ErrorCode::Internal, "libxml2 could not allocate a parser");
  // Forcing UTF-8 ignores any encoding declaration that could smuggle a DOCTYPE past the scan.
  XmlDoc doc(xmlCtxtReadMemory(ctxt.get(), xml.data(), int(xml.size()), "cap.xml", "UTF-8",
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) {
    const xmlError* err = xmlCtxtGetLastError(ctxt.get());
    std::string msg = err && err->message ? err->message : "unknown error";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw EocError(ErrorCode::InvalidCap,
                   name + " is not well-formed XML (line " + std::to_string(err ? err->line : 0) + "): " + msg);
  }
  if (doc->intSubset || doc->extSubset)
    throw EocError(ErrorCode::InvalidCap, name + " has a DOCTYPE/DTD; DTDs and entities are refused");
  return doc;
}

std::string textOf(const xmlNode* node) {
  if (!node) return {};
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return out;
}

bool isElement(const xmlNode* node, const char* localName) {
  return node && node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), localName) == 0;
}

}  // namespace eoc::warnings::detail
