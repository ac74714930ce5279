#pragma once
// The warnings use cases: draft, issue, update, cancel, read, CAP XML, the public Atom feed, CAP
// ingest from the city observatory, and expiry on the Scheduler. The template of the road
// (docs/design.md, "The road of a request"): each use case takes its typed request
// (warnings/warning_request.hpp) and the caller, validates the request's meaning once, lets the
// domain (warnings::WarningLifecycle) decide, writes through the store's interfaces and answers a
// typed result (warnings_results.hpp) that the HTTP edge renders.
//
// Contract:
// - Every state change runs in ONE Database::write: the aggregate is re-read inside the
//   transaction (so concurrent callers serialise), changed by warnings::WarningLifecycle, and
//   written together with its CAP messages, its activation (on issue), the dissemination
//   listeners' rows (the broadcast outbox) and one audit entry. A method that returns has
//   committed; one that throws has written nothing.
// - Events (warning.drafted / issued / updated / cancelled / expired / relayed) and committed
//   listeners run after the commit.
// - Expiry: start() expires at once what the clock says is already past due (a restart after a
//   long outage catches up), then schedules "warnings.expire:<id>" per live warning. A timer calls
//   expireDue with the injected clock's now; tests call expireDue directly.
// - Reads: WarningsPolicy decides who sees drafts.
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "plans/activation.hpp"
#include "service/dissemination.hpp"
#include "service/exercise_warnings.hpp"
#include "service/service_context.hpp"
#include "service/warnings_results.hpp"
#include "store/warning_repository.hpp"
#include "warnings/cap_reader.hpp"
#include "warnings/cap_writer.hpp"
#include "warnings/lifecycle.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/texts.hpp"
#include "warnings/warning_request.hpp"

namespace eoc::service {

// Computes the plan activation of an issued warning (nullopt: none). Stored with the warning in
// the issuing transaction.
using WarningActivation = std::function<std::optional<plans::Activation>(const warnings::Warning&)>;

struct WarningsSetup {
  std::string sender;         // CAP sender, e.g. "eoc.<district code>"
  std::string unitCode;       // 14-digit issuing-unit code for identifiers
  std::string boundaryLayer;  // layer id of the district boundary
  std::string committeesLayer = "committees";
  std::string feedTitle = "eoc CAP feed";
};

class WarningsService final : public ExerciseWarnings {
 public:
  WarningsService(ServiceContext& context, const warnings::SignalCatalogue& catalogue,
                  const warnings::WarningTexts& texts, WarningsSetup setup, WarningActivation activation = {});
  ~WarningsService() override;
  WarningsService(const WarningsService&) = delete;
  WarningsService& operator=(const WarningsService&) = delete;

  // Catches up on expiry and arms the timers. Call once, after listeners are registered.
  void start();
  // Cancels the timers (waiting for one that runs); idempotent.
  void stop();

  void addDisseminationListener(DisseminationListener listener);
  void addCommittedListener(CommittedListener listener);
  void setCapAckListener(CapAckListener listener);

  // --- use cases: one per endpoint ---
  WarningView draft(const Principal& actor, const warnings::DraftRequest& request, const std::string& requestId);
  WarningView issue(const Principal& actor, const warnings::IssueRequest& request, const std::string& requestId);
  WarningView update(const Principal& actor, const warnings::UpdateRequest& request, const std::string& requestId);
  WarningView cancel(const Principal& actor, const warnings::CancelRequest& request, const std::string& requestId);
  // NotFound for an unknown id and for a draft the reader may not see.
  WarningView get(const warnings::ReadRequest& request, const std::optional<Principal>& reader) const;
  WarningList list(const warnings::ListRequest& request, const std::optional<Principal>& reader) const;
  // The printable 预警信息发布单 of a warning the reader may see.
  WarningBulletin bulletin(const warnings::ReadRequest& request, const std::optional<Principal>& reader) const;
  WarningStats stats(const warnings::StatsRequest& request, const std::optional<Principal>& reader) const;
  // The latest CAP message of an issued warning, as sent.
  std::string capXml(const warnings::ReadRequest& request, const std::optional<Principal>& reader) const;
  std::string feed(const warnings::FeedRequest& request) const;
  // The signal types in the district's order (most issued first; those that cannot occur here last).
  SignalList signals() const;
  // AcksNotEnabled (501) for a CAP Ack when no acknowledgement listener is registered.
  IngestResult ingest(const Principal& actor, const warnings::IngestRequest& request, const std::string& requestId);

  // --- ExerciseWarnings (drills) ---
  std::optional<std::string> issuedFor(const std::string& drillId) const override;
  std::string issueExercise(const Principal& controller, const ExerciseWarning& warning,
                            const std::string& requestId) override;
  void cancelExercise(const Principal& controller, const std::string& warningId, const std::string& reason,
                      const std::string& requestId) override;

  // Expires every live warning whose expiry is at or before `now`; returns their ids.
  std::vector<std::string> expireDue(TimePoint now);

  const warnings::DistrictGeometry& district() const { return district_; }

 private:
  struct Change;
  // A drill's exercise warning is drafted once per drill (issueExercise); a desk's draft always
  // makes a new warning.
  enum class DrillWarning { AlwaysNew, AdoptExisting };
  WarningView insertDraft(const Principal& actor, const warnings::DraftRequest& request, const std::string& requestId,
                          DrillWarning drillWarning);
  // What a change does to the aggregate loaded in `tx`: the message it sends (nullptr: none).
  using Apply = std::function<const warnings::IssuedMessage*(store::Transaction& tx, Change&, TimePoint now)>;

  // The one skeleton of issue/update/cancel: load in a transaction, apply, commit with messages,
  // outbox and audit, then answer and announce.
  WarningView change(const Principal& actor, const std::string& id, const std::string& kind,
                     const std::string& eventType, const std::string& requestId, const Apply& apply);
  Change loadForChange(store::Transaction& tx, const std::string& id);
  void commitChange(store::Transaction& tx, Change& change, const Principal& actor, const std::string& kind,
                    const std::string& requestId, const warnings::IssuedMessage* message);
  WarningView viewOf(const store::WarningRow& row, const warnings::Warning& warning,
                     std::optional<store::ActivationRecord> activation) const;
  WarningView viewOf(const store::WarningRow& row) const;
  WarningView viewOf(const Change& change) const;
  void afterCommit(const std::string& eventType, const WarningView& view, const std::vector<OutgoingMessage>& outgoing);
  std::vector<std::string> committeeNames(const warnings::Warning& w) const;
  std::vector<warnings::CommitteeArea> committeeAreas(const warnings::Warning& w) const;
  std::optional<store::WarningRow> readable(const std::string& id, const std::optional<Principal>& reader) const;
  // CAP ingest: the relay draft an upstream alert asks for.
  warnings::WarningRequest relayRequest(const warnings::IngestedCap& in) const;
  // The committees of the district an upstream alert warns (warnings/geocodes.hpp: GB/T 2260 codes
  // at any level, then polygons). The one place that maps upstream areas onto committees.
  std::vector<std::string> relayCommittees(const warnings::IngestedCap& in) const;
  void arm(const std::string& id, TimePoint expires);
  void disarm(const std::string& id);

  ServiceContext& context_;
  const warnings::SignalCatalogue& catalogue_;
  const warnings::WarningTexts& texts_;
  WarningsSetup setup_;
  WarningActivation activation_;
  warnings::DistrictGeometry district_;
  std::map<std::string, warnings::CommitteeArea, std::less<>> committees_;
  warnings::IdentifierSequence identifiers_;
  warnings::WarningLifecycle lifecycle_;
  // The store's repositories (thread-safe; const reads use them through references).
  store::WarningRepository& repository_;
  store::ActivationRepository& activations_;

  std::mutex listenersMutex_;
  std::vector<DisseminationListener> dissemination_;
  std::vector<CommittedListener> committed_;
  CapAckListener ackListener_;

  std::atomic<bool> stopped_{false};  // after stop(): no new expiry timers
};

}  // namespace eoc::service
