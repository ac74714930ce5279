#pragma once
// Several waiting messages to one throttled destination, as one message.
#include <vector>

#include "broadcast/channels/message.hpp"

namespace eoc::broadcast::channels {

// `parts` are non-empty and all drill or all live (the queue guarantees it); the digest takes the
// gravest level among them, the drill flag of the parts, and lists each with its own ack link.
ChannelMessage digestOf(const std::vector<ChannelMessage>& parts);

}  // namespace eoc::broadcast::channels
