#include "service/drill_command.hpp"

#include "broadcast/event_hub.hpp"
#include "core/error.hpp"
#include "service/loaded_data.hpp"
#include "service/runtime.hpp"
#include "store/open.hpp"

namespace eoc::service {

// Members in the order they are built; destroyed in reverse (the service before what it uses).
struct DrillCommandHost::State {
  explicit State(const Config& config)
      : data(loadData(config)),
        store(store::openStore(config.store, config.dataDir, clock)),
        // No threads: whatever a use case might schedule for later never runs in a one-shot command.
        runtime(0, clock),
        context(config, clock, data->layers, *store, runtime.io(), runtime.scheduler(), events) {}

  SystemTimeSource clock;
  std::unique_ptr<const LoadedData> data;
  std::unique_ptr<store::Store> store;
  Runtime runtime;
  broadcast::EventHub events;  // nobody listens to a command's events
  ServiceContext context;
  std::unique_ptr<DrillsService> drills;
};

DrillCommandHost::DrillCommandHost(const Config& config) : state_(std::make_unique<State>(config)) {
  try {
    // No warnings seam: plan, simulate and report never warn anyone.
    state_->drills = std::make_unique<DrillsService>(state_->context, *state_->data->engine, state_->data->scenarios,
                                                     LiveRunSeams{nullptr, state_->data->signals.get()});
  } catch (const std::runtime_error& e) {
    throw EocError(ErrorCode::InvalidParameter, e.what());
  }
}

DrillCommandHost::~DrillCommandHost() = default;

DrillsService& DrillCommandHost::drills() { return *state_->drills; }

}  // namespace eoc::service
