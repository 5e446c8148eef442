#include "formats/text_regex/apache_log.h"

#include <re2/re2.h>

#include "types/date_time.h"

namespace tarn {

namespace {

const RE2& CompiledPattern() {
  static const RE2 pattern(ApacheLogPattern());
  return pattern;
}

bool ParseDigits(std::string_view text, size_t start, size_t count, int32_t* value) {
  if (start + count > text.size()) return false;
  int32_t result = 0;
  for (size_t i = start; i < start + count; i++) {
    if (text[i] < '0' || text[i] > '9') return false;
    result = result * 10 + (text[i] - '0');
  }
  *value = result;
  return true;
}

int32_t MonthFromName(std::string_view name) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() != 3) return 0;
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int32_t m = 0; m < 12; m++) {
    if (lower == kMonths[m]) return m + 1;
  }
  return 0;
}

}  // namespace

const std::string& ApacheLogPattern() {
  // A quoted field holds anything but an unescaped quote; Apache writes `"` as `\"`.
  static const std::string pattern =
      R"re((\S+) (\S+) (\S+) \[([^\]]*)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-))re"
      R"re((?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(?: .*)?)re";
  return pattern;
}

const std::vector<std::string>& ApacheLogColumnNames() {
  static const std::vector<std::string> names = {"client_ip", "identity",     "user_id",   "time",
                                                 "method",    "request_path", "protocol",  "status",
                                                 "bytes",     "referer",      "user_agent"};
  return names;
}

const std::vector<LogicalType>& ApacheLogColumnTypes() {
  static const std::vector<LogicalType> types = {
      TypeId::kVarchar, TypeId::kVarchar, TypeId::kVarchar, TypeId::kTimestamp,
      TypeId::kVarchar, TypeId::kVarchar, TypeId::kVarchar, TypeId::kInteger,
      TypeId::kBigint,  TypeId::kVarchar, TypeId::kVarchar};
  return types;
}

bool ParseApacheLogTime(std::string_view text, int64_t* micros) {
  // dd/Mon/yyyy:HH:MM:SS[ +hhmm]
  int32_t day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || text[2] != '/' || text[6] != '/' || text[11] != ':' || text[14] != ':' ||
      text[17] != ':') {
    return false;
  }
  int32_t month = MonthFromName(text.substr(3, 3));
  if (month == 0 || !ParseDigits(text, 0, 2, &day) || !ParseDigits(text, 7, 4, &year) ||
      !ParseDigits(text, 12, 2, &hour) || !ParseDigits(text, 15, 2, &minute) ||
      !ParseDigits(text, 18, 2, &second)) {
    return false;
  }
  if (!date_time::IsValidDate(year, month, day) || hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  int64_t offset_minutes = 0;
  std::string_view rest = text.substr(20);
  if (!rest.empty()) {
    int32_t offset_hours = 0, offset_mins = 0;
    if (rest.size() != 6 || rest[0] != ' ' || (rest[1] != '+' && rest[1] != '-') ||
        !ParseDigits(rest, 2, 2, &offset_hours) || !ParseDigits(rest, 4, 2, &offset_mins) ||
        offset_hours > 23 || offset_mins > 59) {
      return false;
    }
    offset_minutes = offset_hours * 60 + offset_mins;
    if (rest[1] == '-') offset_minutes = -offset_minutes;
  }
  // A leap second is read as the next second.
  int64_t local = date_time::TimestampFromParts(date_time::DaysFromCivil(year, month, day), hour,
                                                minute, 0, 0) +
                  int64_t(second) * 1000000;
  *micros = local - offset_minutes * 60 * 1000000;
  return true;
}

bool LooksLikeApacheLog(std::string_view sample_text) {
  constexpr size_t kLinesToCheck = 20;
  std::vector<std::string_view> lines;
  size_t position = 0;
  bool last_complete = true;
  while (position < sample_text.size() && lines.size() < kLinesToCheck) {
    size_t end = sample_text.find('\n', position);
    last_complete = end != std::string_view::npos;
    if (!last_complete) end = sample_text.size();
    std::string_view line = sample_text.substr(position, end - position);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    position = end + 1;
  }
  if (!last_complete && lines.size() > 1) lines.pop_back();
  if (lines.empty()) return false;
  const RE2& pattern = CompiledPattern();
  size_t matches = 0;
  re2::StringPiece groups[5];
  for (std::string_view line : lines) {
    if (!pattern.Match(re2::StringPiece(line.data(), line.size()), 0, line.size(), RE2::ANCHOR_BOTH,
                       groups, 5)) {
      continue;
    }
    int64_t micros = 0;
    if (ParseApacheLogTime(std::string_view(groups[4].data(), groups[4].size()), &micros)) {
      matches++;
    }
  }
  // Most: at least three lines in four.
  return matches * 4 >= lines.size() * 3;
}

}  // namespace tarn
