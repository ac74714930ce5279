#include "gis/crs.hpp"

#include <array>
#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "gis/detail/crs_transform.hpp"
#include "gis/detail/gdal.hpp"

namespace eoc::gis {
namespace {

const std::vector<CrsInfo> kSupported = {
    {Crs::Crs84, "http://www.opengis.net/def/crs/OGC/1.3/CRS84", 0, "WGS 84 longitude, latitude", true, 7},
    {Crs::Epsg4326, "http://www.opengis.net/def/crs/EPSG/0/4326", 4326, "WGS 84 latitude, longitude", true, 7},
    {Crs::Epsg4490, "http://www.opengis.net/def/crs/EPSG/0/4490", 4490, "CGCS2000 latitude, longitude", true, 7},
    {Crs::Epsg4538, "http://www.opengis.net/def/crs/EPSG/0/4538", 4538, "CGCS2000 / 3-degree Gauss-Kruger CM 87E", false, 3},
};

// Points per box edge when a box becomes an outline: 64 segments on a 10 km edge deviate from the
// true curve by far less than a millimetre.
constexpr int kDensifyPerEdge = 64;

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string supportedList() {
  std::string list;
  for (const CrsInfo& info : kSupported) list += (list.empty() ? "" : ", ") + std::string(info.uri);
  return list;
}

struct ThreadTransforms {
  // [crs][direction][order]
  std::array<std::array<std::array<detail::TransformationPtr, 2>, 2>, 4> slots;
};

// GDAL keeps its PROJ context per thread in a thread_local of its own. Thread-local objects die
// in the reverse order of their construction, and a transformation needs the context while it is
// destroyed: so GDAL's context is made to exist first (any EPSG lookup creates it), and this
// cache second, which then dies first. Otherwise every exiting thread would leak a PROJ context
// re-created during the cache's destruction (LeakSanitizer caught it).
ThreadTransforms makeThreadTransforms() {
  OGRSpatialReference touch;
  touch.importFromEPSG(4326);
  return ThreadTransforms{};
}

void transformInPlace(OGRCoordinateTransformation& transform, std::vector<double>& x, std::vector<double>& y,
                      const std::function<void()>& onFailure) {
  if (x.empty()) return;
  std::vector<int> success(x.size(), 0);
  const bool ok = transform.Transform(x.size(), x.data(), y.data(), nullptr, success.data());
  if (!ok) onFailure();
  for (size_t i = 0; i < x.size(); ++i)
    if (!success[i] || !std::isfinite(x[i]) || !std::isfinite(y[i])) onFailure();
}

}  // namespace

namespace detail {

OGRSpatialReference spatialReference(Crs crs, AxisOrder order) {
  registerGdalDrivers();
  OGRSpatialReference reference;
  const CrsInfo& info = crsInfo(crs);
  // CRS84 is EPSG:4326 with lon, lat: the traditional order gives exactly that.
  const bool crs84 = crs == Crs::Crs84;
  if (reference.importFromEPSG(crs84 ? 4326 : info.epsg) != OGRERR_NONE)
    throw EocError(ErrorCode::Internal, std::string("PROJ has no definition of ") + info.uri);
  reference.SetAxisMappingStrategy(crs84 || order == AxisOrder::Traditional ? OAMS_TRADITIONAL_GIS_ORDER
                                                                            : OAMS_AUTHORITY_COMPLIANT);
  return reference;
}

OGRCoordinateTransformation& crsTransform(Crs crs, bool fromCrs84, AxisOrder order) {
  thread_local ThreadTransforms transforms = makeThreadTransforms();
  auto& slot = transforms.slots[static_cast<size_t>(crs)][fromCrs84 ? 1 : 0][order == AxisOrder::Authority ? 1 : 0];
  if (!slot) {
    ErrorCapture errors;
    OGRSpatialReference crs84 = spatialReference(Crs::Crs84, AxisOrder::Traditional);
    OGRSpatialReference other = spatialReference(crs, order);
    slot.reset(fromCrs84 ? OGRCreateCoordinateTransformation(&crs84, &other)
                         : OGRCreateCoordinateTransformation(&other, &crs84));
    if (!slot)
      throw EocError(ErrorCode::Internal,
                     std::string("cannot create a transformation for ") + crsInfo(crs).uri + errors.suffix());
  }
  return *slot;
}

}  // namespace detail

const std::vector<CrsInfo>& supportedCrs() { return kSupported; }

const CrsInfo& crsInfo(Crs crs) { return kSupported[static_cast<size_t>(crs)]; }

std::optional<Crs> parseCrs(std::string_view text) {
  std::string value = lowercase(text);
  if (value.size() > 2 && value.front() == '[' && value.back() == ']') value = value.substr(1, value.size() - 2);
  if (value.rfind("https://", 0) == 0) value = "http://" + value.substr(8);
  if (value == "http://www.opengis.net/def/crs/ogc/1.3/crs84" || value == "ogc:crs84" ||
      value == "urn:ogc:def:crs:ogc:1.3:crs84" || value == "crs84")
    return Crs::Crs84;
  for (const CrsInfo& info : kSupported) {
    if (info.epsg == 0) continue;
    const std::string code = std::to_string(info.epsg);
    if (value == "http://www.opengis.net/def/crs/epsg/0/" + code || value == "epsg:" + code ||
        value == "urn:ogc:def:crs:epsg::" + code)
      return info.crs;
  }
  return std::nullopt;
}

Crs requireCrs(std::string_view parameter, std::string_view text) {
  if (auto crs = parseCrs(text)) return *crs;
  std::string shown(text.substr(0, 100));
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  throw EocError(ErrorCode::InvalidCrs, std::string(parameter) + ": \"" + shown + "\" is not supported; supported: " +
                                            supportedList());
}

void fromCrs84(Crs target, std::vector<double>& x, std::vector<double>& y) {
  if (target == Crs::Crs84) return;
  transformInPlace(detail::crsTransform(target, true, detail::AxisOrder::Authority), x, y, [&] {
    throw EocError(ErrorCode::Internal, std::string("PROJ could not transform coordinates to ") + crsInfo(target).uri);
  });
}

void toCrs84(Crs source, std::vector<double>& x, std::vector<double>& y, std::string_view parameter) {
  if (source == Crs::Crs84) return;
  transformInPlace(detail::crsTransform(source, false, detail::AxisOrder::Authority), x, y, [&] {
    throw EocError(ErrorCode::InvalidCrs, std::string(parameter) + ": coordinates cannot be transformed from " +
                                              crsInfo(source).uri + " to CRS84");
  });
}

Polygon boxInCrs84(Crs source, const Box& box, std::string_view parameter) {
  const double x0 = box.min_corner().x(), y0 = box.min_corner().y();
  const double x1 = box.max_corner().x(), y1 = box.max_corner().y();
  std::vector<double> x, y;
  const auto edge = [&](double ax, double ay, double bx, double by) {
    for (int i = 0; i < kDensifyPerEdge; ++i) {
      const double t = static_cast<double>(i) / kDensifyPerEdge;
      x.push_back(ax + (bx - ax) * t);
      y.push_back(ay + (by - ay) * t);
    }
  };
  edge(x0, y0, x1, y0);
  edge(x1, y0, x1, y1);
  edge(x1, y1, x0, y1);
  edge(x0, y1, x0, y0);
  toCrs84(source, x, y, parameter);
  Polygon outline;
  for (size_t i = 0; i < x.size(); ++i) outline.outer().emplace_back(x[i], y[i]);
  outline.outer().push_back(outline.outer().front());
  bg::correct(outline);
  return outline;
}

std::function<void(cql2::GeometryLiteral&)> literalTransform(Crs source, std::string parameter) {
  if (source == Crs::Crs84) return {};
  return [source, parameter](cql2::GeometryLiteral& literal) {
    std::vector<double> x, y;
    const auto collect = [&](const Point& p) {
      x.push_back(p.x());
      y.push_back(p.y());
    };
    for (const Point& p : literal.points) collect(p);
    for (const LineString& line : literal.lines) for (const Point& p : line) collect(p);
    for (const Polygon& polygon : literal.polygons) bg::for_each_point(polygon, collect);
    toCrs84(source, x, y, parameter);
    size_t i = 0;
    const auto assign = [&](Point& p) {
      p = Point(x[i], y[i]);
      ++i;
    };
    for (Point& p : literal.points) assign(p);
    for (LineString& line : literal.lines) for (Point& p : line) assign(p);
    for (Polygon& polygon : literal.polygons) bg::for_each_point(polygon, assign);
    for (const Box& box : literal.boxes) {
      if (box.min_corner().x() > box.max_corner().x() || box.min_corner().y() > box.max_corner().y())
        throw EocError(ErrorCode::InvalidFilter, parameter + ": a BBOX in " + crsInfo(source).uri +
                                                     " needs its minimum of each axis before the maximum");
      literal.polygons.push_back(boxInCrs84(source, box, parameter));
    }
    literal.boxes.clear();
  };
}

}  // namespace eoc::gis
