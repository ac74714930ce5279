#pragma once
// The shared infrastructure every domain service of the façade is built on. Owned by
// EocService; domain services keep references (all outlive them).
#include <boost/asio/io_context.hpp>

#include "core/config.hpp"
#include "core/events.hpp"
#include "core/time.hpp"
#include "gis/layer.hpp"
#include "store/audit_repository.hpp"
#include "store/database.hpp"

namespace eoc::service {

struct ServiceContext {
  const Config& config;
  const TimeSource& clock;
  const gis::LayerCatalog& layers;
  store::Database& db;
  store::AuditRepository& audit;
  boost::asio::io_context& io;  // background work: timers, deliveries (never block it)
  EventSink& events;
};

}  // namespace eoc::service
