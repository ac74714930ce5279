# cmake -DINPUT=<file> -DOUTPUT=<header> -DSYMBOL=<name> -P embed_file.cmake
# Writes a header holding the file's bytes, so that eoc never reads the schema at run time.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUTPUT}
  "#pragma once\n// Generated from ${INPUT} by embed_file.cmake; do not edit.\n#include <string_view>\n"
  "namespace eoc::warnings::embedded {\n"
  "inline constexpr char ${SYMBOL}_bytes[] = {${bytes}};\n"
  "inline constexpr std::string_view ${SYMBOL}{${SYMBOL}_bytes, ${byte_count}};\n"
  "}  // namespace eoc::warnings::embedded\n")
