#include "store/activation_repository.hpp"

#include <array>
#include <utility>

#include "core/error.hpp"
#include "store/json_column.hpp"

namespace eoc::store {

namespace {
constexpr std::array<std::pair<ActivationSource, std::string_view>, 3> kSources{{
    {ActivationSource::Warning, "warning"},
    {ActivationSource::Incident, "incident"},
    {ActivationSource::Drill, "drill"},
}};
constexpr std::array<std::pair<ActionState, std::string_view>, 3> kStates{{
    {ActionState::Pending, "pending"},
    {ActionState::Done, "done"},
    {ActionState::Skipped, "skipped"},
}};

std::optional<ActivationSource> parseSource(std::string_view name) {
  for (auto& [source, text] : kSources)
    if (text == name) return source;
  return std::nullopt;
}
}  // namespace

std::string_view activationSourceName(ActivationSource source) {
  for (auto& [s, text] : kSources)
    if (s == source) return text;
  return "warning";
}

std::string_view actionStateName(ActionState state) {
  for (auto& [s, text] : kStates)
    if (s == state) return text;
  return "pending";
}

std::optional<ActionState> parseActionState(std::string_view name) {
  for (auto& [state, text] : kStates)
    if (text == name) return state;
  return std::nullopt;
}

void ActivationRepository::insert(Transaction& tx, const ActivationRecord& record) {
  tx.prepare(
        "INSERT INTO activations (id, created_at, source_kind, source_id, exercise, body_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bindAll(record.id, formatBeijing(record.createdAt), activationSourceName(record.source), record.sourceId,
               int(record.exercise), record.body.dump())
      .run();
  Statement action = tx.prepare("INSERT INTO activation_actions (activation_id, n) VALUES (?1, ?2)");
  for (size_t n = 0; n < record.actionCount; ++n) {
    action.bindAll(record.id, int64_t(n)).run();
  }
}

std::optional<ActivationRecord> ActivationRepository::find(const std::string& id) {
  return db_.read([&](Connection& c) -> std::optional<ActivationRecord> {
    Statement s = c.prepare(
        "SELECT created_at, source_kind, source_id, exercise, body_json, "
        "(SELECT count(*) FROM activation_actions WHERE activation_id = a.id) "
        "FROM activations AS a WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    auto createdAt = parseIso8601(s.text(0));
    auto source = parseSource(s.text(1));
    if (!createdAt || !source)
      throw EocError(ErrorCode::StorageError, "activation " + id + " has an unreadable created_at or source_kind");
    return ActivationRecord{id,
                            *createdAt,
                            *source,
                            s.optionalText(2),
                            s.int64(3) != 0,
                            fromJsonColumn(s.optionalText(4), "activations.body_json"),
                            size_t(s.int64(5))};
  });
}

bool ActivationRepository::setActionStatus(Transaction& tx, const std::string& id, int n, ActionState state,
                                           const std::string& note, const std::string& actor, TimePoint at) {
  tx.prepare(
        "UPDATE activation_actions SET status = ?3, note = ?4, by_actor = ?5, at = ?6 "
        "WHERE activation_id = ?1 AND n = ?2")
      .bindAll(id, n, actionStateName(state), note, actor, formatBeijing(at))
      .run();
  return tx.connection().changes() > 0;
}

std::vector<ActionStatus> ActivationRepository::actionStatuses(const std::string& id) {
  return db_.read([&](Connection& c) {
    Statement s =
        c.prepare("SELECT n, status, note, by_actor, at FROM activation_actions WHERE activation_id = ?1 ORDER BY n");
    s.bind(1, id);
    std::vector<ActionStatus> out;
    while (s.step()) {
      auto state = parseActionState(s.text(1));
      if (!state) throw EocError(ErrorCode::StorageError, "activation " + id + " has an unknown action status");
      out.push_back({int(s.int64(0)), *state, s.text(2), s.text(3), s.optionalText(4)});
    }
    return out;
  });
}

}  // namespace eoc::store
