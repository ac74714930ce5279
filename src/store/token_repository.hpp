#pragma once
// Bearer tokens, stored hashed: only the SHA-256 of a token's secret is ever written.
//
// A token reads `eoc_<tokenId>_<secret>`: tokenId is 16 hex characters (8 random bytes), public,
// shown in lists and the audit log; secret is 64 hex characters (32 random bytes), shown once at
// creation and stored only as sha256Hex(secret).
//
// authenticate() runs on every request: a backend keeps it cheap (the SQLite one caches verified
// tokens in memory and re-checks them after a TTL, so that a revocation made by another process
// takes effect within that time). Failed attempts are never cached. Thread-safe.
#include <optional>
#include <string>
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
  virtual ~TokenRepository() = default;

  // Throws EocError(InvalidParameter) when the subject does not fit the role: committee needs a
  // 9-digit committee code, team a team id ([A-Za-z0-9_-], 1-32 characters), every other role
  // none.
  virtual CreatedToken create(Role role, const std::string& subject, const std::string& name) = 0;
  // The same inside the caller's transaction (to audit the creation with it).
  virtual CreatedToken create(Transaction& tx, Role role, const std::string& subject, const std::string& name) = 0;

  // The principal a token stands for, or nullopt when it is malformed, unknown, wrong or revoked.
  virtual std::optional<Principal> authenticate(const std::string& token) = 0;

  // Revokes a token; false when no active token has that id.
  virtual bool revoke(const std::string& tokenId) = 0;
  virtual bool revoke(Transaction& tx, const std::string& tokenId) = 0;

  // All tokens, newest first, without secrets.
  virtual std::vector<TokenInfo> list() = 0;
};

}  // namespace eoc::store
