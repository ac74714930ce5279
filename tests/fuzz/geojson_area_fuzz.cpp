// The GeoJSON Polygon of a warning's area: rings, closure, vertex limit, validity, inside the
// district. Small limits so the fuzzer reaches the vertex-limit branch with short inputs.
#include "core/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  auto body = fuzz::parseBody({reinterpret_cast<const char*>(data), size});
  if (!body) return 0;
  Limits limits;
  limits.maxPolygonVertices = 64;
  try {
    warnings::parseAreaPolygon(*body, fuzz::district(), limits);
  } catch (const EocError&) {
  }
  return 0;
}
