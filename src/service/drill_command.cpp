#include "service/drill_command.hpp"

#include "broadcast/event_hub.hpp"
#include "core/error.hpp"
#include "service/loaded_data.hpp"
#include "service/runtime.hpp"
#include "store/open.hpp"

namespace eoc::service {

std::string runDrillCommand(const Config& config, const DrillCommand& command, const Principal& who) {
  auto data = loadData(config);
  SystemTimeSource clock;
  auto store = store::openStore(config.store, config.dataDir, clock);
  // No threads: whatever a use case might schedule for later never runs in a one-shot command.
  Runtime runtime(0, clock);
  broadcast::EventHub events;  // nobody listens to a command's events
  ServiceContext context(config, clock, data->layers, *store, runtime.io(), runtime.scheduler(), events);
  std::unique_ptr<DrillsService> drills;
  try {
    // No warnings seam: plan, simulate and report never warn anyone.
    drills = std::make_unique<DrillsService>(context, *data->engine, data->scenarios,
                                             LiveRunSeams{nullptr, data->signals.get()});
  } catch (const std::runtime_error& e) {
    throw EocError(ErrorCode::InvalidParameter, e.what());
  }
  return runDrillCommand(*drills, command, who);
}

}  // namespace eoc::service
