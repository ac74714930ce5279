#pragma once
// A BroadcastService on real infrastructure: a fresh SQLite store in a temp folder, a Boost.Asio
// runtime, the event hub and a manual clock that tests move by hand (no sleeps).
#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "broadcast/event_hub.hpp"
#include "broadcast/recipients.hpp"
#include "core/config.hpp"
#include "gis/layer.hpp"
// The use cases' typed results as the API renders them: the assertions read the API's JSON.
#include "http/broadcast_render.hpp"
#include "service/broadcast_service.hpp"
#include "service/runtime.hpp"
#include "store/store.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

namespace eoc::testing {

// Committees 650103001..0NN with names and polygons, as the committees layer would give them.
// Committee i (1-based) is the square lon [lonAt(i - 1), lonAt(i)] x lat [kSouth, kSouth + kSide]:
// a row of adjacent squares sharing their edges exactly.
std::vector<broadcast::CommitteeGeometry> committeeLayer(size_t n);
std::string committeeCode(size_t i);  // 1-based
constexpr double kWest = 87.50, kSouth = 43.78, kSide = 0.01;
inline double lonAt(size_t k) { return kWest + double(k) * kSide; }
gis::Polygon box(double west, double south, double east, double north);  // closed, counter-clockwise

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

struct Harness {
  // start = false: the service writes the outbox but delivers nothing (a process about to die).
  explicit Harness(const std::filesystem::path& dataDir, broadcast::RecipientList recipients, Config config = {},
                   bool start = true);
  ~Harness();

  // Issues a message inside a real write transaction, as the warnings service does.
  service::OutgoingMessage issue(const std::string& warningId, const std::vector<std::string>& committees,
                                 const std::string& level = "red", const std::string& status = "Actual",
                                 const std::string& msgType = "Alert",
                                 const std::optional<gis::Polygon>& polygon = std::nullopt);

  Config config;
  ManualClock clock;
  gis::LayerCatalog layers;
  std::unique_ptr<store::Store> store;  // a real SQLite store in the test's folder
  broadcast::EventHub events;
  service::Runtime runtime;
  service::ServiceContext context;
  std::unique_ptr<service::BroadcastService> service;
};

}  // namespace eoc::testing
