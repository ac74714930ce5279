#pragma once
// The one error catalogue of eoc: stable code -> HTTP status -> title.
// Domain code throws EocError; the HTTP edge renders it once as application/problem+json.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace eoc {

enum class ErrorCode {
  // 400 — the request is malformed or meaningless
  InvalidParameter,
  InvalidBbox,
  InvalidCoordinate,
  InvalidLimit,
  InvalidJson,
  InvalidBody,
  InvalidGeometry,
  InvalidTime,
  UnknownProperty,
  UnknownHazard,
  UnknownLevel,
  UnknownCommittee,
  OutsideDistrict,
  InvalidCap,
  InvalidFilter,
  InvalidCrs,
  // 401 / 403
  Unauthorized,
  Forbidden,
  SelfApproval,
  // 404
  NotFound,
  UnknownCollection,
  UnknownFeature,
  // 409 — valid request, wrong state
  Conflict,
  InvalidTransition,
  ExerciseCannotBecomeActual,
  InsufficientStock,
  // 410
  LinkExpired,
  // 413 / 414 / 429
  PayloadTooLarge,
  UriTooLong,
  TooManyRequests,
  // 5xx
  AcksNotEnabled,
  StorageFull,
  StorageError,
  StorageUnavailable,
  NotReady,
  Internal,
};

struct ErrorInfo {
  ErrorCode code;
  std::string_view name;   // stable machine code, e.g. "InvalidBbox"
  int status;              // HTTP status
  std::string_view title;  // short human summary, constant per code
};

const ErrorInfo& errorInfo(ErrorCode code);
const std::vector<ErrorInfo>& errorCatalogue();

// The one exception type of the domain. `detail` says exactly what is wrong ("bbox: minimum
// longitude 88.1 is greater than maximum 87.3"), `pointer` optionally names the field.
class EocError : public std::runtime_error {
 public:
  EocError(ErrorCode code, std::string detail);
  ErrorCode code() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }
  const ErrorInfo& info() const { return errorInfo(code_); }

 private:
  ErrorCode code_;
  std::string detail_;
};

}  // namespace eoc
