#pragma once
// The whole configuration of eoc: a plain struct with defaults, filled in main from the config
// file, the environment and the command line (in that order), then validated once.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace eoc {

struct Limits {
  size_t maxBodyBytes = 1 << 20;          // 1 MiB: a district polygon with 10k vertices fits easily
  size_t maxUriBytes = 8192;
  int maxJsonDepth = 32;
  size_t maxPolygonVertices = 10000;
  size_t defaultPageSize = 100;           // OGC API items
  size_t maxPageSize = 10000;
  size_t maxNearestK = 1000;
  // Per bearer token, on state-changing requests: a token bucket refilled at this rate, holding
  // at most the burst. A runaway client or a stolen token cannot flood the store. 0: no limit.
  size_t writesPerMinutePerToken = 1200;
  size_t writeBurstPerToken = 200;
};

// Broadcast to the committees: webhook delivery and escalation of missing acknowledgements
// (docs/design.md, "Broadcast"). Times in seconds.
struct BroadcastSettings {
  std::filesystem::path recipientsFile;  // empty: <geodata_dir>/recipients.json when present
  int ackDeadlineRed = 300;              // ack deadline after first send, per warning level
  int ackDeadlineOrange = 600;
  int ackDeadlineYellow = 1200;
  int ackDeadlineBlue = 1800;
  int escalationRepeat = 300;            // an open escalation is raised again this often
  int retryBaseMs = 1000;                // first retry gap; doubles per attempt, plus up to 25% jitter
  int retryMaxMs = 300000;               // gaps never exceed this
  int webhookTimeoutMs = 5000;           // connect + send + answer, per attempt
  size_t maxInFlight = 256;              // concurrent webhook POSTs
  size_t maxEventStreams = 600;          // concurrent GET /events subscribers (each holds a thread)
  int keepAliveSeconds = 15;             // SSE comment line when nothing happened
  // The event journal (PostgreSQL: events shared by instances, Last-Event-ID on any of them) keeps
  // events this many hours and at most this many; older ones are pruned every ten minutes.
  int eventRetainHours = 72;
  int64_t eventRetainCount = 100000;
  // PEM bundle trusted beside the system store for every outbound HTTPS channel (an on-premises
  // SMS or broadcast gateway with its own CA); empty: the system store only.
  std::filesystem::path extraCaFile;
  // The secret path part of the SMS receipt URL Aliyun pushes to (POST /sms-report/{key}); Aliyun's
  // push carries no signature, so the URL is the credential. Empty: receipts are not taken.
  std::string smsReportKey;
};

// One upstream CAP feed (Atom or RSS) eoc polls: relay.feeds[] of the config file.
struct RelayFeed {
  std::string url;              // http:// or https://
  int intervalSeconds = 60;     // between polls while the feed answers
  std::string name;             // for logs and status; empty: the URL
};

// Pulling upstream CAP feeds (the relay). Every entry handed on goes through the same ingest as
// POST /cap/ingest. Sizes in bytes.
struct RelaySettings {
  std::vector<RelayFeed> feeds;  // none: the relay only takes what is pushed to /cap/ingest
  // cn-cma-xx (the WMO mirror of CMA's alerts) lists ~500 items, each CAP body ~90 KiB.
  size_t maxFeedBytes = 4 << 20;
  size_t maxCapBytes = 1 << 20;  // one CAP message, as limits.max_body_bytes for /cap/ingest
  size_t maxEntries = 1000;
  int timeoutMs = 10000;         // one request: connect, send, whole answer
  int maxBackoffSeconds = 1800;  // a failing feed is retried at most this far apart
};

// Relief stock (应急物资储备).
struct StockSettings {
  // A batch expiring within this many days raises a stock.expiring alert (the office's setting).
  int expiryWindowDays = 90;
};

struct Config {
  std::string listenHost = "127.0.0.1";
  int listenPort = 8080;
  std::filesystem::path dataDir = "var";
  // Where the store lives (store/open.hpp): empty or a path or sqlite:PATH -> SQLite (empty: in
  // dataDir); postgresql://user@host:port/db -> PostgreSQL shared by several instances.
  std::string store;
  std::filesystem::path plansDir = "plans";
  std::filesystem::path geodataDir = "geodata";
  std::filesystem::path webDir = "web/dist";
  std::string publicBaseUrl;             // empty: derived from the Host header
  size_t httpThreads = 16;               // request workers; streams are served elsewhere
  size_t backgroundThreads = 2;          // Boost.Asio pool for timers and delivery
  Limits limits;
  BroadcastSettings broadcast;
  RelaySettings relay;
  StockSettings stock;

  // Empty string when valid, otherwise one line naming the bad setting.
  std::string validate() const;
};

// Reads a JSON config file into `config` (only the keys present are changed). Throws EocError
// naming the file and key on a wrong type or unknown key.
void loadConfigFile(const std::filesystem::path& file, Config& config);
// Applies EOC_LISTEN ("host:port"), EOC_DATA_DIR and EOC_STORE.
void applyEnvironment(Config& config);
// Parses "host:port"; throws EocError(InvalidParameter) on anything else.
void parseListen(const std::string& text, Config& config);

}  // namespace eoc
