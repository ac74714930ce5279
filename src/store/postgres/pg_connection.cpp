#include "store/postgres/pg_connection.hpp"

#include <stdexcept>

#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_url.hpp"
#include "store/postgres/placeholders.hpp"

namespace eoc::store::postgres {

namespace {

constexpr int kOldestServer = 120000;  // generated columns (PostgreSQL 12) carry the PostGIS columns

// Server NOTICEs ("relation ... already exists, skipping") are expected chatter, not errors.
void ignoreNotice(void*, const PGresult*) {}

bool isDataChange(const char* commandStatus) {
  std::string_view status(commandStatus ? commandStatus : "");
  return status.starts_with("INSERT") || status.starts_with("UPDATE") || status.starts_with("DELETE") ||
         status.starts_with("MERGE");
}

std::string sessionOptions(const ConnectOptions& o) {
  std::string out = "-c client_min_messages=warning";
  auto add = [&](const std::string& name, const std::string& value) { out += " -c " + name + "=" + value; };
  add("statement_timeout", std::to_string(o.statementTimeout.count()));
  add("lock_timeout", std::to_string(o.lockTimeout.count()));
  add("idle_in_transaction_session_timeout", std::to_string(o.idleInTransactionTimeout.count()));
  for (const auto& [name, value] : o.settings) {
    if (name.find_first_of(" \\") != std::string::npos || value.find_first_of(" \\") != std::string::npos)
      throw std::invalid_argument("PostgreSQL session setting " + name + " must not contain spaces or backslashes");
    add(name, value);
  }
  return out;
}

// The URL's own `options=-c …` settings, if any: libpq parses the URL (percent-decoding included).
// Left to libpq, the URL's `options` would replace eoc's session settings (statement_timeout,
// lock_timeout, …) instead of adding to them; the constructor merges the two.
std::string urlSessionOptions(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
  if (!parsed) {
    if (error) PQfreemem(error);
    return {};  // libpq reports the malformed URL itself when connecting
  }
  std::string out;
  for (PQconninfoOption* o = parsed; o->keyword; ++o)
    if (std::string_view(o->keyword) == "options" && o->val) out = o->val;
  PQconninfoFree(parsed);
  return out;
}

}  // namespace

Connection::Connection(const std::string& url, const ConnectOptions& options) : redactedUrl_(redactUrl(url)) {
  const std::string connectTimeout = std::to_string(std::max<int64_t>(1, options.connectTimeout.count()));
  const std::string keepaliveIdle = std::to_string(options.keepaliveIdle.count());
  const std::string keepaliveInterval = std::to_string(options.keepaliveInterval.count());
  const std::string keepaliveCount = std::to_string(options.keepaliveCount);
  const std::string tcpUserTimeout = std::to_string(options.tcpUserTimeout.count());
  // eoc's settings first, the URL's after them: the server applies `-c` switches in order, so a
  // URL may still override one of eoc's (or set search_path) without dropping the others.
  std::string sessionSettings = sessionOptions(options);
  if (std::string fromUrl = urlSessionOptions(url); !fromUrl.empty()) sessionSettings += " " + fromUrl;
  // eoc's defaults first, the URL last: libpq lets later keywords override earlier ones, so a
  // URL may still say ?connect_timeout=20 or ?application_name=eoc-city. `options` is repeated
  // after the URL so that the merged settings, not the URL's alone, reach the server.
  const char* keywords[] = {"connect_timeout",     "application_name",   "client_encoding", "options",
                            "keepalives",          "keepalives_idle",    "keepalives_interval",
                            "keepalives_count",    "tcp_user_timeout",   "dbname",          "options",
                            nullptr};
  const char* values[] = {connectTimeout.c_str(), options.applicationName.c_str(), "UTF8", sessionSettings.c_str(),
                          "1",                    keepaliveIdle.c_str(),           keepaliveInterval.c_str(),
                          keepaliveCount.c_str(), tcpUserTimeout.c_str(),          url.c_str(),
                          sessionSettings.c_str(), nullptr};
  conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn_) throw PgError("", "out of memory opening a PostgreSQL connection", "");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = "cannot connect to " + redactedUrl_ + ": " + PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("", std::move(message), "");
  }
  PQsetNoticeReceiver(conn_, ignoreNotice, nullptr);
  if (PQserverVersion(conn_) < kOldestServer) {
    std::string message = redactedUrl_ + " runs PostgreSQL " + std::to_string(PQserverVersion(conn_)) +
                          "; eoc needs PostgreSQL 12 or newer";
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("0A000", std::move(message), "");
  }
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);  // also releases the server's prepared statements
}

PgResult Connection::checked(PGresult* raw, std::string_view sql) {
  PgResult result(raw);
  ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
    throwResultError(conn_, raw, sql);
  if (isDataChange(PQcmdStatus(raw))) {
    std::string_view count = PQcmdTuples(raw);
    int64_t n = 0;
    for (char c : count) n = n * 10 + (c - '0');
    changes_ = n;
  }
  return result;
}

Statement Connection::prepare(std::string_view sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    RewrittenSql rewritten;
    try {
      rewritten = rewritePlaceholders(sql);
    } catch (const std::invalid_argument& e) {
      throw PgError("42601", e.what(), std::string(sql));
    }
    PreparedStatement statement{"eoc_" + std::to_string(prepared_.size() + 1), std::string(sql),
                                rewritten.parameterCount};
    checked(PQprepare(conn_, statement.name.c_str(), rewritten.text.c_str(), 0, nullptr), sql);
    it = prepared_.emplace(std::string(sql), std::move(statement)).first;
  }
  return Statement(*this, it->second);
}

PgResult Connection::execute(const PreparedStatement& statement, const std::vector<const char*>& values) {
  return checked(PQexecPrepared(conn_, statement.name.c_str(), int(values.size()), values.data(), nullptr, nullptr,
                                /*resultFormat=text*/ 0),
                 statement.sql);
}

void Connection::exec(std::string_view script) {
  std::string text(script);  // PQexec needs a NUL-terminated string
  checked(PQexec(conn_, text.c_str()), script);
}

bool Connection::inTransaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool Connection::transactionFailed() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

bool Connection::broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

int Connection::serverVersion() const { return PQserverVersion(conn_); }

int Connection::backendPid() const { return PQbackendPID(conn_); }

int Connection::socket() const { return PQsocket(conn_); }

std::string Connection::quoteIdentifier(std::string_view name) const {
  char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
  if (!quoted) throwResultError(conn_, nullptr, "PQescapeIdentifier");
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

bool Connection::consumeInput() { return PQconsumeInput(conn_) == 1 && !broken(); }

std::vector<Notification> Connection::takeNotifications() {
  std::vector<Notification> out;
  while (PGnotify* n = PQnotifies(conn_)) {
    out.push_back(Notification{n->relname ? n->relname : "", n->extra ? n->extra : "", n->be_pid});
    PQfreemem(n);
  }
  return out;
}

}  // namespace eoc::store::postgres
