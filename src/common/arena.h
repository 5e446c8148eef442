#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace tarn {

// Arena hands out memory that lives as long as the arena: string payloads of a vector or
// a materialized table are copied here and referenced by std::string_view.
// Thread safety: none; one writer at a time. Ownership: owns every block it allocated.
class Arena {
 public:
  explicit Arena(size_t block_size = 16 * 1024) : next_block_size_(block_size) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  char* Allocate(size_t size);
  std::string_view AddString(std::string_view text);
  size_t BytesAllocated() const { return bytes_allocated_; }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* current_ = nullptr;
  size_t remaining_ = 0;
  size_t next_block_size_;
  size_t bytes_allocated_ = 0;
};

}  // namespace tarn
