#pragma once
// An outbox to claim from, for the claim tests of both backends: one broadcast message and
// `count` webhook deliveries of it, named d0000, d0001, … and due in that order.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "store/sql/database.hpp"
#include "store/sqlite/repositories.hpp"

namespace eoc::store::testing {

// Delivery i is due at firstDueMs + i * stepMs (stepMs 0: all at once).
inline void seedOutbox(sql::Database& db, sqlite::DeliveryRepository& deliveries, int count, int64_t firstDueMs,
                       int64_t stepMs = 0) {
  db.write([&](sql::Transaction& tx) {
    BroadcastMessageRecord message;
    message.identifier = "m1";
    message.warningId = "w1";
    message.msgType = "Alert";
    message.status = "Actual";
    message.level = "orange";
    message.contentType = "application/cap+xml";
    message.payload = "<alert/>";
    message.expiresMs = 100'000'000;
    deliveries.insertMessage(tx, message);
    std::vector<DeliveryRecord> rows;
    for (int i = 0; i < count; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "d%04d", i);
      DeliveryRecord d;
      d.id = id;
      d.message = "m1";
      d.warningId = "w1";
      d.recipient = std::string("r") + id;
      d.url = "http://127.0.0.1:9/hook";
      d.nextAttemptMs = firstDueMs + i * stepMs;
      rows.push_back(d);
    }
    deliveries.insertDeliveries(tx, rows);
  });
}

inline std::vector<std::string> deliveryIds(const std::vector<DeliveryRecord>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row.id);
  return out;
}

}  // namespace eoc::store::testing
