#pragma once
// A fresh, private folder under the system temp dir for one test, removed with everything in it
// when the object dies. Shared by every test suite.
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace eoc::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "eoc-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace eoc::testing
