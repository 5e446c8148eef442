#pragma once

#include <cstddef>
#include <string>

namespace tarn {

// ProgressBar draws a one-line bar such as "[=========>          ]  45%" at the start of a
// terminal line on a file descriptor (stderr in the shell) and erases it again, so that
// query output written afterwards starts on a clean line. It only writes when Update()
// changes what is shown. Thread safety: none; one thread (the shell's waiting loop) owns it.
class ProgressBar {
 public:
  // `width` is the terminal width; the bar uses at most that many columns (and at most 60).
  ProgressBar(int file_descriptor, size_t width);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Shows `fraction` (clamped to [0, 1]) as a bar and a percentage.
  void Update(double fraction);
  // Erases the bar if it is shown.
  void Clear();
  bool visible() const { return visible_; }

  // The text of the bar for `fraction` in `width` columns, without control characters.
  static std::string Render(double fraction, size_t width);

 private:
  void Write(const std::string& text);

  int file_descriptor_;
  size_t width_;
  bool visible_ = false;
  std::string shown_;
};

}  // namespace tarn
