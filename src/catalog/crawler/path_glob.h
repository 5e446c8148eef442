#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tarn {

// PathGlob matches '/'-separated relative paths against one crawler exclusion pattern.
// Wildcards: `*` (any characters within one path segment), `**` as a whole segment (any
// number of segments, including none), `?` (one character), `[abc]`, `[a-z]`, `[!a]`
// (one character of / not of a class) and `{a,b}` (alternatives, may nest). Matching is
// case-sensitive, as local file names are.
// Thread safety: immutable after Compile; Matches may be called from several threads.
class PathGlob {
 public:
  // Errors (kInvalidOption) name the pattern: an unclosed `[` or `{`, an empty pattern.
  static Result<PathGlob> Compile(const std::string& pattern);

  // Whether `path` (relative, no leading '/') matches the pattern.
  bool Matches(std::string_view path) const;
  // Whether every path inside folder `path` matches (the folder itself matches, or the
  // pattern ends in `/**` and its prefix matches the folder): a crawl need not descend.
  bool ExcludesFolder(std::string_view path) const;

  const std::string& pattern() const { return pattern_; }

 private:
  // One alternative of the pattern after brace expansion, split at '/'.
  using Segments = std::vector<std::string>;

  static bool MatchSegment(std::string_view pattern, std::string_view text);
  static bool MatchSegments(const Segments& pattern, size_t pattern_index,
                            const std::vector<std::string_view>& path, size_t path_index);

  std::string pattern_;
  std::vector<Segments> alternatives_;
};

}  // namespace tarn
