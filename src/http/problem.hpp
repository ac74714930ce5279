#pragma once
// RFC 9457 problem details: the one shape of every error eoc answers.
#include <string>

#include <httplib.h>

#include "core/error.hpp"

namespace eoc::http {

inline constexpr const char* kProblemJson = "application/problem+json";

void writeProblem(httplib::Response& res, ErrorCode code, const std::string& detail, const std::string& instance,
                  const std::string& requestId = {});

}  // namespace eoc::http
