#include "broadcast/channels/sender.hpp"

#include <boost/asio/post.hpp>

#include "core/random_id.hpp"

namespace eoc::broadcast::channels {

ChannelSender::ChannelSender(boost::asio::io_context& io, std::shared_ptr<net::HttpClient> client)
    : io_(io), client_(std::move(client)) {}

ChannelSender::~ChannelSender() = default;

MqttPublisher& ChannelSender::publisherFor(const MqttPublish& p) {
  std::lock_guard lock(mutex_);
  // One connection per login: the password is part of the key (hashed, never kept in clear twice).
  auto& slot = publishers_[p.brokerUrl + " " + p.username + " " + sha256Hex(p.password)];
  if (!slot) slot = std::make_unique<MqttPublisher>(p.brokerUrl, p.username, p.password);
  return *slot;
}

void ChannelSender::send(const Channel& channel, const ChannelMessage& message, bool recipientDrills,
                         const RenderContext& ctx, std::function<void(Verdict)> done) {
  Rendered rendered;
  try {
    rendered = render(channel, message, recipientDrills, ctx);
  } catch (const std::exception& e) {
    Verdict v;
    v.outcome = Outcome::Permanent;
    v.code = dynamic_cast<const RenderRefused*>(&e) ? "refused" : "render";
    v.message = e.what();
    boost::asio::post(io_, [done = std::move(done), v] { done(v); });
    return;
  }
  if (auto* mqtt = std::get_if<MqttPublish>(&rendered.out)) {
    publisherFor(*mqtt).publish(*mqtt, ctx.timeout, std::move(done));
    return;
  }
  auto client = client_ ? client_ : net::sharedClient(io_);
  const Kind kind = channel.kind;
  client->send(std::move(std::get<net::Request>(rendered.out)),
               [kind, done = std::move(done)](net::Response response) { done(classify(kind, response)); });
}

}  // namespace eoc::broadcast::channels
