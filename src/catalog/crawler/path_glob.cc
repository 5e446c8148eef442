#include "catalog/crawler/path_glob.h"

namespace tarn {

namespace {

// Brace expansion may multiply alternatives; a pattern beyond this is refused rather than
// expanded without bound.
constexpr size_t kMaxAlternatives = 4096;

Status PatternError(const std::string& pattern, const std::string& why) {
  return Status::Error(ErrorCode::kInvalidOption,
                       "Invalid exclusion pattern \"" + pattern + "\": " + why);
}

// The index just past the `]` closing the class that starts at `start` ('['), or npos.
size_t ClassEnd(std::string_view text, size_t start) {
  size_t i = start + 1;
  if (i < text.size() && (text[i] == '!' || text[i] == '^')) i++;
  if (i < text.size() && text[i] == ']') i++;  // A leading ']' is a member.
  while (i < text.size() && text[i] != ']') i++;
  return i < text.size() ? i + 1 : std::string_view::npos;
}

Status ExpandBraces(const std::string& original, const std::string& text,
                    std::vector<std::string>* out) {
  size_t open = std::string::npos;
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] == '[') {
      size_t end = ClassEnd(text, i);
      if (end == std::string_view::npos) return PatternError(original, "unclosed '['");
      i = end - 1;
    } else if (text[i] == '{') {
      open = i;
      break;
    }
  }
  if (open == std::string::npos) {
    if (out->size() >= kMaxAlternatives) {
      return PatternError(original, "more than 4096 alternatives");
    }
    out->push_back(text);
    return Status::Ok();
  }
  int depth = 0;
  size_t close = std::string::npos;
  std::vector<size_t> commas;
  for (size_t i = open; i < text.size(); i++) {
    if (text[i] == '{') {
      depth++;
    } else if (text[i] == '}') {
      if (--depth == 0) {
        close = i;
        break;
      }
    } else if (text[i] == ',' && depth == 1) {
      commas.push_back(i);
    }
  }
  if (close == std::string::npos) return PatternError(original, "unclosed '{'");
  std::string prefix = text.substr(0, open);
  std::string suffix = text.substr(close + 1);
  size_t begin = open + 1;
  commas.push_back(close);
  for (size_t comma : commas) {
    TARN_RETURN_IF_ERROR(
        ExpandBraces(original, prefix + text.substr(begin, comma - begin) + suffix, out));
    begin = comma + 1;
  }
  return Status::Ok();
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// Whether `c` is in the class text[start, end) ("[...]").
bool ClassContains(std::string_view text, size_t start, size_t end, char c) {
  size_t i = start + 1;
  bool negated = false;
  if (text[i] == '!' || text[i] == '^') {
    negated = true;
    i++;
  }
  bool found = false;
  size_t last = end - 1;  // The closing ']'.
  bool first = true;
  while (i < last) {
    char low = text[i];
    if (!first && low == ']') break;
    first = false;
    if (i + 2 < last && text[i + 1] == '-') {
      char high = text[i + 2];
      if (c >= low && c <= high) found = true;
      i += 3;
    } else {
      if (c == low) found = true;
      i++;
    }
  }
  return found != negated;
}

}  // namespace

Result<PathGlob> PathGlob::Compile(const std::string& pattern) {
  std::string trimmed = pattern;
  while (!trimmed.empty() && trimmed.front() == '/') trimmed.erase(trimmed.begin());
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
  if (trimmed.empty()) return PatternError(pattern, "empty pattern");
  std::vector<std::string> expanded;
  TARN_RETURN_IF_ERROR(ExpandBraces(pattern, trimmed, &expanded));
  PathGlob glob;
  glob.pattern_ = pattern;
  for (const std::string& alternative : expanded) {
    Segments segments;
    for (std::string_view part : SplitPath(alternative)) segments.emplace_back(part);
    if (segments.empty()) return PatternError(pattern, "an alternative is empty");
    glob.alternatives_.push_back(std::move(segments));
  }
  return glob;
}

bool PathGlob::MatchSegment(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star_pattern = std::string_view::npos;
  size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*') p++;
      star_pattern = p;
      star_text = t;
      continue;
    }
    if (p < pattern.size()) {
      bool matched = false;
      size_t next = p + 1;
      if (pattern[p] == '?') {
        matched = true;
      } else if (pattern[p] == '[') {
        size_t end = ClassEnd(pattern, p);
        if (end != std::string_view::npos) {
          matched = ClassContains(pattern, p, end, text[t]);
          next = end;
        } else {
          matched = text[t] == '[';
        }
      } else {
        matched = pattern[p] == text[t];
      }
      if (matched) {
        p = next;
        t++;
        continue;
      }
    }
    if (star_pattern == std::string_view::npos) return false;
    p = star_pattern;
    t = ++star_text;
  }
  while (p < pattern.size() && pattern[p] == '*') p++;
  return p == pattern.size();
}

bool PathGlob::MatchSegments(const Segments& pattern, size_t pattern_index,
                             const std::vector<std::string_view>& path, size_t path_index) {
  while (pattern_index < pattern.size()) {
    if (pattern[pattern_index] == "**") {
      // Consecutive `**` segments are one.
      while (pattern_index < pattern.size() && pattern[pattern_index] == "**") pattern_index++;
      if (pattern_index == pattern.size()) return true;
      for (size_t skip = path_index; skip < path.size(); skip++) {
        if (MatchSegments(pattern, pattern_index, path, skip)) return true;
      }
      return false;
    }
    if (path_index >= path.size()) return false;
    if (!MatchSegment(pattern[pattern_index], path[path_index])) return false;
    pattern_index++;
    path_index++;
  }
  return path_index == path.size();
}

bool PathGlob::Matches(std::string_view path) const {
  std::vector<std::string_view> parts = SplitPath(path);
  for (const Segments& segments : alternatives_) {
    if (MatchSegments(segments, 0, parts, 0)) return true;
  }
  return false;
}

bool PathGlob::ExcludesFolder(std::string_view path) const {
  std::vector<std::string_view> parts = SplitPath(path);
  for (const Segments& segments : alternatives_) {
    if (MatchSegments(segments, 0, parts, 0)) return true;
    if (segments.back() == "**") {
      Segments prefix(segments.begin(), segments.end() - 1);
      if (prefix.empty() || MatchSegments(prefix, 0, parts, 0)) return true;
    }
  }
  return false;
}

}  // namespace tarn
