#include <algorithm>
#include <mutex>

#include "core/error.hpp"
#include "core/random_id.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

constexpr std::string_view kPrefix = "eoc_";
constexpr size_t kIdBytes = 8;
constexpr size_t kSecretBytes = 32;

bool isLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct ParsedToken {
  std::string tokenId;
  std::string secret;
};

std::optional<ParsedToken> parseToken(std::string_view token) {
  constexpr size_t idLength = kIdBytes * 2, secretLength = kSecretBytes * 2;
  if (token.size() != kPrefix.size() + idLength + 1 + secretLength || !token.starts_with(kPrefix)) return std::nullopt;
  std::string_view id = token.substr(kPrefix.size(), idLength);
  if (token[kPrefix.size() + idLength] != '_') return std::nullopt;
  std::string_view secret = token.substr(kPrefix.size() + idLength + 1);
  if (!isLowerHex(id) || !isLowerHex(secret)) return std::nullopt;
  return ParsedToken{std::string(id), std::string(secret)};
}

void validateSubject(Role role, const std::string& subject) {
  auto fail = [&](const std::string& why) { throw EocError(ErrorCode::InvalidParameter, "subject: " + why); };
  switch (role) {
    case Role::Committee:
      if (subject.size() != 9 ||
          !std::all_of(subject.begin(), subject.end(), [](char c) { return c >= '0' && c <= '9'; }))
        fail("role committee needs a 9-digit committee code such as 650103001, got \"" + subject + "\"");
      break;
    case Role::Team:
      if (subject.empty() || subject.size() > 32 || !std::all_of(subject.begin(), subject.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
          }))
        fail("role team needs a team id of 1-32 letters, digits, '_' or '-', got \"" + subject + "\"");
      break;
    default:
      if (!subject.empty()) fail("role " + std::string(roleName(role)) + " takes no subject, got \"" + subject + "\"");
  }
}

}  // namespace

TokenRepository::TokenRepository(Database& db, const TimeSource& clock, std::chrono::seconds cacheTtl)
    : db_(db), clock_(clock), cacheTtl_(cacheTtl) {}

CreatedToken TokenRepository::create(Role role, const std::string& subject, const std::string& name) {
  validateSubject(role, subject);  // before taking the write lock
  return db_.write([&](Transaction& tx) { return create(tx, role, subject, name); });
}

CreatedToken TokenRepository::create(store::Transaction& tx, Role role, const std::string& subject,
                                     const std::string& name) {
  validateSubject(role, subject);
  std::string tokenId = randomHex(kIdBytes);
  std::string secret = randomHex(kSecretBytes);
  Transaction::of(tx)
      .prepare(
          "INSERT INTO tokens (token_id, secret_hash, role, subject, name, created_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bindAll(tokenId, sha256Hex(secret), roleName(role), subject, name, formatBeijing(clock_.now()))
      .run();
  return {tokenId, std::string(kPrefix) + tokenId + "_" + secret};
}

std::optional<Principal> TokenRepository::authenticate(const std::string& token) {
  auto parsed = parseToken(token);
  if (!parsed) return std::nullopt;
  std::string key = sha256Hex(token);
  TimePoint now = clock_.now();
  uint64_t revocationsBefore;
  {
    std::shared_lock lock(cacheMutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now - it->second.verifiedAt < cacheTtl_) return it->second.principal;
    revocationsBefore = revocations_;
  }

  struct Row {
    std::string secretHash, role, subject, name;
    bool revoked;
  };
  auto row = db_.read([&](Connection& c) -> std::optional<Row> {
    Statement s = c.prepare("SELECT secret_hash, role, subject, name, revoked_at FROM tokens WHERE token_id = ?1");
    s.bind(1, parsed->tokenId);
    if (!s.step()) return std::nullopt;
    return Row{s.text(0), s.text(1), s.text(2), s.text(3), !s.isNull(4)};
  });

  std::optional<Role> role = row ? parseRole(row->role) : std::nullopt;
  if (!row || row->revoked || !role || !constantTimeEquals(sha256Hex(parsed->secret), row->secretHash)) {
    std::unique_lock lock(cacheMutex_);
    cache_.erase(key);  // an expired entry for a token revoked elsewhere
    return std::nullopt;
  }

  Principal principal{*role, row->subject, row->name, parsed->tokenId};
  std::unique_lock lock(cacheMutex_);
  if (revocations_ == revocationsBefore) cache_[key] = CacheEntry{principal, now};
  return principal;
}

bool TokenRepository::revoke(const std::string& tokenId) {
  return db_.write([&](Transaction& tx) { return revoke(tx, tokenId); });
}

bool TokenRepository::revoke(store::Transaction& tx, const std::string& tokenId) {
  Transaction::of(tx)
      .prepare("UPDATE tokens SET revoked_at = ?2 WHERE token_id = ?1 AND revoked_at IS NULL")
      .bindAll(tokenId, formatBeijing(clock_.now()))
      .run();
  bool revoked = Transaction::of(tx).connection().changes() > 0;
  if (revoked) {
    // Now, so no request is served from the cache while the revocation commits, and again after
    // the commit, so a verification that read the row before the commit cannot re-cache it.
    forget(tokenId);
    tx.afterCommit([this, tokenId] { forget(tokenId); });
  }
  return revoked;
}

void TokenRepository::forget(const std::string& tokenId) {
  std::unique_lock lock(cacheMutex_);
  ++revocations_;
  std::erase_if(cache_, [&](const auto& entry) { return entry.second.principal.tokenId == tokenId; });
}

std::vector<TokenInfo> TokenRepository::list() {
  return db_.read([](Connection& c) {
    std::vector<TokenInfo> out;
    Statement s = c.prepare(
        "SELECT token_id, role, subject, name, created_at, revoked_at FROM tokens ORDER BY created_at DESC, token_id");
    while (s.step()) {
      auto role = parseRole(s.text(1));
      if (!role) throw EocError(ErrorCode::StorageError, "token " + s.text(0) + " has unknown role " + s.text(1));
      out.push_back({s.text(0), *role, s.text(2), s.text(3), s.text(4), s.optionalText(5)});
    }
    return out;
  });
}

}  // namespace eoc::store::sqlite
