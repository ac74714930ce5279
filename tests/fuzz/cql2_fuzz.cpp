// CQL2 filters as clients send them: the text and the JSON parser on the same bytes, then, for
// whatever parses, binding to a small layer (name and type checks, literal validation) and
// evaluation over a few features. Refusal is EocError; anything else (crash, hang, sanitizer
// report, another exception type) is a bug.
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "gis/cql2/json_parser.hpp"
#include "gis/cql2/text_parser.hpp"
#include "gis/feature_filter.hpp"

namespace {

using namespace eoc;
using namespace eoc::gis;

const LayerSpec& spec() {
  static const LayerSpec s = [] {
    LayerSpec spec;
    spec.id = "shelters";
    spec.geometryType = GeometryType::Point;
    spec.idField = "id";
    spec.fields = {{"id", FieldType::String, true},       {"name", FieldType::String, true},
                   {"capacity", FieldType::Integer, true}, {"area_m2", FieldType::Real, true},
                   {"open", FieldType::Boolean, true},     {"monitor", FieldType::String, false}};
    return spec;
  }();
  return s;
}

const Layer& layer() {
  static const Layer all(spec(), [] {
    std::vector<Feature> out;
    const std::pair<double, double> places[] = {{87.5, 43.7}, {87.58, 43.77}, {-180, 90}, {180, -90}};
    int i = 0;
    for (auto [lon, lat] : places) {
      Feature f;
      f.id = "S" + std::to_string(++i);
      f.point = Point(lon, lat);
      f.bbox = Box(f.point, f.point);
      f.properties = {{"id", f.id}, {"name", i % 2 ? "八一公园" : "O'Brien"}, {"capacity", i * 1000},
                      {"area_m2", i * 1.5}, {"open", i % 2 == 0}, {"monitor", i == 3 ? nlohmann::json() : "张三"}};
      out.push_back(std::move(f));
    }
    return out;
  }());
  return all;
}

void bindAndEvaluate(const cql2::Expression& expression) {
  try {
    const FeatureFilter filter(expression, layer());
    for (size_t i = 0; i < layer().features().size(); ++i) (void)filter.matches(i);
    (void)filter.candidateBoxes();
  } catch (const EocError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    bindAndEvaluate(cql2::parseText(text));
  } catch (const EocError&) {
  }
  try {
    bindAndEvaluate(cql2::parseJson(text));
  } catch (const EocError&) {
  }
  return 0;
}
