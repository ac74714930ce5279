// The MQTT channel against the real mosquitto broker (Debian's), started by the test on a free
// loopback port: QoS 1 acknowledged, the CAP XML retained per committee topic, drills on their own
// topic, a refused login permanent, a broker down then up transient then delivered.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>

#include <mosquitto.h>

#include "mosquitto_broker.hpp"
#include "support/channel_env.hpp"

namespace eoc::testing::channels_mqtt_test {
namespace {

using namespace broadcast::channels;
using namespace std::chrono_literals;

struct Received {
  std::string topic;
  std::string payload;
  bool retained = false;
};

// A plain libmosquitto subscriber, as a committee's screen or a city fan-out would be.
class Subscriber {
 public:
  Subscriber(int port, const std::string& topic) {
    mosq_ = mosquitto_new(nullptr, true, this);
    mosquitto_message_callback_set(mosq_, [](mosquitto*, void* self, const mosquitto_message* m) {
      auto* s = static_cast<Subscriber*>(self);
      std::lock_guard lock(s->mutex_);
      s->messages_.push_back({m->topic, std::string(static_cast<const char*>(m->payload), size_t(m->payloadlen)), m->retain});
      s->cv_.notify_all();
    });
    if (mosquitto_connect(mosq_, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS) throw std::runtime_error("subscriber connect");
    mosquitto_subscribe(mosq_, nullptr, topic.c_str(), 1);
    mosquitto_loop_start(mosq_);
  }
  ~Subscriber() {
    mosquitto_disconnect(mosq_);
    mosquitto_loop_stop(mosq_, true);
    mosquitto_destroy(mosq_);
  }
  std::vector<Received> waitFor(size_t n, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
    return messages_;
  }

 private:
  mosquitto* mosq_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Received> messages_;
};

struct MqttTest : ::testing::Test {
  ChannelEnv env;
  Channel channelFor(const fakes::MosquittoBroker& broker, const std::string& extra = "") {
    return channelFrom(R"({"kind": "mqtt", "url": ")" + broker.url() + R"(", "topic": "eoc/650103/650103001/warnings")" +
                       extra + "}");
  }
};

TEST_F(MqttTest, TheCapIsPublishedQos1RetainedAndALateSubscriberGetsTheLatest) {
  fakes::MosquittoBroker broker(env.scratch.path() / "broker");
  broker.start();
  auto channel = channelFor(broker);
  Subscriber early(broker.port(), "eoc/650103/650103001/warnings");
  auto first = rainstormWarning("m-1");
  auto v = env.send(channel, first);
  EXPECT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  EXPECT_EQ(v.code, "puback");
  auto update = rainstormWarning("m-2");
  update.msgType = "Update";
  update.capXml = "<alert><msgType>Update</msgType></alert>";
  ASSERT_EQ(env.send(channel, update).outcome, Outcome::Delivered);
  auto seen = early.waitFor(2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].payload, first.capXml);
  EXPECT_EQ(seen[1].payload, update.capXml);

  Subscriber late(broker.port(), "eoc/650103/650103001/warnings");
  auto retained = late.waitFor(1);
  ASSERT_EQ(retained.size(), 1u);
  EXPECT_TRUE(retained[0].retained);
  EXPECT_EQ(retained[0].payload, update.capXml);  // the latest message of the committee's topic
}

TEST_F(MqttTest, ADrillGoesToTheDrillTopicAndNeverReplacesTheRetainedLiveWarning) {
  fakes::MosquittoBroker broker(env.scratch.path() / "broker");
  broker.start();
  auto channel = channelFor(broker);
  ASSERT_EQ(env.send(channel, rainstormWarning("live")).outcome, Outcome::Delivered);
  auto drill = drillOf(rainstormWarning("drill"));
  ASSERT_EQ(env.send(channel, drill).outcome, Outcome::Delivered);
  Subscriber live(broker.port(), "eoc/650103/650103001/warnings");
  Subscriber exercise(broker.port(), "eoc/650103/650103001/warnings/exercise");
  auto l = live.waitFor(1);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].payload, rainstormWarning().capXml);
  auto e = exercise.waitFor(1);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].payload, drill.capXml);
  // And not at all for a recipient outside drills.
  EXPECT_EQ(env.send(channel, drill, false).code, "refused");
}

TEST_F(MqttTest, ARefusedLoginIsPermanent) {
  fakes::MosquittoBroker broker(env.scratch.path() / "broker", "eoc", "right");
  broker.start();
  RenderContext ctx;
  ctx.timeout = 10s;
  auto wrong = env.send(channelFor(broker, R"(, "username": "eoc", "password": "wrong")"), rainstormWarning(), true, ctx);
  EXPECT_EQ(wrong.outcome, Outcome::Permanent) << wrong.code << " " << wrong.message;
  EXPECT_EQ(wrong.code.rfind("connack", 0), 0u);
  auto right = env.send(channelFor(broker, R"(, "username": "eoc", "password": "right")"), rainstormWarning(), true, ctx);
  EXPECT_EQ(right.outcome, Outcome::Delivered) << right.code << " " << right.message;
}

TEST_F(MqttTest, ABrokerThatIsDownIsTransientAndThePublisherDeliversOnceItIsBack) {
  fakes::MosquittoBroker broker(env.scratch.path() / "broker");
  const int port = broker.start();
  auto channel = channelFor(broker);
  ASSERT_EQ(env.send(channel, rainstormWarning("before")).outcome, Outcome::Delivered);
  broker.stop();
  RenderContext shortWait;
  shortWait.timeout = 1s;
  auto down = env.send(channel, rainstormWarning("down"), true, shortWait);
  EXPECT_EQ(down.outcome, Outcome::Transient) << down.code;
  EXPECT_EQ(down.code, "timeout");
  broker.start(port);
  RenderContext longWait;
  longWait.timeout = 15s;  // libmosquitto reconnects with a 1 s..30 s backoff
  auto up = env.send(channel, rainstormWarning("after"), true, longWait);
  EXPECT_EQ(up.outcome, Outcome::Delivered) << up.code << " " << up.message;
}

// Holds open descriptors until the next one the process opens is numbered above FD_SETSIZE.
class DescriptorsAboveSelectsReach {
 public:
  DescriptorsAboveSelectsReach() {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    const rlim_t wanted = FD_SETSIZE + 64;
    if (limit.rlim_cur < wanted) {
      limit.rlim_cur = wanted;
      if (limit.rlim_max < wanted) limit.rlim_max = wanted;  // root may raise it
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) throw std::runtime_error("cannot raise RLIMIT_NOFILE");
    }
    for (;;) {
      int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw std::runtime_error("cannot open descriptors");
      held_.push_back(fd);
      if (fd >= FD_SETSIZE + 8) break;
    }
  }
  ~DescriptorsAboveSelectsReach() {
    for (int fd : held_) ::close(fd);
  }

 private:
  std::vector<int> held_;
};

TEST_F(MqttTest, ThePublisherWorksInAProcessHoldingMoreDescriptorsThanSelectCanWatch) {
  // eoc under load holds hundreds of event streams and connections; libmosquitto's own threaded
  // loop uses select() and never connected a socket numbered 1024 or above.
  fakes::MosquittoBroker broker(env.scratch.path() / "broker");
  broker.start();
  Subscriber screen(broker.port(), "eoc/650103/650103001/warnings");
  DescriptorsAboveSelectsReach crowded;
  RenderContext ctx;
  ctx.timeout = 10s;
  const auto warning = rainstormWarning("crowded");
  auto v = env.send(channelFor(broker), warning, true, ctx);
  EXPECT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  auto seen = screen.waitFor(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].payload, warning.capXml);
}

}  // namespace
}  // namespace eoc::testing::channels_mqtt_test
