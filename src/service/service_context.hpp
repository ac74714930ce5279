#pragma once
// The shared infrastructure every domain service of the façade is built on. Owned by
// EocService; domain services keep references (all outlive them).
#include <boost/asio/io_context.hpp>

#include "core/config.hpp"
#include "core/events.hpp"
#include "core/time.hpp"
#include "gis/layer.hpp"
#include "service/scheduler.hpp"
#include "store/store.hpp"

namespace eoc::service {

struct ServiceContext {
  ServiceContext(const Config& config, const TimeSource& clock, const gis::LayerCatalog& layers, store::Store& store,
                 boost::asio::io_context& io, Scheduler& scheduler, EventSink& events)
      : config(config),
        clock(clock),
        layers(layers),
        store(store),
        db(store.database()),
        audit(store.audit()),
        io(io),
        scheduler(scheduler),
        events(events) {}

  const Config& config;
  const TimeSource& clock;
  const gis::LayerCatalog& layers;
  store::Store& store;            // the repositories (interfaces: services never see a backend)
  store::Database& db;            // store.database(): db.write(...) is one transaction
  store::AuditRepository& audit;  // store.audit()
  boost::asio::io_context& io;    // background work: deliveries (never block it)
  Scheduler& scheduler;           // every timer: name them "<area>.<what>", cancelAll("<area>.") in stop()
  EventSink& events;
};

}  // namespace eoc::service
