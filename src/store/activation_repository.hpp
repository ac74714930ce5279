#pragma once
// Plan activations and the status of each of their actions.
//
// The activation itself (plans, actions, exposure) is a JSON document written once; what changes
// afterwards is the status of each action, one row per action, addressed by its index `n` in the
// activation's action list (0-based). Writes take the caller's Transaction so that they commit
// with their audit entry. Thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

enum class ActivationSource { Warning, Incident, Drill };
enum class ActionState { Pending, Done, Skipped };

std::string_view activationSourceName(ActivationSource source);  // "warning" | "incident" | "drill"
std::optional<ActivationSource> parseActivationSource(std::string_view name);
std::string_view actionStateName(ActionState state);  // "pending" | "done" | "skipped"
std::optional<ActionState> parseActionState(std::string_view name);

struct ActivationRecord {
  std::string id;
  TimePoint createdAt;
  ActivationSource source = ActivationSource::Warning;
  std::optional<std::string> sourceId;  // the warning, incident or drill id
  bool exercise = false;
  nlohmann::json body;     // the activation as served
  size_t actionCount = 0;  // actions 0..actionCount-1 start pending
};

struct ActionStatus {
  int n = 0;
  ActionState state = ActionState::Pending;
  std::string note;
  std::string byActor;
  std::optional<std::string> at;  // Beijing time of the last change; none while pending
};

class ActivationRepository {
 public:
  virtual ~ActivationRepository() = default;

  // Throws EocError(Conflict) when the id exists.
  virtual void insert(Transaction& tx, const ActivationRecord& record) = 0;
  virtual std::optional<ActivationRecord> find(const std::string& id) = 0;
  // False when the activation has no action `n`.
  virtual bool setActionStatus(Transaction& tx, const std::string& id, int n, ActionState state,
                               const std::string& note, const std::string& actor, TimePoint at) = 0;
  // Every action's status in order of n, in one query; empty for an unknown activation.
  virtual std::vector<ActionStatus> actionStatuses(const std::string& id) = 0;
};

}  // namespace eoc::store
