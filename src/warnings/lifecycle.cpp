#include "warnings/lifecycle.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "core/error.hpp"

namespace eoc::warnings {

namespace {

void requireName(const Principal& actor) {
  if (actor.name.empty())
    throw EocError(ErrorCode::Forbidden, "the acting token names no person; warnings need a named person");
}

void requireRole(const Principal& actor, std::initializer_list<Role> allowed, const std::string& what) {
  requireName(actor);
  if (std::find(allowed.begin(), allowed.end(), actor.role) == allowed.end())
    throw EocError(ErrorCode::Forbidden, std::string(roleName(actor.role)) + " may not " + what);
}

// The two-person rule: compares persons, never tokens or roles.
void requireSecondPerson(const Warning& w, const Principal& actor, const std::string& what) {
  requireName(actor);
  if (actor.name == w.author)
    throw EocError(ErrorCode::SelfApproval, actor.name + " drafted warning " + w.id + " and may not " + what +
                                                " it; an approver who is a different person must");
  if (actor.role != Role::Approver)
    throw EocError(ErrorCode::Forbidden, std::string(roleName(actor.role)) + " may not " + what +
                                             " an Actual warning; the approver role is needed");
}

void requireLive(const Warning& w, TimePoint now, const std::string& what) {
  if (!w.isLive())
    throw EocError(ErrorCode::InvalidTransition,
                   "warning " + w.id + " is " + std::string(stateName(w.state)) + " and cannot be " + what);
  if (now >= w.expires)
    throw EocError(ErrorCode::InvalidTransition, "warning " + w.id + " expired at " + formatBeijing(w.expires) +
                                                     " and cannot be " + what);
}

}  // namespace

IdentifierSequence::IdentifierSequence(std::string unitCode) : unitCode_(std::move(unitCode)) {
  if (unitCode_.size() != 14 || !allDigits(unitCode_))
    throw EocError(ErrorCode::InvalidParameter, "issuing unit code must be 14 digits, got '" + unitCode_ + "'");
}

std::string IdentifierSequence::next(TimePoint sent) {
  std::lock_guard lock(mutex_);
  // N is one digit, so a unit has ten identifiers a second. An eleventh message in the same
  // second takes the next second's first identifier (the time in the identifier is when the
  // message was entered, not <sent>); the sequence never goes back, so nothing is reused.
  if (sent > second_) {
    second_ = sent;
    used_ = 0;
  } else if (used_ == 10) {
    second_ += std::chrono::seconds(1);
    used_ = 0;
  }
  return unitCode_ + "_" + formatBeijingCompact(second_) + "_" + std::to_string(used_++);
}

WarningLifecycle::WarningLifecycle(const SignalCatalogue& catalogue, std::string sender,
                                   IdentifierSequence& identifiers)
    : catalogue_(catalogue), sender_(std::move(sender)), identifiers_(identifiers) {}

Warning WarningLifecycle::draft(WarningRequest r, std::string id, const Principal& actor, TimePoint now) const {
  requireRole(actor, {Role::DutyOfficer}, "draft a warning");
  catalogue_.require(r.type, r.level);
  if (r.expires <= r.onset) throw EocError(ErrorCode::InvalidTime, "expires: must be after onset");
  if (r.drillId && r.status != WarningStatus::Exercise)
    throw EocError(ErrorCode::InvalidParameter, "drill_id: only an Exercise belongs to a drill");
  Warning w;
  w.id = std::move(id);
  w.type = std::move(r.type);
  w.level = std::move(r.level);
  w.status = r.status;
  w.area = std::move(r.area);
  w.onset = r.onset;
  w.expires = r.expires;
  w.description = std::move(r.description);
  w.drillId = std::move(r.drillId);
  w.author = actor.name;
  w.createdAt = now;
  w.state = WarningState::Draft;
  return w;
}

Warning WarningLifecycle::draftRelay(WarningRequest request, std::string id, std::string sourceTriple,
                                     const Principal& actor, TimePoint now) const {
  Warning w = draft(std::move(request), std::move(id), actor, now);
  w.source = std::move(sourceTriple);
  return w;
}

IssuedMessage WarningLifecycle::makeMessage(const Warning& w, MsgType type, const Principal& actor,
                                            TimePoint now) const {
  IssuedMessage m;
  m.sender = sender_;
  m.sent = now;
  m.msgType = type;
  m.level = w.level;
  m.expires = w.expires;
  m.actor = actor.name;
  // Every earlier message of a live warning is still in force, so every one is referenced.
  for (auto& earlier : w.messages) m.references.push_back(earlier.referenceTriple());
  m.identifier = identifiers_.next(now);
  return m;
}

const IssuedMessage& WarningLifecycle::issue(Warning& w, const Principal& actor, TimePoint now) const {
  if (w.state != WarningState::Draft)
    throw EocError(ErrorCode::InvalidTransition,
                   "warning " + w.id + " is " + std::string(stateName(w.state)) + "; only a draft can be issued");
  if (w.status == WarningStatus::Actual)
    requireSecondPerson(w, actor, "issue");
  else
    requireRole(actor, {Role::DutyOfficer, Role::Approver}, "issue an " + std::string(statusName(w.status)));
  if (now >= w.expires)
    throw EocError(ErrorCode::InvalidTime, "warning " + w.id + " would expire at " + formatBeijing(w.expires) +
                                               ", before it is sent");
  IssuedMessage m = makeMessage(w, MsgType::Alert, actor, now);
  w.approver = actor.name;
  w.state = WarningState::Issued;
  w.messages.push_back(std::move(m));
  return w.messages.back();
}

const IssuedMessage& WarningLifecycle::update(Warning& w, const WarningChanges& c, const Principal& actor,
                                              TimePoint now) const {
  requireLive(w, now, "updated");
  const std::string newLevel = c.level.value_or(w.level);
  catalogue_.require(w.type, newLevel);
  const bool raises = catalogue_.findLevel(newLevel)->rank > catalogue_.findLevel(w.level)->rank;
  if (w.status == WarningStatus::Actual && raises)
    requireSecondPerson(w, actor, "raise the level of");
  else
    requireRole(actor, {Role::DutyOfficer, Role::Approver}, "update a warning");

  const TimePoint newExpires = c.expires.value_or(w.expires);
  if (newExpires <= now) throw EocError(ErrorCode::InvalidTime, "expires: must be after the update is sent");
  if (newExpires <= w.onset) throw EocError(ErrorCode::InvalidTime, "expires: must be after onset");
  const bool changes = newLevel != w.level || newExpires != w.expires || (c.area && !(*c.area == w.area)) ||
                       (c.description && c.description != w.description);
  if (!changes) throw EocError(ErrorCode::InvalidParameter, "update changes nothing");

  Warning next = w;
  next.level = newLevel;
  next.expires = newExpires;
  if (c.area) next.area = *c.area;
  if (c.description) next.description = *c.description;
  IssuedMessage m = makeMessage(next, MsgType::Update, actor, now);
  m.previousLevel = w.level;
  next.state = WarningState::Updated;
  next.messages.push_back(std::move(m));
  w = std::move(next);
  return w.messages.back();
}

const IssuedMessage* WarningLifecycle::cancel(Warning& w, const std::string& reason, bool falseAlarm,
                                              const Principal& actor, TimePoint now) const {
  requireRole(actor, {Role::DutyOfficer, Role::Approver}, "cancel a warning");
  if (w.state == WarningState::Draft) {
    w.state = WarningState::Cancelled;
    return nullptr;
  }
  requireLive(w, now, "cancelled");
  IssuedMessage m = makeMessage(w, MsgType::Cancel, actor, now);
  m.reason = reason;
  m.falseAlarm = falseAlarm;
  w.state = WarningState::Cancelled;
  w.messages.push_back(std::move(m));
  return &w.messages.back();
}

bool WarningLifecycle::expire(Warning& w, TimePoint now) const {
  if (!w.isLive() || now < w.expires) return false;
  w.state = WarningState::Expired;
  return true;
}

}  // namespace eoc::warnings
