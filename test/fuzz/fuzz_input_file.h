#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace tarn {

// FuzzInputFile is a scratch file that holds one fuzz input for readers that take a path.
// It lives in /dev/shm when there is one (no disk I/O per input) and is named by process,
// so parallel fuzzer processes do not collide. Thread safety: none (libFuzzer runs inputs
// one at a time per process).
class FuzzInputFile {
 public:
  explicit FuzzInputFile(const char* extension) {
    const char* folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    path_ = std::string(folder) + "/tarn_fuzz_" + std::to_string(getpid()) + extension;
  }
  ~FuzzInputFile() { std::remove(path_.c_str()); }

  // Replaces the file's contents; false when it cannot be written.
  bool Write(const void* data, size_t size) {
    FILE* file = std::fopen(path_.c_str(), "wb");
    if (file == nullptr) return false;
    bool ok = std::fwrite(data, 1, size, file) == size;
    return std::fclose(file) == 0 && ok;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tarn
