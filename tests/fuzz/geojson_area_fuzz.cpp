// The GeoJSON Polygon of a warning's area, both steps: the edge's shape and vertex limit
// (http::parseAreaPolygon), then the domain's rings, closure, validity and "inside the district"
// (warnings::validateAreaPolygon). Small limits so the fuzzer reaches the vertex-limit branch
// with short inputs.
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "http/warnings_requests.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  auto body = fuzz::parseBody({reinterpret_cast<const char*>(data), size});
  if (!body) return 0;
  Limits limits;
  limits.maxPolygonVertices = 64;
  try {
    warnings::validateAreaPolygon(http::parseAreaPolygon(*body, limits), fuzz::district());
  } catch (const EocError&) {
  }
  return 0;
}
