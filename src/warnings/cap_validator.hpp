#pragma once
// CAP 1.2 validation: the official OASIS schema (compiled into the library, never read from disk)
// plus the eoc profile rules the schema cannot express (docs/design.md, "Warnings": CAP profile).
#include <string>
#include <string_view>
#include <vector>

#include "warnings/cap_message.hpp"

namespace eoc::warnings {

struct CapProfile {
  // eoc's own messages use +08:00 only; ingest accepts any numeric offset (never Z, never ',').
  bool requireBeijingOffset = true;
  size_t maxBytes = 1 << 20;
};

// Every violation, schema first then rules; empty = valid. Throws EocError(InvalidCap /
// PayloadTooLarge) only when the bytes are not even safe, well-formed XML.
std::vector<std::string> validateCapXml(std::string_view xml, const CapProfile& profile = {});

// The profile rules alone, on an alert already in memory.
std::vector<std::string> checkCapRules(const CapAlert& alert, const CapProfile& profile = {});

// Safe parse + schema + rules; throws EocError(InvalidCap) listing every violation.
CapAlert parseCapXml(std::string_view xml, const CapProfile& profile = {});

}  // namespace eoc::warnings
