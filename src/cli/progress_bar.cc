#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>

namespace tarn {

namespace {
constexpr size_t kMaximumWidth = 60;
constexpr size_t kMinimumWidth = 12;
}  // namespace

ProgressBar::ProgressBar(int file_descriptor, size_t width)
    : file_descriptor_(file_descriptor),
      width_(std::clamp(width > 1 ? width - 1 : width, kMinimumWidth, kMaximumWidth)) {}

ProgressBar::~ProgressBar() { Clear(); }

std::string ProgressBar::Render(double fraction, size_t width) {
  if (!(fraction >= 0)) fraction = 0;  // Also catches NaN.
  fraction = std::min(fraction, 1.0);
  int percent = static_cast<int>(std::floor(fraction * 100));
  std::string suffix = std::to_string(percent) + "%";
  suffix.insert(suffix.begin(), 5 - std::min<size_t>(suffix.size(), 4), ' ');
  size_t inner = width > suffix.size() + 2 ? width - suffix.size() - 2 : 1;
  size_t filled = static_cast<size_t>(std::floor(fraction * static_cast<double>(inner)));
  std::string bar = "[";
  for (size_t i = 0; i < inner; i++) {
    if (i < filled) {
      bar += '=';
    } else if (i == filled && filled < inner) {
      bar += '>';
    } else {
      bar += ' ';
    }
  }
  bar += "]";
  return bar + suffix;
}

void ProgressBar::Update(double fraction) {
  std::string text = Render(fraction, width_);
  if (visible_ && text == shown_) return;
  Write("\r" + text);
  shown_ = text;
  visible_ = true;
}

void ProgressBar::Clear() {
  if (!visible_) return;
  Write("\r" + std::string(shown_.size(), ' ') + "\r");
  visible_ = false;
  shown_.clear();
}

void ProgressBar::Write(const std::string& text) {
  size_t written = 0;
  while (written < text.size()) {
    ssize_t result = ::write(file_descriptor_, text.data() + written, text.size() - written);
    if (result < 0 && errno == EINTR) continue;
    if (result <= 0) return;
    written += static_cast<size_t>(result);
  }
}

}  // namespace tarn
