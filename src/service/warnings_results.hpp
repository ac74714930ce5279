#pragma once
// What the warnings use cases answer: typed results, rendered to JSON only at the HTTP edge
// (http/warnings_render.hpp) — for the API and for the live event stream alike.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/activation_repository.hpp"
#include "store/warning_repository.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/texts.hpp"
#include "warnings/warning.hpp"
#include "warnings/warning_request.hpp"

namespace eoc::service {

// One line of a warning's history: who did what, when, and the state it left.
struct WarningStep {
  TimePoint at{};
  std::string action;                     // draft | issue | update | cancel | expire | relay | relay_update | …
  std::string actor;                      // Principal::label(), "system" for expiry
  std::optional<std::string> person;      // the person behind the token (absent for the system)
  std::string state;                      // the state after the step
  std::optional<std::string> identifier;  // the CAP message the step sent, if any
  std::optional<std::string> source;      // a relay: the upstream "sender,identifier,sent"
};

// An upstream Update or Cancel of a warning already issued: the desk decides, so eoc keeps the
// request it would POST, ready-made.
struct RelayProposal {
  std::optional<warnings::UpdateRequest> update;  // exactly one of update and cancel
  std::optional<warnings::CancelRequest> cancel;
  std::string source;  // upstream "sender,identifier,sent"
  TimePoint received{};
};

// GET /warnings/{id}, and the answer of every change.
struct WarningView {
  warnings::Warning warning;
  warnings::RenderedTexts texts;  // of its latest message (of the draft as it would be issued)
  std::vector<WarningStep> history;
  TimePoint updatedAt{};
  std::optional<RelayProposal> proposal;
  // The plan activation its issue made, as the plans area stored it.
  std::optional<store::ActivationRecord> activation;
};

// One line of GET /warnings.
struct WarningSummary {
  warnings::Warning warning;
  TimePoint updatedAt{};
  std::optional<std::string> activationId;
  std::string headline;
};

struct WarningList {
  std::vector<WarningSummary> warnings;  // newest first
  size_t total = 0;                      // how many the filter takes, beyond this page too
  size_t offset = 0;
  // Deliveries and acks per warning of the page (absent: nothing was sent).
  std::map<std::string, store::WarningDeliverySummary> deliveries;
};

// GET /warnings/{id}/bulletin.html: the 预警信息发布单, everything the printed form names.
struct WarningBulletin {
  WarningView view;
  std::vector<std::string> committeeNames;  // of its area, in the area's order
  const warnings::SignalType* type = nullptr;
  const warnings::LevelInfo* level = nullptr;
  std::string sender;  // CAP sender of eoc's messages
  TimePoint printedAt{};
};

// GET /warnings/stats
struct WarningStats {
  std::vector<store::WarningMonthCount> cells;  // month, type, level ascending
  size_t total = 0;
  std::optional<TimePoint> from, to;
  const warnings::SignalCatalogue* catalogue = nullptr;  // for the names
};

// GET /signals: the signal catalogue in the district's order (SignalCatalogue::byFrequency); the
// types point into the catalogue, which outlives every request.
struct SignalList {
  std::vector<const warnings::SignalType*> types;
  const warnings::SignalCatalogue* catalogue = nullptr;  // for the levels' names
};

// What POST /cap/ingest did with one upstream message.
enum class IngestOutcome { Drafted, DraftUpdated, DraftCancelled, ProposedUpdate, ProposedCancel, Acknowledged };
std::string_view ingestOutcomeName(IngestOutcome outcome);  // "drafted", "draft_updated", …
std::optional<IngestOutcome> parseIngestOutcome(std::string_view name);

struct IngestResult {
  IngestOutcome outcome = IngestOutcome::Drafted;
  bool duplicate = false;              // the same (sender, identifier) was received before: nothing changed
  std::string warningId;               // empty for an Ack
  size_t acknowledged = 0;             // an Ack: the deliveries it matched
  std::optional<WarningView> warning;  // the relay warning as GET /warnings/{id} shows it
};

}  // namespace eoc::service
