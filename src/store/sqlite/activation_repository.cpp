#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

void ActivationRepository::insert(store::Transaction& tx, const ActivationRecord& record) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO activations (id, created_at, source_kind, source_id, exercise, body_json) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bindAll(record.id, formatBeijing(record.createdAt), activationSourceName(record.source), record.sourceId,
               int(record.exercise), record.body.dump())
      .run();
  Statement action = Transaction::of(tx).prepare("INSERT INTO activation_actions (activation_id, n) VALUES (?1, ?2)");
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
    auto source = parseActivationSource(s.text(1));
    if (!source) throw EocError(ErrorCode::StorageError, "column activations.source_kind holds an unknown kind");
    return ActivationRecord{id,
                            timeAt(s, 0, "activations.created_at"),
                            *source,
                            s.optionalText(2),
                            s.int64(3) != 0,
                            jsonAt(s, 4, "activations.body_json"),
                            size_t(s.int64(5))};
  });
}

bool ActivationRepository::setActionStatus(store::Transaction& tx, const std::string& id, int n, ActionState state,
                                           const std::string& note, const std::string& actor, TimePoint at) {
  Transaction::of(tx)
      .prepare(
          "UPDATE activation_actions SET status = ?3, note = ?4, by_actor = ?5, at = ?6 "
          "WHERE activation_id = ?1 AND n = ?2")
      .bindAll(id, n, actionStateName(state), note, actor, formatBeijing(at))
      .run();
  return Transaction::of(tx).connection().changes() > 0;
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

}  // namespace eoc::store::sqlite
