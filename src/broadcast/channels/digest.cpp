#include "broadcast/channels/digest.hpp"

#include <stdexcept>

namespace eoc::broadcast::channels {

namespace {
int rank(const std::string& level) {
  if (level == "red") return 4;
  if (level == "orange") return 3;
  if (level == "yellow") return 2;
  return 1;
}
}  // namespace

ChannelMessage digestOf(const std::vector<ChannelMessage>& parts) {
  if (parts.empty()) throw std::invalid_argument("an empty digest");
  ChannelMessage d;
  d.deliveryId = parts.front().deliveryId + "+" + std::to_string(parts.size() - 1);
  d.status = parts.front().status;
  d.msgType = "Alert";
  d.senderName = parts.front().senderName;
  d.level = parts.front().level;
  d.sent = parts.front().sent;
  d.expires = parts.front().expires;
  for (const auto& p : parts) {
    if (p.drill() != d.drill()) throw std::invalid_argument("a digest mixes drill and live messages");
    if (rank(p.level) > rank(d.level)) d.level = p.level;
    if (p.expires > d.expires) d.expires = p.expires;
    for (const auto& code : p.areaCodes) d.areaCodes.push_back(code);
    d.digest.push_back({p.deliveryId, p.msgType, p.signal, p.level, p.headline, p.ackUrl});
  }
  return d;
}

}  // namespace eoc::broadcast::channels
