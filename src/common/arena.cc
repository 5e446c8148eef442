#include "common/arena.h"

#include <algorithm>
#include <cstring>

namespace tarn {

char* Arena::Allocate(size_t size) {
  if (size > remaining_) {
    size_t block_size = std::max(size, next_block_size_);
    // Grow geometrically up to 1 MiB so that big tables do not make millions of blocks.
    next_block_size_ = std::min<size_t>(next_block_size_ * 2, 1 << 20);
    blocks_.push_back(std::make_unique<char[]>(block_size));
    current_ = blocks_.back().get();
    remaining_ = block_size;
    bytes_allocated_ += block_size;
  }
  char* result = current_;
  current_ += size;
  remaining_ -= size;
  return result;
}

std::string_view Arena::AddString(std::string_view text) {
  if (text.empty()) return std::string_view();
  char* destination = Allocate(text.size());
  std::memcpy(destination, text.data(), text.size());
  return std::string_view(destination, text.size());
}

}  // namespace tarn
