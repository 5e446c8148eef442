#include "storage/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tarn {

namespace {

bool IsRegularFile(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

bool IsDirectory(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// Matches `[...]` starting at pattern[*position] (just after '['); advances past ']'.
// Returns false for a malformed class, which then matches a literal '['.
bool MatchCharacterClass(const std::string& pattern, size_t* position, char c, bool* matched) {
  size_t pos = *position;
  bool negate = false;
  if (pos < pattern.size() && (pattern[pos] == '!' || pattern[pos] == '^')) {
    negate = true;
    pos++;
  }
  bool found = false;
  bool first = true;
  while (pos < pattern.size() && (first || pattern[pos] != ']')) {
    first = false;
    char low = pattern[pos];
    char high = low;
    if (pos + 2 < pattern.size() && pattern[pos + 1] == '-' && pattern[pos + 2] != ']') {
      high = pattern[pos + 2];
      pos += 2;
    }
    if (c >= low && c <= high) found = true;
    pos++;
  }
  if (pos >= pattern.size()) return false;
  *position = pos + 1;
  *matched = found != negate;
  return true;
}

// Matches one path component against a pattern component (no '/').
bool MatchComponent(const std::string& pattern, size_t pattern_pos, const std::string& name,
                    size_t name_pos) {
  while (pattern_pos < pattern.size()) {
    char p = pattern[pattern_pos];
    if (p == '*') {
      while (pattern_pos < pattern.size() && pattern[pattern_pos] == '*') pattern_pos++;
      if (pattern_pos == pattern.size()) return true;
      for (size_t i = name_pos; i <= name.size(); i++) {
        if (MatchComponent(pattern, pattern_pos, name, i)) return true;
      }
      return false;
    }
    if (name_pos >= name.size()) return false;
    if (p == '?') {
      pattern_pos++;
      name_pos++;
      continue;
    }
    if (p == '[') {
      size_t class_end = pattern_pos + 1;
      bool matched = false;
      if (MatchCharacterClass(pattern, &class_end, name[name_pos], &matched)) {
        if (!matched) return false;
        pattern_pos = class_end;
        name_pos++;
        continue;
      }
    }
    if (p != name[name_pos]) return false;
    pattern_pos++;
    name_pos++;
  }
  return name_pos == name.size();
}

std::vector<std::string> ListDirectory(const std::string& directory) {
  std::vector<std::string> names;
  DIR* handle = ::opendir(directory.empty() ? "." : directory.c_str());
  if (!handle) return names;
  while (struct dirent* entry = ::readdir(handle)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    names.push_back(std::move(name));
  }
  ::closedir(handle);
  return names;
}

std::string JoinPath(const std::string& directory, const std::string& name) {
  if (directory.empty()) return name;
  if (directory.back() == '/') return directory + name;
  return directory + "/" + name;
}

void ExpandComponents(const std::string& directory, const std::vector<std::string>& components,
                      size_t index, std::vector<std::string>* results) {
  if (index == components.size()) {
    if (IsRegularFile(directory)) results->push_back(directory);
    return;
  }
  const std::string& component = components[index];
  bool last = index + 1 == components.size();
  if (component == "**") {
    // Zero directories, then every subdirectory recursively.
    ExpandComponents(directory, components, index + 1, results);
    for (const std::string& name : ListDirectory(directory)) {
      if (name[0] == '.') continue;
      std::string child = JoinPath(directory, name);
      if (IsDirectory(child)) ExpandComponents(child, components, index, results);
    }
    return;
  }
  if (!HasGlobWildcard(component)) {
    std::string child = JoinPath(directory, component);
    if (last ? IsRegularFile(child) : IsDirectory(child)) {
      ExpandComponents(child, components, index + 1, results);
    }
    return;
  }
  for (const std::string& name : ListDirectory(directory)) {
    // Hidden files only match patterns that start with a dot.
    if (name[0] == '.' && component[0] != '.') continue;
    if (!MatchComponent(component, 0, name, 0)) continue;
    std::string child = JoinPath(directory, name);
    if (last ? IsRegularFile(child) : IsDirectory(child)) {
      ExpandComponents(child, components, index + 1, results);
    }
  }
}

}  // namespace

Status IoErrorFromErrno(const std::string& action, const std::string& path, int error_number) {
  return Status::Error(ErrorCode::kIo,
                       action + " \"" + path + "\": " + std::strerror(error_number));
}

Result<std::vector<std::string>> ExpandGlobs(const std::vector<std::string>& patterns) {
  std::vector<std::string> files;
  for (const std::string& pattern : patterns) {
    TARN_ASSIGN_OR_RETURN(auto expanded, ExpandGlob(pattern));
    for (auto& file : expanded) files.push_back(std::move(file));
  }
  return files;
}

bool HasGlobWildcard(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

Result<std::vector<std::string>> ExpandGlob(const std::string& pattern) {
  std::vector<std::string> results;
  if (!HasGlobWildcard(pattern)) {
    if (IsRegularFile(pattern)) {
      results.push_back(pattern);
      return results;
    }
    if (IsDirectory(pattern)) {
      std::string glob = pattern + (pattern.ends_with('/') ? "*" : "/*");
      return Status::Error(ErrorCode::kIo, "\"" + pattern +
                                               "\" is a directory, not a file: to read the "
                                               "files in it use a glob such as \"" +
                                               glob + "\"");
    }
  } else {
    std::vector<std::string> components;
    std::string root;
    size_t start = 0;
    if (!pattern.empty() && pattern[0] == '/') {
      root = "/";
      start = 1;
    }
    while (start <= pattern.size()) {
      size_t slash = pattern.find('/', start);
      if (slash == std::string::npos) slash = pattern.size();
      if (slash > start) components.push_back(pattern.substr(start, slash - start));
      start = slash + 1;
    }
    ExpandComponents(root, components, 0, &results);
    std::sort(results.begin(), results.end());
    results.erase(std::unique(results.begin(), results.end()), results.end());
  }
  if (results.empty()) {
    return Status::Error(ErrorCode::kIo,
                         "No files found that match the pattern \"" + pattern + "\"");
  }
  return results;
}

Result<uint64_t> FileSize(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return IoErrorFromErrno("Cannot open file", path, errno);
  if (S_ISDIR(info.st_mode)) {
    return Status::Error(ErrorCode::kIo, "Cannot read \"" + path + "\": it is a directory");
  }
  return static_cast<uint64_t>(info.st_size);
}

RandomAccessFile::~RandomAccessFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

Result<std::unique_ptr<RandomAccessFile>> RandomAccessFile::Open(const std::string& path) {
  TARN_ASSIGN_OR_RETURN(uint64_t size, FileSize(path));
  int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return IoErrorFromErrno("Cannot open file", path, errno);
  return std::unique_ptr<RandomAccessFile>(new RandomAccessFile(path, descriptor, size));
}

Result<size_t> RandomAccessFile::ReadAt(uint64_t offset, char* buffer, size_t size) const {
  size_t total = 0;
  while (total < size) {
    ssize_t count =
        ::pread(descriptor_, buffer + total, size - total, static_cast<off_t>(offset + total));
    if (count < 0) {
      if (errno == EINTR) continue;
      return IoErrorFromErrno("Cannot read file", path_, errno);
    }
    if (count == 0) break;
    total += static_cast<size_t>(count);
  }
  return total;
}

std::string AbsolutePath(const std::string& path) {
  if (path.empty()) return path;
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(path, error);
  if (error) return path;
  std::string text = absolute.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

std::vector<ByteRange> SplitByteRanges(uint64_t size, uint64_t range_size, bool splittable) {
  if (!splittable || range_size == 0 || size <= range_size + range_size / 2) {
    return {ByteRange{0, size, true}};
  }
  std::vector<ByteRange> ranges;
  for (uint64_t start = 0; start < size; start += range_size) {
    uint64_t end = std::min(size, start + range_size);
    if (size - end < range_size / 2) end = size;
    ranges.push_back(ByteRange{start, end, end == size});
    if (end == size) break;
  }
  return ranges;
}

}  // namespace tarn
