#pragma once
// A CAP 1.2 alert as plain data, in the schema's element order. Times, polygons and
// references are kept exactly as written in the XML, so that what is validated is what is sent.
#include <string>
#include <vector>

namespace eoc::warnings {

inline constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

struct CapValue {
  std::string valueName;
  std::string value;
};

struct CapArea {
  std::string areaDesc;
  std::vector<std::string> polygons;  // "lat,lon lat,lon …" closed, ≥ 4 pairs
  std::vector<std::string> circles;   // "lat,lon radius_km"
  std::vector<CapValue> geocodes;
};

struct CapInfo {
  std::string language;
  std::vector<std::string> categories;
  std::string event;
  std::vector<std::string> responseTypes;
  std::string urgency, severity, certainty;
  std::vector<CapValue> eventCodes;
  std::string effective, onset, expires;  // empty = absent
  std::string senderName, headline, description, instruction;
  std::vector<CapValue> parameters;
  std::vector<CapArea> areas;
};

struct CapAlert {
  std::string identifier, sender, sent, status, msgType, source, scope;
  std::vector<std::string> codes;
  std::string note;
  std::vector<std::string> references;  // "sender,identifier,sent" each
  std::vector<CapInfo> infos;
};

}  // namespace eoc::warnings
