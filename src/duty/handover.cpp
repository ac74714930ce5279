#include "duty/handover.hpp"

#include "core/error.hpp"
#include "duty/log.hpp"

namespace eoc::duty {

std::string validateHandoverNotes(const HandoverRequest& request, std::size_t maxNotesCodePoints) {
  if (codePoints(request.notes) > maxNotesCodePoints)
    throw EocError(ErrorCode::InvalidBody, "notes: longer than " + std::to_string(maxNotesCodePoints) + " characters");
  return request.notes;
}

void checkCanAccept(const Handover& handover, const std::string& person) {
  if (handover.acceptedAt)
    throw EocError(ErrorCode::Conflict, "handover " + handover.id + " was accepted by " + handover.acceptedBy + " at " +
                                            formatBeijing(*handover.acceptedAt));
  if (person.empty())
    throw EocError(
        ErrorCode::Forbidden,
        "handover " + handover.id + ": accepting needs a token with a person's name (eoc token create --name)");
  if (person == handover.from)
    throw EocError(ErrorCode::Forbidden, "handover " + handover.id + ": the officer handing over (" + handover.from +
                                             ") cannot accept it; the incoming officer does");
}

}  // namespace eoc::duty
