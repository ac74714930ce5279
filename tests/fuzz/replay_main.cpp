// The fuzz targets without libFuzzer: replays every file of the given corpus folders, then a
// bounded number of deterministic mutations of them (bit flips, byte edits, splices, repeats,
// truncations), so the regular g++ ASan/UBSan build and ctest run each target on every change.
// Coverage-guided long runs use the same targets with clang -fsanitize=fuzzer (tools/fuzz.sh).
//   eoc_fuzz_<target> [--mutations N] [--seed S] DIR_OR_FILE...
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

struct Rng {  // xorshift64*: the same mutations on every run and every machine
  uint64_t s;
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  size_t below(size_t n) { return n == 0 ? 0 : size_t(next() % n); }
};

// Values that make parsers take their edge branches.
const char* const kTokens[] = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "-0", "1e999", "NaN", "-1",
                               "1.7976931348623157e308", "\\u0000", "\\ud800", "\xff", "\xc0\x80", "<", ">", "&",
                               "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "]]>", "%",
                               "%00", "&", "=", "+08:00", "Z", "2026-07-12T15:00:00+08:00", "180.0000001", "90.5"};

std::string mutate(const std::vector<std::string>& corpus, Rng& rng) {
  std::string s = corpus[rng.below(corpus.size())];
  int edits = 1 + int(rng.below(4));
  for (int e = 0; e < edits; ++e) {
    size_t pos = rng.below(s.size() + 1);
    switch (rng.below(7)) {
      case 0:
        if (!s.empty()) s[rng.below(s.size())] ^= char(1 << rng.below(8));
        break;
      case 1:
        s.insert(pos, 1, char(rng.below(256)));
        break;
      case 2:
        if (!s.empty()) s.erase(rng.below(s.size()), 1 + rng.below(8));
        break;
      case 3:
        s.insert(pos, kTokens[rng.below(std::size(kTokens))]);
        break;
      case 4: {  // splice the tail of another entry
        const std::string& other = corpus[rng.below(corpus.size())];
        s = s.substr(0, pos) + other.substr(rng.below(other.size() + 1));
        break;
      }
      case 5: {  // repeat a chunk (deep nesting, long lists)
        size_t from = rng.below(s.size() + 1), len = rng.below(16);
        std::string chunk = s.substr(from, len);
        for (size_t k = 0, n = 1 + rng.below(64); k < n && s.size() < 100000; ++k) s.insert(pos, chunk);
        break;
      }
      default:
        s.resize(rng.below(s.size() + 1));
    }
  }
  return s;
}

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run(const std::string& input) {
  // A copy in its own allocation: ASan then catches a read one past the end.
  std::vector<uint8_t> bytes(input.begin(), input.end());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  size_t mutations = 2000;
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mutations" && i + 1 < argc) mutations = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10) | 1;
    else if (std::filesystem::is_directory(arg)) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(arg))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) corpus.push_back(readFile(f));
    } else if (std::filesystem::is_regular_file(arg)) {
      corpus.push_back(readFile(arg));
    } else {
      std::fprintf(stderr, "fuzz replay: no such corpus %s\n", arg.c_str());
      return 2;
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "fuzz replay: the corpus is empty: a replay of nothing proves nothing\n");
    return 2;
  }
  for (const auto& input : corpus) run(input);
  run("");
  Rng rng{seed};
  for (size_t i = 0; i < mutations; ++i) run(mutate(corpus, rng));
  std::printf("fuzz replay: %zu corpus inputs and %zu mutations, no failure\n", corpus.size(), mutations);
  return 0;
}
