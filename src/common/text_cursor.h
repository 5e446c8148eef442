#pragma once

#include <cctype>
#include <string_view>

namespace tarn {

// TextCursor is the position of a small hand-written parser in its text (type names,
// nested value literals): it skips white space and accepts expected characters. Parsers
// derive from it and read text_ / position_ directly for anything more.
// Thread safety: a value type; the text must outlive it.
class TextCursor {
 public:
  explicit TextCursor(std::string_view text) : text_(text) {}

 protected:
  void SkipSpace() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_])))
      position_++;
  }
  // Skips white space, then consumes `c` if it is next.
  bool Accept(char c) {
    SkipSpace();
    if (position_ < text_.size() && text_[position_] == c) {
      position_++;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    SkipSpace();
    return position_ == text_.size();
  }

  std::string_view text_;
  size_t position_ = 0;
};

}  // namespace tarn
