#pragma once
// The Warning aggregate as a JSON document: the form the store keeps (lossless round trip) and
// the base of what the API shows. Times are Beijing time text, polygons GeoJSON (lon, lat).
#include <nlohmann/json.hpp>

#include "warnings/warning.hpp"

namespace eoc::warnings {

nlohmann::json toJson(const Warning& w);
nlohmann::json toJson(const IssuedMessage& m);
nlohmann::json areaToJson(const WarningArea& area);

// Inverse of toJson(Warning). Throws EocError(StorageError) naming the field on a document that
// was not written by toJson (the store file edited behind eoc's back).
Warning warningFromJson(const nlohmann::json& doc);

}  // namespace eoc::warnings
