#pragma once
// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates (U+D800–DFFF), nothing above
// U+10FFFF. Text from clients is checked with this where it enters (the HTTP edge).
#include <string_view>

namespace eoc {

bool isValidUtf8(std::string_view text);

}  // namespace eoc
