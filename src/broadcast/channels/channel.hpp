#pragma once
// Channels as data: how one recipient is reached, one entry of its "channels" list in
// recipients.json. Each kind has its validated settings; the vendor URL is part of every entry, so
// an on-premises gateway or a test server can stand in for the vendor.
//
//   {"kind": "webhook",  "url": "https://…", "secret": "whsec_…"}
//   {"kind": "wecom",    "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY",
//    "mobiles": ["13800000001"], "format": "text" | "markdown"}
//   {"kind": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=T", "secret": "SEC…",
//    "mobiles": [...]}
//   {"kind": "feishu",   "url": "https://open.feishu.cn/open-apis/bot/v2/hook/ID", "secret": "…"}
//   {"kind": "sms",      "url": "https://dysmsapi.aliyuncs.com/", "access_key_id": "…", "access_key_secret": "…",
//    "sign_name": "…", "template": "SMS_…", "template_text": "…${text}…", "drill_template": "SMS_…",
//    "drill_template_text": "…", "phones": [...], "region_id": "cn-hangzhou"}
//   {"kind": "mqtt",     "url": "mqtt://127.0.0.1:1883", "topic": "eoc/650103/650103001/warnings",
//    "drill_topic": "…", "username": "…", "password": "…"}
//   {"kind": "ebd",      "url": "https://…/ebd", "src_ebrid": "…", "dest_ebrid": "…",
//    "private_key": "/etc/eoc/ebd-sm2.pem", "cert_sn": "…", "issuer_id": "…"}
// Secrets (secret, access_key_secret, password, the key in a WeCom URL) are never logged.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace eoc::broadcast::channels {

enum class Kind { Webhook, WeCom, DingTalk, Feishu, Sms, Mqtt, Ebd };
std::string_view kindName(Kind kind);
std::optional<Kind> parseKind(std::string_view name);

struct WebhookChannel {
  std::string url;
  std::string secret;  // "whsec_…"; empty: unsigned
};

struct WeComChannel {
  std::string url;                   // the key in the URL is the robot's only credential
  std::vector<std::string> mobiles;  // mentioned_mobile_list (text format only)
  bool markdown = false;
};

struct DingTalkChannel {
  std::string url;
  std::string secret;  // "SEC…": 加签; empty when the robot uses keywords or an IP list
  std::vector<std::string> mobiles;
};

struct FeishuChannel {
  std::string url;
  std::string secret;  // 签名校验; empty when unsigned
};

struct SmsChannel {
  std::string url;
  std::string accessKeyId;
  std::string accessKeySecret;
  std::string signName;            // without the 【】 the operator adds
  std::string templateCode;        // live messages
  std::string templateText;        // the approved template's text, with ${variables}
  std::string drillTemplateCode;   // exercises: a separate template (its own daily quota)
  std::string drillTemplateText;
  std::vector<std::string> phones;  // at most 1,000 (one SendSms call)
  std::string regionId = "cn-hangzhou";
};

struct MqttChannel {
  std::string url;         // mqtt://host[:port]
  std::string topic;       // live messages, retained
  std::string drillTopic;  // exercises (never retained over the live message); default topic + "/exercise"
  std::string username;
  std::string password;
};

struct EbdChannel {
  std::string url;
  std::string srcEbrid;    // this platform's resource code (EBRID)
  std::string destEbrid;   // the receiving broadcast platform's EBRID
  std::string privateKeyFile;  // SM2 key (PEM); empty: the package goes unsigned
  std::string certSn;      // the signing certificate's serial number as the platform knows it
  std::string issuerId;
};

using Settings = std::variant<WebhookChannel, WeComChannel, DingTalkChannel, FeishuChannel, SmsChannel, MqttChannel,
                              EbdChannel>;

struct Channel {
  Kind kind;
  Settings settings;
  const std::string& url() const;
  // What a vendor limits per: the robot (its URL), the SMS account, the broker topic, …
  // Deliveries to one destination share its rate limit and its queue.
  std::string destinationKey() const;
  template <class T>
  const T& as() const {
    return std::get<T>(settings);
  }
};

// Parses and validates one "channels" list. `at` is the JSON pointer of the list (for errors);
// `drills` is the recipient's drills flag (an SMS channel of a drill recipient needs a drill
// template). Throws EocError(InvalidParameter) naming source, JSON pointer and field.
std::vector<Channel> parseChannels(const nlohmann::json& list, const std::string& source, const std::string& at,
                                   bool drills);

}  // namespace eoc::broadcast::channels
