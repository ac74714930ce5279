#pragma once
// Bearer tokens, stored hashed (DESIGN.md §2).
//
// A token reads `eoc_<tokenId>_<secret>`: tokenId is 16 hex characters (8 random bytes), public,
// shown in lists and the audit log; secret is 64 hex characters (32 random bytes), shown once at
// creation and stored only as sha256Hex(secret).
//
// authenticate() runs on every request, so verified tokens are cached in memory
// (sha256(token) -> Principal): a cached request costs one hash and no SQL. The cache is dropped
// for a token when revoke() commits, and every entry is re-checked against the database after
// `cacheTtl`, so that a revocation made by another process (the `eoc token` CLI) takes effect
// within that time. Failed attempts are never cached (guessing tokens cannot grow memory).
// Thread-safe.
#include <chrono>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

struct CreatedToken {
  std::string tokenId;
  std::string token;  // the full bearer token; never stored, print it once
};

struct TokenInfo {
  std::string tokenId;
  Role role = Role::Viewer;
  std::string subject;
  std::string name;
  std::string createdAt;                 // Beijing time
  std::optional<std::string> revokedAt;  // Beijing time, when revoked
};

class TokenRepository {
 public:
  TokenRepository(Database& db, const TimeSource& clock, std::chrono::seconds cacheTtl = std::chrono::seconds(60));

  // Throws EocError(InvalidParameter) when the subject does not fit the role: committee needs a
  // 9-digit committee code, team a team id ([A-Za-z0-9_-], 1-32 characters), every other role
  // none.
  CreatedToken create(Role role, const std::string& subject, const std::string& name);
  // The same inside the caller's transaction (to audit the creation with it).
  CreatedToken create(Transaction& tx, Role role, const std::string& subject, const std::string& name);

  // The principal a token stands for, or nullopt when it is malformed, unknown, wrong or revoked.
  std::optional<Principal> authenticate(const std::string& token);

  // Revokes a token; false when no active token has that id.
  bool revoke(const std::string& tokenId);
  bool revoke(Transaction& tx, const std::string& tokenId);

  // All tokens, newest first, without secrets.
  std::vector<TokenInfo> list();

 private:
  struct CacheEntry {
    Principal principal;
    TimePoint verifiedAt;
  };

  void forget(const std::string& tokenId);

  Database& db_;
  const TimeSource& clock_;
  std::chrono::seconds cacheTtl_;

  std::shared_mutex cacheMutex_;
  std::unordered_map<std::string, CacheEntry> cache_;  // key: sha256Hex(whole token)
  // Bumped by every revocation: a verification that started before a revocation committed must
  // not put its (now stale) result into the cache.
  uint64_t revocations_ = 0;
};

}  // namespace eoc::store
