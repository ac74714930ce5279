#include "http/broadcast_render.hpp"

namespace eoc::http {

using nlohmann::json;

namespace {

// Times the API shows in Beijing time, or null when they did not happen (yet).
json at(const std::optional<TimePoint>& t) { return t ? json(formatBeijing(*t)) : json(nullptr); }

template <typename T>
json orNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json renderDeliveryRow(const service::DeliveryRow& d) {
  json row = {{"id", d.id},
              {"message", d.message},
              {"channel", d.channel},
              {"state", d.state},
              {"attempts", d.attempts},
              {"vendor_code", d.vendorCode},
              {"last_error", d.lastError},
              {"delivered_at", at(d.deliveredAt)},
              {"next_attempt_at", at(d.nextAttemptAt)}};
  // SMS rows say whether the operator's receipt came (null until it does).
  if (d.channel == "sms") row["receipt"] = d.receipt.empty() ? json(nullptr) : json(d.receipt);
  return row;
}

json renderRecipient(const service::RecipientDelivery& r) {
  json channels = json::object();
  for (const auto& [name, c] : r.channels)
    channels[name] = {{"state", c.state}, {"attempts", c.attempts}, {"vendor_code", c.vendorCode},
                      {"last_error", c.lastError}, {"delivered_at", at(c.deliveredAt)}};
  json deliveries = json::array();
  for (const auto& d : r.deliveries) deliveries.push_back(renderDeliveryRow(d));
  json out = {{"recipient", r.recipient},
              {"name", r.name},
              {"kind", r.kind},
              {"channel", r.channel},
              {"channels", std::move(channels)},
              {"first_sent_at", at(r.firstSentAt)},
              {"attempts", r.attempts},
              {"delivered_at", at(r.deliveredAt)},
              {"delivery_latency_ms", orNull(r.deliveryLatencyMs)},
              {"last_error", r.lastError},
              {"acked_at", at(r.ackedAt)},
              {"acked_by", r.ackedBy},
              {"note", r.note},
              {"ack_seconds", orNull(r.ackSeconds)},
              {"escalations", r.escalations},
              {"escalation_open", r.escalationOpen},
              {"deliveries", std::move(deliveries)}};
  // Only recipients an ack is expected of have a deadline (null once acked or cancelled).
  if (r.acksTracked) out["ack_due_at"] = at(r.ackDueAt);
  return out;
}

}  // namespace

json renderAckOutcome(const service::AckOutcome& outcome) {
  return {{"warning_id", outcome.warningId},
          {"recipient", outcome.recipient},
          {"acked_at", at(outcome.ackedAt)},
          {"acked_by", outcome.ackedBy},
          {"note", outcome.note},
          {"duplicate", outcome.duplicate}};
}

json renderDeliveryReport(const service::DeliveryReport& report) {
  json recipients = json::array();
  for (const auto& r : report.recipients) recipients.push_back(renderRecipient(r));
  const auto& s = report.summary;
  return {{"warning_id", report.warningId},
          {"summary",
           {{"targeted", s.targeted},
            {"delivered", s.delivered},
            {"acked", s.acked},
            {"median_ack_seconds", orNull(s.medianAckSeconds)},
            {"slowest_ack_seconds", orNull(s.slowestAckSeconds)}}},
          {"recipients", std::move(recipients)}};
}

json renderEscalation(const service::EscalationView& e) {
  return {{"id", e.id},
          {"warning_id", e.warningId},
          {"recipient", e.recipient},
          {"name", e.name},
          {"phones", e.phones},
          {"raised_at", formatBeijing(e.raisedAt)},
          {"repeats", e.repeats},
          {"last_at", formatBeijing(e.lastAt)},
          {"next_at", at(e.nextAt)},
          {"state", e.state},
          {"closed_by", e.closedBy},
          {"note", e.note},
          {"closed_at", at(e.closedAt)}};
}

json renderEscalationList(const std::vector<service::EscalationView>& list) {
  json out = json::array();
  for (const auto& e : list) out.push_back(renderEscalation(e));
  return {{"escalations", std::move(out)}};
}

}  // namespace eoc::http
