#include "core/error.hpp"

namespace eoc {

namespace {
const std::vector<ErrorInfo> kCatalogue = {
    {ErrorCode::InvalidParameter, "InvalidParameter", 400, "A query parameter is invalid"},
    {ErrorCode::InvalidBbox, "InvalidBbox", 400, "The bbox parameter is invalid"},
    {ErrorCode::InvalidCoordinate, "InvalidCoordinate", 400, "A coordinate is invalid"},
    {ErrorCode::InvalidLimit, "InvalidLimit", 400, "The limit or offset parameter is invalid"},
    {ErrorCode::InvalidJson, "InvalidJson", 400, "The request body is not valid JSON"},
    {ErrorCode::InvalidBody, "InvalidBody", 400, "The request body is missing a field or has a wrong value"},
    {ErrorCode::InvalidGeometry, "InvalidGeometry", 400, "A geometry is invalid"},
    {ErrorCode::InvalidTime, "InvalidTime", 400, "A time is invalid"},
    {ErrorCode::UnknownProperty, "UnknownProperty", 400, "The request names a property or field eoc does not know"},
    {ErrorCode::UnknownHazard, "UnknownHazard", 400, "Unknown hazard or signal type"},
    {ErrorCode::UnknownLevel, "UnknownLevel", 400, "Unknown or unavailable level"},
    {ErrorCode::UnknownCommittee, "UnknownCommittee", 400, "Unknown district committee"},
    {ErrorCode::OutsideDistrict, "OutsideDistrict", 400, "The location is outside the district"},
    {ErrorCode::InvalidCap, "InvalidCap", 400, "The CAP message is invalid"},
    {ErrorCode::InvalidFilter, "InvalidFilter", 400, "The filter expression is invalid"},
    {ErrorCode::InvalidCrs, "InvalidCrs", 400, "The coordinate reference system is not supported"},
    {ErrorCode::Unauthorized, "Unauthorized", 401, "A valid bearer token is required"},
    {ErrorCode::Forbidden, "Forbidden", 403, "The token's role may not do this"},
    {ErrorCode::SelfApproval, "SelfApproval", 403, "The author of a warning cannot approve it"},
    {ErrorCode::NotFound, "NotFound", 404, "Not found"},
    {ErrorCode::UnknownCollection, "UnknownCollection", 404, "Unknown collection"},
    {ErrorCode::UnknownFeature, "UnknownFeature", 404, "Unknown feature"},
    {ErrorCode::Conflict, "Conflict", 409, "The request conflicts with the current state"},
    {ErrorCode::InvalidTransition, "InvalidTransition", 409, "This state change is not allowed"},
    {ErrorCode::ExerciseCannotBecomeActual, "ExerciseCannotBecomeActual", 409,
     "An exercise or test message can never become an actual one"},
    {ErrorCode::InsufficientStock, "InsufficientStock", 409, "Not enough stock at that warehouse for this movement"},
    {ErrorCode::LinkExpired, "LinkExpired", 410, "The link has expired"},
    {ErrorCode::PayloadTooLarge, "PayloadTooLarge", 413, "The request is too large"},
    {ErrorCode::UriTooLong, "UriTooLong", 414, "The request URI is too long"},
    {ErrorCode::TooManyRequests, "TooManyRequests", 429, "Too many requests"},
    {ErrorCode::AcksNotEnabled, "AcksNotEnabled", 501, "CAP acknowledgements are not enabled on this eoc"},
    {ErrorCode::StorageFull, "StorageFull", 507, "The data store is out of space; nothing was written"},
    {ErrorCode::StorageError, "StorageError", 500, "The data store failed; nothing was written"},
    {ErrorCode::StorageUnavailable, "StorageUnavailable", 503,
     "The data store cannot be reached or is busy; nothing was written, retry later"},
    {ErrorCode::NotReady, "NotReady", 503, "The service is still starting"},
    {ErrorCode::Internal, "Internal", 500, "Internal error"},
};
}  // namespace

const std::vector<ErrorInfo>& errorCatalogue() { return kCatalogue; }

const ErrorInfo& errorInfo(ErrorCode code) {
  for (const auto& info : kCatalogue)
    if (info.code == code) return info;
  return kCatalogue.back();
}

EocError::EocError(ErrorCode code, std::string detail)
    : std::runtime_error(std::string(errorInfo(code).name) + ": " + detail), code_(code), detail_(std::move(detail)) {}

}  // namespace eoc
