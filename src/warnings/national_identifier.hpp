#pragma once
// The national warning identifier of GB/T 35965.1-2018 (annex A, as quoted by provincial
// profiles of it): ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N, 31 characters —
//   ZZZZZZ          6-digit GB/T 2260 area code of the issuing unit
//   DDD             3-digit organisation code (GB/T 4657; 416 is the meteorological service)
//   UUU, XX         unit-internal code ("000") and extension ("00")
//   YYYYMMDDhhmmss  when the warning was entered, Beijing time
//   N               sequence of that unit in that second, one digit 0–9, counted from 0.
// Feeds seen in practice (CMA's CAP, e.g. 13013241600000_20260826160913) leave out "_N"; such an
// identifier is still recognised, with no sequence.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace eoc::warnings {

struct NationalIdentifier {
  std::string areaCode;         // ZZZZZZ
  std::string department;       // DDD
  std::string unit;             // UUU
  std::string extension;        // XX
  TimePoint recordedAt;         // YYYYMMDDhhmmss read as Beijing time
  std::optional<int> sequence;  // N; absent in the short form
  std::string unitCode() const { return areaCode + department + unit + extension; }
};

// nullopt unless `identifier` is the national form (with or without "_N") with a real date.
std::optional<NationalIdentifier> parseNationalIdentifier(std::string_view identifier);
// The full 31-character form, "_N" included: what eoc itself must send.
bool isStrictNationalIdentifier(std::string_view identifier);

// An upstream CAP message a relay warning came from: its "sender,identifier,sent" triple, with
// the identifier read as a national identifier when it is one.
struct UpstreamReference {
  std::string sender, identifier, sent;
  std::optional<NationalIdentifier> national;
};
// nullopt when `triple` is not "sender,identifier,sent".
std::optional<UpstreamReference> parseUpstreamReference(std::string_view triple);
// {"sender", "identifier", "sent", "national": null | {"area_code", "unit_code", "department",
//  "recorded_at", "sequence" (null in the short form)}}
nlohmann::json toJson(const UpstreamReference& reference);

}  // namespace eoc::warnings
