#pragma once
// The warnings use cases: draft, issue, update, cancel, read, CAP XML, the public Atom feed, CAP
// ingest from the city observatory, and expiry on Boost.Asio timers.
//
// Contract:
// - Every state change runs in ONE Database::write: the aggregate is re-read inside the
//   transaction (so concurrent callers serialise), changed by warnings::WarningLifecycle, and
//   written together with its CAP messages, its activation (on issue), the dissemination
//   listeners' rows and one audit entry. A method that returns has committed; one that throws
//   has written nothing.
// - Events (warning.drafted / issued / updated / cancelled / expired) and committed listeners run
//   after the commit.
// - Expiry: start() expires at once what the clock says is already past due (a restart after a
//   long outage catches up), then arms one timer per live warning. A timer calls expireDue with
//   the injected clock's now; tests call expireDue directly.
// - Reads: drafts are shown only to a reader with a token of duty_officer, approver or admin.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "service/dissemination.hpp"
#include "service/service_context.hpp"
#include "store/activation_repository.hpp"
#include "store/warning_repository.hpp"
#include "warnings/cap_reader.hpp"
#include "warnings/cap_writer.hpp"
#include "warnings/lifecycle.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/texts.hpp"
#include "warnings/warning_request.hpp"

namespace eoc::service {

// Computes the plan activation of an issued warning (nullopt: no activation engine wired). The
// returned JSON is stored with the warning in the issuing transaction.
using WarningActivation = std::function<std::optional<nlohmann::json>(const warnings::Warning&)>;

struct WarningsSetup {
  std::string sender;          // CAP sender, e.g. "eoc.<district code>"
  std::string unitCode;        // 14-digit issuing-unit code for identifiers
  std::string boundaryLayer;   // layer id of the district boundary
  std::string committeesLayer = "committees";
  std::string feedTitle = "eoc CAP feed";
};

struct WarningListQuery {
  bool activeOnly = false;
  std::optional<std::string> status;
  size_t limit = 1000;
};

// What /cap/ingest did with one upstream message.
struct IngestResult {
  std::string outcome;    // drafted | draft_updated | draft_cancelled | proposed_update | proposed_cancel | acknowledged
  bool duplicate = false; // the same (sender, identifier) was already received: nothing changed
  std::string warningId;  // empty for an Ack
  size_t acknowledged = 0;
  nlohmann::json warning;  // the relay warning as GET /warnings/{id} shows it (null for an Ack)
};

// Thrown by ingest() for a CAP Ack when no acknowledgement listener is registered.
class AcksNotEnabled : public std::runtime_error {
 public:
  AcksNotEnabled() : std::runtime_error("CAP acknowledgements are not enabled on this eoc") {}
};

class WarningsService {
 public:
  WarningsService(ServiceContext& context, const warnings::SignalCatalogue& catalogue,
                  const warnings::WarningTexts& texts, WarningsSetup setup, WarningActivation activation = {});
  ~WarningsService();
  WarningsService(const WarningsService&) = delete;
  WarningsService& operator=(const WarningsService&) = delete;

  // Catches up on expiry and arms the timers. Call once, after listeners are registered.
  void start();
  // Cancels the timers; idempotent.
  void stop();

  void addDisseminationListener(DisseminationListener listener);
  void addCommittedListener(CommittedListener listener);
  void setCapAckListener(CapAckListener listener);

  nlohmann::json draft(const Principal& actor, const nlohmann::json& body, const std::string& requestId);
  nlohmann::json issue(const Principal& actor, const std::string& id, const std::string& requestId);
  nlohmann::json update(const Principal& actor, const std::string& id, const nlohmann::json& body,
                        const std::string& requestId);
  nlohmann::json cancel(const Principal& actor, const std::string& id, const nlohmann::json& body,
                        const std::string& requestId);

  // Throws EocError(NotFound) for an unknown id and for a draft the reader may not see.
  nlohmann::json get(const std::string& id, const std::optional<Principal>& reader) const;
  nlohmann::json list(const WarningListQuery& query, const std::optional<Principal>& reader) const;
  // The latest CAP message of an issued warning, as sent.
  std::string capXml(const std::string& id, const std::optional<Principal>& reader) const;
  std::string feed(const std::string& baseUrl) const;

  IngestResult ingest(const Principal& actor, std::string_view xml, const std::string& requestId);

  // Expires every live warning whose expiry is at or before `now`; returns their ids.
  std::vector<std::string> expireDue(TimePoint now);

  const warnings::DistrictGeometry& district() const { return district_; }

 private:
  struct Change;
  Change loadForChange(store::Transaction& tx, const std::string& id);
  void commitChange(store::Transaction& tx, Change& change, const Principal& actor, const std::string& kind,
                    const std::string& requestId, const warnings::IssuedMessage* message,
                    std::vector<OutgoingMessage>& outgoing);
  OutgoingMessage renderMessage(const warnings::Warning& w, const warnings::IssuedMessage& m,
                                std::string& capXml, nlohmann::json& capJson) const;
  nlohmann::json present(const store::WarningRow& row) const;
  void afterCommit(const std::string& eventType, const warnings::Warning& w, const nlohmann::json& shown,
                   const std::vector<OutgoingMessage>& outgoing);
  std::vector<std::string> committeeNames(const warnings::Warning& w) const;
  std::vector<warnings::CommitteeArea> committeeAreas(const warnings::Warning& w) const;
  warnings::WarningRequest relayRequest(const warnings::IngestedCap& in) const;
  nlohmann::json relayChanges(const warnings::IngestedCap& in, const warnings::Warning& current) const;
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
  // Repositories hold no state of their own (the Database is thread-safe); const reads use them.
  mutable store::WarningRepository repository_;
  mutable store::ActivationRepository activations_;

  std::mutex listenersMutex_;
  std::vector<DisseminationListener> dissemination_;
  std::vector<CommittedListener> committed_;
  CapAckListener ackListener_;

  std::mutex timersMutex_;
  bool stopped_ = false;
  std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace eoc::service
