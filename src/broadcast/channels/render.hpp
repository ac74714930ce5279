#pragma once
// Renderers: a typed ChannelMessage into the vendor's request, within the vendor's documented
// limits, signed the vendor's way. Pure functions of (channel, message, context): the clock and the
// nonce come in through the context so that tests can check a signature byte for byte.
//
// Drill isolation holds here too (defence in depth, beside the recipient targeting): a drill
// message (Exercise/Test) renders with 【演练】 as the first characters of every text, uses the
// SMS drill template and the MQTT drill topic, and is refused for a recipient not in drills.
#include <chrono>
#include <stdexcept>
#include <string>
#include <variant>

#include "broadcast/channels/channel.hpp"
#include "broadcast/channels/message.hpp"
#include "net/http_client.hpp"

namespace eoc::broadcast::channels {

// Vendor limits the renderers keep to. Where each figure comes from:
//  WeCom group robot (developer.work.weixin.qq.com/document/path/91770): text content at most
//    2,048 bytes, markdown content at most 4,096 bytes, UTF-8.
//  Feishu custom bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): request body at
//    most 20 KB; eoc stays under 20,000 bytes.
//  DingTalk custom robot: no size is documented in the pages read; eoc keeps markdown text under
//    4,000 bytes (a warning never needs more).
//  Alibaba Cloud SMS (help.aliyun.com/document_detail/44335.html): ≤ 70 characters including the
//    【signature】 is one message; longer ones are billed per 67 characters.
inline constexpr size_t kWeComTextBytes = 2048;
inline constexpr size_t kWeComMarkdownBytes = 4096;
inline constexpr size_t kFeishuBodyBytes = 20000;
inline constexpr size_t kDingTalkTextBytes = 4000;
inline constexpr size_t kSmsSingleChars = 70;
inline constexpr size_t kSmsPartChars = 67;

struct MqttPublish {
  std::string brokerUrl;  // mqtt://host:port
  std::string username, password;
  std::string topic;
  std::string payload;
  int qos = 1;
  bool retain = true;
};

struct Rendered {
  std::variant<net::Request, MqttPublish> out;
  std::string text;  // the human text as rendered (SMS: the whole message with its signature)
};

struct RenderContext {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::string nonce;  // SMS SignatureNonce; a fresh random one when empty
  std::chrono::milliseconds timeout{5000};
};

// A message this channel must not carry (a drill to a non-drill recipient, a drill SMS without a
// drill template). Never retried: the targeting upstream is wrong.
class RenderRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Rendered render(const Channel& channel, const ChannelMessage& message, bool recipientDrills, const RenderContext& ctx);

// The building blocks, exposed for tests and the digest.
// SMS: the full text the phone shows (【sign】 + template with variables) and the TemplateParam
// JSON, the text variable cut so that the whole stays within 70 characters where it can.
struct SmsText {
  std::string templateCode;
  std::string templateParam;  // JSON object as a string
  std::string fullText;       // what the phone shows
  size_t chars = 0;
  size_t parts = 1;           // billed messages
};
SmsText smsText(const SmsChannel& channel, const ChannelMessage& message);

// Aliyun RPC signature v1 over the request parameters (the Signature parameter excluded):
// base64(HMAC-SHA1(key = secret + "&", METHOD + "&%2F&" + percentEncode(canonical query))).
std::string aliyunRpcSignature(const std::string& method,
                               const std::vector<std::pair<std::string, std::string>>& params,
                               const std::string& accessKeySecret);
// DingTalk 加签: base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret)), not yet URL-encoded.
std::string dingTalkSign(const std::string& timestampMs, const std::string& secret);
// Feishu 签名校验: base64(HMAC-SHA256(key = timestamp + "\n" + secret, msg = "")).
std::string feishuSign(const std::string& timestampSeconds, const std::string& secret);

// "2026-07-12 15:00" (Beijing), for texts people read.
std::string humanTime(TimePoint t);

}  // namespace eoc::broadcast::channels
