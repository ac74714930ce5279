#pragma once
// Warnings, their issued CAP messages and the upstream CAP messages eoc has relayed.
//
// The warning row holds the whole aggregate as a JSON document (`body`, owned by the warnings
// module) next to the columns the service filters on; every issued message keeps its CAP XML and
// JSON exactly as sent, so that GET cap.xml serves the bytes that were disseminated. Together
// these rows are everything a restart needs to rebuild the service (live warnings, expiry times,
// the ingest idempotency table). Writes take the caller's Transaction so that a state change,
// its messages and its audit entry commit together. Thread-safe.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

struct WarningRow {
  std::string id;
  std::string state;   // draft | issued | updated | cancelled | expired
  std::string status;  // Actual | Exercise | Test
  std::string type;
  std::string level;
  std::string author;
  std::string approver;  // empty until issued
  TimePoint createdAt;
  TimePoint updatedAt;
  TimePoint expires;
  std::optional<TimePoint> endedAt;  // cancel time or expiry, once no longer in force
  std::optional<std::string> activationId;
  nlohmann::json body;      // the aggregate as the warnings module stores it
  nlohmann::json history;   // array of transitions, oldest first
  nlohmann::json proposal;  // null, or an upstream Update/Cancel awaiting the duty desk
};

struct WarningMessageRow {
  std::string identifier;  // CAP identifier (unique across eoc)
  std::string warningId;
  std::string msgType;  // Alert | Update | Cancel
  TimePoint sent;
  std::string capXml;
  nlohmann::json capJson;
};

// One upstream CAP message received on /cap/ingest, keyed by CAP identity (sender, identifier).
struct IngestRecord {
  std::string sender;
  std::string identifier;
  std::string sent;  // as written upstream
  std::string msgType;
  std::string warningId;  // the relay warning it created or touched; empty for an Ack
  std::string outcome;    // what eoc did with it, replayed for a duplicate
  TimePoint receivedAt;
};

// Which warnings a list, a count or the statistics take. Times compare with created_at, the
// moment the warning was drafted (or relayed): [from, to).
struct WarningFilter {
  std::optional<std::string> status;  // Actual | Exercise | Test
  bool liveOnly = false;              // issued or updated
  bool includeDrafts = true;          // false: drafts (and discarded drafts) are left out
  std::optional<TimePoint> from, to;
  std::optional<std::string> type, level, state;
  size_t limit = 1000;
  size_t offset = 0;  // list and page summaries only
};

// What reached the committees of one warning, over all its messages: from the broadcast outbox
// (deliveries) and the acknowledgement tracks.
struct WarningDeliverySummary {
  size_t recipients = 0;  // distinct recipients any message went to
  size_t delivered = 0;   // recipients with at least one delivered message
  size_t pending = 0;     // deliveries still being tried
  size_t failed = 0;      // recipients with a delivery that gave up (expired / stopped) and none delivered
  size_t ackExpected = 0;  // ack tracks (recipients asked to acknowledge)
  size_t acked = 0;
};

// One cell of the annual report: warnings of one type and level drafted in one month.
struct WarningMonthCount {
  std::string month;  // "2026-07", Beijing time
  std::string type, level;
  size_t count = 0;
};

class WarningRepository {
 public:
  virtual ~WarningRepository() = default;

  // Throws EocError(Conflict) when the id exists.
  virtual void insert(Transaction& tx, const WarningRow& row) = 0;
  // Replaces every mutable column of an existing warning; throws EocError(NotFound) otherwise.
  virtual void update(Transaction& tx, const WarningRow& row) = 0;
  // Throws EocError(Conflict) when the identifier exists.
  virtual void addMessage(Transaction& tx, const WarningMessageRow& message) = 0;

  // Inside a write, so that a read-modify-write sees no other writer in between.
  virtual std::optional<WarningRow> find(Transaction& tx, const std::string& id) = 0;
  virtual std::optional<WarningRow> find(const std::string& id) = 0;
  // Newest first.
  virtual std::vector<WarningRow> list(const WarningFilter& filter) = 0;
  // How many warnings the filter takes (limit and offset ignored).
  virtual size_t count(const WarningFilter& filter) = 0;
  // The delivery and ack summary of every warning of the page list(filter) answers, by warning id
  // (warnings without deliveries absent): one query for the whole page, never one per warning.
  virtual std::map<std::string, WarningDeliverySummary> deliverySummaries(const WarningFilter& filter) = 0;
  // Counts by month (Beijing), type and level of the warnings the filter takes (limit ignored).
  virtual std::vector<WarningMonthCount> countsByMonth(const WarningFilter& filter) = 0;
  // Issued or updated warnings, soonest expiry first (timers, expiry sweep).
  virtual std::vector<WarningRow> live(Transaction& tx) = 0;
  virtual std::vector<WarningRow> live() = 0;
  // Warnings that ended (cancelled or expired) at or after `since`, plus every live one: the feed.
  virtual std::vector<WarningRow> liveOrEndedSince(TimePoint since) = 0;
  // The warnings of one drill (their document's drill_id), newest first. Inside a write, so that
  // a drill's exercise warning is drafted once however many instances fire its inject.
  virtual std::vector<WarningRow> ofDrill(Transaction& tx, const std::string& drillId) = 0;
  virtual std::vector<WarningRow> ofDrill(const std::string& drillId) = 0;

  // Messages of one warning in issue order.
  virtual std::vector<WarningMessageRow> messages(const std::string& warningId) = 0;
  virtual std::optional<WarningMessageRow> message(const std::string& identifier) = 0;
  // Inside a write, before inserting a message: whether its identifier is taken (another instance
  // on the store, or this one before a restart, drew the same one). Having read it makes a
  // concurrent insert of the same identifier a serialization failure (retried), not a 409.
  virtual bool messageExists(Transaction& tx, const std::string& identifier) = 0;

  virtual std::optional<IngestRecord> findIngest(Transaction& tx, const std::string& sender,
                                                 const std::string& identifier) = 0;
  virtual void recordIngest(Transaction& tx, const IngestRecord& record) = 0;
  // The relay warning created by the upstream message (sender, identifier), if any.
  virtual std::optional<std::string> relayOf(Transaction& tx, const std::string& sender,
                                             const std::string& identifier) = 0;
};

}  // namespace eoc::store
