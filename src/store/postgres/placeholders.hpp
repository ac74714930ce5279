#pragma once
// eoc's SQL is written once, with SQLite's parameter markers; PostgreSQL wants $n. This rewrites a
// statement's markers once, when it is prepared:
//   ?NNN -> $NNN      (numbered, may repeat: "?1 ... ?1" is one parameter)
//   ?    -> $k        (bare: one more than the largest number so far, as SQLite numbers them)
// Markers inside 'string literals', "quoted identifiers", $tag$dollar quotes$tag$, -- comments and
// /* comments */ are left alone. PostgreSQL's jsonb operators ?, ?| and ?& therefore cannot be
// written in eoc's SQL: use jsonb_exists() / jsonb_exists_any() / jsonb_exists_all().
// Throws std::invalid_argument for ?0 and an unterminated literal, quote or comment.
#include <string>
#include <string_view>

namespace eoc::store::postgres {

struct RewrittenSql {
  std::string text;
  int parameterCount = 0;  // the largest parameter number used
};

RewrittenSql rewritePlaceholders(std::string_view sql);

}  // namespace eoc::store::postgres
