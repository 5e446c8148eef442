#include "formats/hive_partitioning.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "types/date_time.h"

namespace tarn {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string HivePartitions::DecodePathText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexDigit(text[i + 1]);
      int low = HexDigit(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string HivePartitions::EscapePathText(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    bool escape = byte < 0x20 || byte == 0x7f || c == '/' || c == '\\' || c == '"' || c == '#' ||
                  c == '%' || c == '\'' || c == '*' || c == ':' || c == '=' || c == '?' ||
                  c == '[' || c == ']' || c == '^' || c == '{' || c == '}' || c == '<' ||
                  c == '>' || c == '|' || c == ' ';
    if (escape) {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool ParsesAsBigint(const std::string& text, int64_t* result) {
  if (text.empty() || text.size() > 20) return false;
  size_t start = text[0] == '-' || text[0] == '+' ? 1 : 0;
  if (start == text.size()) return false;
  for (size_t i = start; i < text.size(); i++) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size()) return false;
  *result = value;
  return true;
}

bool ParsesAsDouble(const std::string& text, double* result) {
  if (text.empty()) return false;
  // Only plain decimal numbers: no "nan", "inf" or hexadecimal forms.
  for (char c : text) {
    bool allowed =
        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    if (!allowed) return false;
  }
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(value)) return false;
  *result = value;
  return true;
}

bool ParsesAsDate(const std::string& text, int32_t* result) {
  // Only the ISO form a writer produces: YYYY-MM-DD.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  return date_time::TryParseDate(text, result);
}

}  // namespace

std::vector<HivePartitions::KeyValue> HivePartitions::ParsePath(const std::string& path) {
  std::vector<KeyValue> result;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) break;  // The last component is the file name.
    std::string_view segment(path.data() + start, slash - start);
    size_t equals = segment.find('=');
    if (equals != std::string_view::npos && equals > 0) {
      std::string key = DecodePathText(segment.substr(0, equals));
      std::string_view raw = segment.substr(equals + 1);
      std::optional<std::string> value;
      if (raw != kDefaultPartition) value = DecodePathText(raw);
      // A key seen again deeper in the path takes the deeper value.
      bool replaced = false;
      for (auto& [existing, existing_value] : result) {
        if (existing == key) {
          existing_value = value;
          replaced = true;
        }
      }
      if (!replaced) result.emplace_back(std::move(key), std::move(value));
    }
    start = slash + 1;
  }
  return result;
}

bool HivePartitions::Detect(const std::vector<std::string>& files) {
  if (files.empty()) return false;
  std::vector<KeyValue> first = ParsePath(files[0]);
  if (first.empty()) return false;
  for (size_t f = 1; f < files.size(); f++) {
    std::vector<KeyValue> keys = ParsePath(files[f]);
    if (keys.size() != first.size()) return false;
    for (size_t k = 0; k < keys.size(); k++) {
      if (keys[k].first != first[k].first) return false;
    }
  }
  return true;
}

Result<std::optional<bool>> HivePartitions::ParseOption(const Value& value,
                                                        const std::string& function) {
  if (value.is_null()) return std::optional<bool>();
  if (value.type().id() != TypeId::kBoolean) {
    return Status::Error(ErrorCode::kInvalidOption,
                         function + " option hive_partitioning expects true or false");
  }
  return std::optional<bool>(value.GetBoolean());
}

Result<HivePartitions> HivePartitions::Build(const std::vector<std::string>& files,
                                             const std::vector<std::string>& file_columns) {
  HivePartitions partitions;
  if (files.empty()) return partitions;
  std::vector<std::vector<KeyValue>> parsed;
  parsed.reserve(files.size());
  for (const auto& file : files) parsed.push_back(ParsePath(file));
  const std::vector<KeyValue>& first = parsed[0];
  for (size_t f = 0; f < files.size(); f++) {
    bool same = parsed[f].size() == first.size();
    for (size_t k = 0; same && k < first.size(); k++) same = parsed[f][k].first == first[k].first;
    if (!same) {
      auto describe = [](const std::vector<KeyValue>& keys) {
        std::string text;
        for (const auto& key : keys) text += (text.empty() ? "" : "/") + key.first + "=...";
        return text.empty() ? std::string("no key=value folders") : text;
      };
      return Status::Error(ErrorCode::kInvalidInput,
                           "hive partitioning: \"" + files[f] + "\" has " + describe(parsed[f]) +
                               " but \"" + files[0] + "\" has " + describe(first) +
                               " (every file needs the same partition folders, or set "
                               "hive_partitioning = false)");
    }
  }
  std::vector<size_t> kept_keys;
  for (size_t k = 0; k < first.size(); k++) {
    bool stored = false;
    for (const auto& column : file_columns)
      stored = stored || Lower(column) == Lower(first[k].first);
    for (const auto& name : partitions.names_)
      stored = stored || Lower(name) == Lower(first[k].first);
    if (stored) continue;
    kept_keys.push_back(k);
    partitions.names_.push_back(first[k].first);
  }
  partitions.values_.assign(files.size(), {});
  partitions.texts_.assign(files.size(), {});
  for (size_t column = 0; column < kept_keys.size(); column++) {
    size_t key = kept_keys[column];
    bool all_bigint = true, all_double = true, all_date = true, any_value = false;
    for (size_t f = 0; f < files.size(); f++) {
      const auto& text = parsed[f][key].second;
      if (!text) continue;
      any_value = true;
      int64_t bigint = 0;
      double number = 0;
      int32_t days = 0;
      all_bigint = all_bigint && ParsesAsBigint(*text, &bigint);
      all_double = all_double && ParsesAsDouble(*text, &number);
      all_date = all_date && ParsesAsDate(*text, &days);
    }
    LogicalType type = !any_value   ? LogicalType(TypeId::kVarchar)
                       : all_bigint ? LogicalType(TypeId::kBigint)
                       : all_double ? LogicalType(TypeId::kDouble)
                       : all_date   ? LogicalType(TypeId::kDate)
                                    : LogicalType(TypeId::kVarchar);
    partitions.types_.push_back(type);
    for (size_t f = 0; f < files.size(); f++) {
      const auto& text = parsed[f][key].second;
      Value value = Value::Null(type);
      if (text) {
        int64_t bigint = 0;
        double number = 0;
        int32_t days = 0;
        switch (type.id()) {
          case TypeId::kBigint:
            ParsesAsBigint(*text, &bigint);
            value = Value::Bigint(bigint);
            break;
          case TypeId::kDouble:
            ParsesAsDouble(*text, &number);
            value = Value::Double(number);
            break;
          case TypeId::kDate:
            ParsesAsDate(*text, &days);
            value = Value::Date(days);
            break;
          default:
            value = Value::Varchar(*text);
            break;
        }
      }
      partitions.values_[f].push_back(value);
      partitions.texts_[f].push_back(
          text && type.id() == TypeId::kVarchar ? std::make_shared<std::string>(*text) : nullptr);
    }
  }
  return partitions;
}

std::vector<bool> HivePartitions::SelectFiles(const std::vector<TableFilter>& filters,
                                              idx_t first_column) const {
  std::vector<bool> selected(values_.size(), true);
  for (const TableFilter& filter : filters) {
    if (filter.column < first_column || filter.column >= first_column + names_.size()) continue;
    size_t column = filter.column - first_column;
    for (size_t f = 0; f < values_.size(); f++) {
      if (selected[f] && !filter.Matches(values_[f][column])) selected[f] = false;
    }
  }
  return selected;
}

void HivePartitions::Fill(size_t file, size_t column, idx_t count, Vector& output) const {
  const Value& value = values_[file][column];
  if (value.is_null()) {
    output.validity().SetAllInvalid(count);
    return;
  }
  switch (types_[column].id()) {
    case TypeId::kBigint: {
      auto* data = output.Data<int64_t>();
      for (idx_t row = 0; row < count; row++) data[row] = value.GetBigint();
      break;
    }
    case TypeId::kDouble: {
      auto* data = output.Data<double>();
      for (idx_t row = 0; row < count; row++) data[row] = value.GetDouble();
      break;
    }
    case TypeId::kDate: {
      auto* data = output.Data<int32_t>();
      for (idx_t row = 0; row < count; row++) data[row] = value.GetInteger();
      break;
    }
    default: {
      const auto& text = texts_[file][column];
      auto* data = output.Data<std::string_view>();
      std::string_view view(*text);
      for (idx_t row = 0; row < count; row++) data[row] = view;
      output.KeepAlive(text);
      break;
    }
  }
}

std::vector<std::string> HivePartitions::ExplainSelection(const std::vector<bool>& selected) {
  size_t read = static_cast<size_t>(std::count(selected.begin(), selected.end(), true));
  if (read == selected.size()) return {};
  return {"files: " + std::to_string(read) + " of " + std::to_string(selected.size()) +
          " (partition filters skip " + std::to_string(selected.size() - read) + ")"};
}

std::string HivePartitions::FilesReadLine(size_t read, size_t total) {
  return "files read: " + std::to_string(read) + " of " + std::to_string(total) + " (" +
         std::to_string(total - read) + " skipped by partition filters)";
}

}  // namespace tarn
