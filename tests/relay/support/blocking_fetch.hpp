#pragma once
// A fetch for tests only: one blocking GET with cpp-httplib, honouring the request's validators,
// byte limit and timeout. It stands in for the service's outbound HTTP client, which is what
// drives the relay in eoc itself.
#include "relay/fetch.hpp"

namespace eoc::relay::testing {

FetchResponse blockingFetch(const FetchRequest& request);

}  // namespace eoc::relay::testing
