#pragma once
// The seam between warnings and broadcast. The warnings service calls the dissemination
// listeners inside the transaction that issues/updates/cancels a message, so that the outbox rows
// commit with the message or not at all; the broadcast service registers itself as a listener
// (wired in EocService::start). Likewise an incoming CAP Ack is handed to the ack listeners.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "gis/geometry.hpp"
#include "store/transaction.hpp"
#include "warnings/texts.hpp"

namespace eoc::service {

struct OutgoingMessage {
  std::string warningId;                // eoc's id of the warning
  std::string identifier;               // CAP identifier of this message
  std::string msgType;                  // Alert | Update | Cancel
  std::string status;                   // Actual | Exercise | Test
  std::string type;                     // signal type key, e.g. "rainstorm"
  std::string level;                    // blue | yellow | orange | red
  std::vector<std::string> committees;  // targeted committee codes (9 digits)
  std::optional<gis::Polygon> polygon;  // the warning's refined area, if it has one (WGS84 lon/lat)
  std::string capXml;                   // the CAP 1.2 message, validated
  std::string capJson;                  // the same as JSON
  std::string sms;                      // the district relay text
  warnings::RenderedTexts texts;        // every text of this message (sms among them)
  TimePoint sent{};
  TimePoint expires{};
  std::string drillId;                  // non-empty for exercise messages of a drill
};

// Runs inside the issuing transaction; throwing aborts the whole issue.
using DisseminationListener = std::function<void(store::Transaction&, const OutgoingMessage&)>;
// Runs after the transaction committed (e.g. to start deliveries now).
using CommittedListener = std::function<void(const OutgoingMessage&)>;

struct IncomingCapAck {
  std::string sender;                   // CAP sender of the Ack
  std::vector<std::string> references;  // identifiers it acknowledges
  std::string note;
  TimePoint sent{};
};
// Returns how many deliveries the ack matched; throws EocError for an ack it must refuse.
using CapAckListener = std::function<size_t(const IncomingCapAck&)>;

}  // namespace eoc::service
