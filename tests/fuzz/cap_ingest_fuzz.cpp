// POST /cap/ingest: upstream CAP XML through the hardened reader, the schema, the profile rules
// and the catalogue mapping. Refusal is EocError; DTDs and entities must never be expanded.
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "warnings/cap_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  try {
    warnings::readIngestCap({reinterpret_cast<const char*>(data), size}, fuzz::catalogue());
  } catch (const EocError&) {
  }
  return 0;
}
