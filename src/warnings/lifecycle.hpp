#pragma once
// The warning lifecycle: every allowed transition, the role rules and the two-person rule.
// Each transition either completes or throws EocError leaving the Warning untouched.
//
// Who may do what (docs/design.md: "Who may do what" and the lessons under "Warnings"):
//   draft            duty_officer
//   issue Actual     approver whose person name differs from the author's (SelfApproval
//                    otherwise — no exception for admins or for anyone holding two tokens)
//   issue Exercise/Test   duty_officer or approver, the author included
//   update Actual    raising the level is a new decision about a live public warning, so it
//                    needs an approver who is not the author; lowering the level, extending or
//                    narrowing/widening the area, or rewording is done by one duty officer
//   update Exercise/Test  duty_officer or approver
//   cancel           one duty_officer or approver, one call, no approval wait (a false alarm
//                    must be withdrawable in seconds, not 38 minutes)
// No transition changes status: an Exercise is an Exercise until it ends.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/warning.hpp"

namespace eoc::warnings {

// Hands out CAP identifiers in the national form of GB/T 35965.1 (national_identifier.hpp):
// `<14-digit unit code>_<YYYYMMDDhhmmss>_<N>`, N one digit counting the unit's messages in that
// Beijing second from 0. Thread-safe.
class IdentifierSequence {
 public:
  // `unitCode` must be 14 digits (throws EocError(InvalidParameter) otherwise).
  explicit IdentifierSequence(std::string unitCode);
  std::string next(TimePoint sent);
  const std::string& unitCode() const { return unitCode_; }

 private:
  std::string unitCode_;
  std::mutex mutex_;
  TimePoint second_{};
  std::uint32_t used_ = 0;  // identifiers handed out for second_
};

// A validated POST /warnings body (see warning_request.hpp for the parser).
struct WarningRequest {
  std::string type;
  std::string level;
  WarningStatus status = WarningStatus::Actual;
  WarningArea area;
  TimePoint onset;
  TimePoint expires;
  std::optional<std::string> description;
  std::optional<std::string> drillId;
};

// A validated POST /warnings/{id}/update body: only what changes.
struct WarningChanges {
  std::optional<std::string> level;
  std::optional<TimePoint> expires;
  std::optional<WarningArea> area;
  std::optional<std::string> description;
};

class WarningLifecycle {
 public:
  // `sender` is the CAP sender of every message (no spaces, commas, '<' or '&').
  WarningLifecycle(const SignalCatalogue& catalogue, std::string sender, IdentifierSequence& identifiers);

  Warning draft(WarningRequest request, std::string id, const Principal& actor, TimePoint now) const;
  // Ingest relay: a draft authored by `actor` (normally the ingest's service principal) that
  // remembers the upstream message it relays.
  Warning draftRelay(WarningRequest request, std::string id, std::string sourceTriple, const Principal& actor,
                     TimePoint now) const;
  const IssuedMessage& issue(Warning& w, const Principal& actor, TimePoint now) const;
  const IssuedMessage& update(Warning& w, const WarningChanges& changes, const Principal& actor, TimePoint now) const;
  // Live warning: a Cancel message referencing every earlier one. Draft: discarded, no message
  // (returns nullptr).
  const IssuedMessage* cancel(Warning& w, const std::string& reason, bool falseAlarm, const Principal& actor,
                              TimePoint now) const;
  // Live warning past its expiry → expired; returns whether the state changed.
  bool expire(Warning& w, TimePoint now) const;

  const std::string& sender() const { return sender_; }

 private:
  IssuedMessage makeMessage(const Warning& w, MsgType type, const Principal& actor, TimePoint now) const;

  const SignalCatalogue& catalogue_;
  std::string sender_;
  IdentifierSequence& identifiers_;
};

}  // namespace eoc::warnings
