#include "formats/csv/csv_sniffer.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <map>
#include <set>

#include "storage/compressed_stream.h"
#include "storage/file_system.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {

namespace {

constexpr size_t kReadPiece = 256 * 1024;
constexpr uint64_t kMaxBeginningBytes = 64ull * 1024 * 1024;
constexpr size_t kDialectDetectionRows = 2000;

struct SampleField {
  std::string value;
  bool quoted = false;
};

struct SampleRow {
  std::vector<SampleField> fields;
  bool malformed = false;
};

struct SampleParse {
  std::vector<SampleRow> rows;
  bool quoted_newline = false;
  bool lone_carriage_return = false;
  size_t consumed = 0;  // Bytes of the text that the rows cover.
};

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Splits `text` into records with `dialect`. When `complete` is false the text was cut
// at an arbitrary point and the last, partial record is dropped. Empty lines are skipped.
void ParseSample(std::string_view text, const CsvDialect& dialect, size_t max_rows, bool complete,
                 SampleParse* out) {
  const size_t size = text.size();
  const char delimiter = dialect.delimiter;
  const char quote = dialect.quote;
  const char escape = dialect.escape;
  size_t pos = 0;
  while (pos < size && out->rows.size() < max_rows) {
    SampleRow row;
    bool row_quoted_newline = false;
    bool truncated = false;
    while (true) {
      SampleField field;
      if (quote != '\0' && pos < size && text[pos] == quote) {
        field.quoted = true;
        pos++;
        bool closed = false;
        while (pos < size) {
          char c = text[pos];
          if (escape != '\0' && escape != quote && c == escape && pos + 1 < size) {
            field.value += text[pos + 1];
            pos += 2;
            continue;
          }
          if (c == quote) {
            if (escape == quote && pos + 1 < size && text[pos + 1] == quote) {
              field.value += c;
              pos += 2;
              continue;
            }
            pos++;
            closed = true;
            break;
          }
          if (IsLineBreak(c)) row_quoted_newline = true;
          field.value += c;
          pos++;
        }
        if (!closed) {
          truncated = !complete;
          row.malformed = true;
          row.fields.push_back(std::move(field));
          break;
        }
        while (pos < size && text[pos] != delimiter && !IsLineBreak(text[pos])) {
          row.malformed = true;
          field.value += text[pos++];
        }
      } else {
        size_t start = pos;
        while (pos < size && text[pos] != delimiter && !IsLineBreak(text[pos])) pos++;
        field.value.assign(text.substr(start, pos - start));
      }
      row.fields.push_back(std::move(field));
      if (pos >= size) {
        truncated = !complete;
        break;
      }
      if (text[pos] == delimiter) {
        pos++;
        continue;
      }
      if (text[pos] == '\r') {
        pos++;
        if (pos < size && text[pos] == '\n') {
          pos++;
        } else if (pos < size) {
          out->lone_carriage_return = true;
        }
      } else {
        pos++;
      }
      break;
    }
    if (truncated) break;
    if (row.fields.size() == 1 && !row.fields[0].quoted && row.fields[0].value.empty()) continue;
    if (row_quoted_newline) out->quoted_newline = true;
    out->rows.push_back(std::move(row));
    out->consumed = pos;
  }
}

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool HasLeadingZero(std::string_view text) {
  text = TrimView(text);
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return text.size() > 1 && text[0] == '0' && std::isdigit(static_cast<unsigned char>(text[1]));
}

bool IsBooleanWord(std::string_view text) {
  text = TrimView(text);
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "true" || lower == "false";
}

// Which types every non-NULL value of a column so far parses as.
struct ColumnVotes {
  bool can_boolean = true;
  bool can_bigint = true;
  bool can_numeric = true;
  bool decimal_shape = true;
  bool can_date = true;
  bool can_timestamp = true;
  int max_integral = 0;
  int max_scale = 0;
  uint64_t values = 0;

  void Add(const std::string& text) {
    values++;
    if (can_boolean && !IsBooleanWord(text)) can_boolean = false;
    bool leading_zero = (can_bigint || can_numeric) && HasLeadingZero(text);
    if (can_bigint) {
      int64_t number;
      if (leading_zero || !numeric::TryParseInt64(text, &number)) can_bigint = false;
    }
    if (can_numeric) {
      double number;
      if (leading_zero || !numeric::TryParseDouble(text, &number)) {
        can_numeric = false;
      } else if (decimal_shape) {
        numeric::DecimalShape shape;
        if (!numeric::TryGetDecimalShape(text, &shape) || shape.has_exponent) {
          decimal_shape = false;
        } else {
          max_integral = std::max(max_integral, shape.integral_digits);
          max_scale = std::max(max_scale, shape.fraction_digits);
        }
      }
    }
    if (can_date) {
      int32_t days;
      if (!date_time::TryParseDate(text, &days)) can_date = false;
    }
    if (can_timestamp) {
      int64_t micros;
      if (!date_time::TryParseTimestamp(text, &micros)) can_timestamp = false;
    }
  }

  LogicalType Type() const {
    if (values == 0) return TypeId::kVarchar;
    if (can_boolean) return TypeId::kBoolean;
    if (can_bigint) return TypeId::kBigint;
    if (can_numeric) {
      if (decimal_shape && max_scale > 0 &&
          max_integral + max_scale <= LogicalType::kMaxInt64DecimalWidth) {
        return LogicalType::Decimal(LogicalType::kMaxInt64DecimalWidth,
                                    static_cast<uint8_t>(max_scale));
      }
      return TypeId::kDouble;
    }
    if (can_date) return TypeId::kDate;
    if (can_timestamp) return TypeId::kTimestamp;
    return TypeId::kVarchar;
  }
};

bool IsNullField(const SampleField& field, const std::string& null_string) {
  if (field.value.empty()) return true;
  return !field.quoted && !null_string.empty() && field.value == null_string;
}

// Whether `text` converts to `type` as the reader would convert it.
bool ValueFits(const std::string& text, const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool value;
      return numeric::TryParseBoolean(text, &value);
    }
    case TypeId::kInteger: {
      int32_t value;
      return numeric::TryParseInt32(text, &value);
    }
    case TypeId::kBigint: {
      int64_t value;
      return numeric::TryParseInt64(text, &value);
    }
    case TypeId::kDouble: {
      double value;
      return numeric::TryParseDouble(text, &value);
    }
    case TypeId::kDecimal: {
      int128_t value;
      return numeric::TryParseDecimal(text, type.width(), type.scale(), &value);
    }
    case TypeId::kDate: {
      int32_t value;
      return date_time::TryParseDate(text, &value);
    }
    case TypeId::kTimestamp: {
      int64_t value;
      return date_time::TryParseTimestamp(text, &value);
    }
    case TypeId::kInterval: {
      Interval value;
      return date_time::TryParseInterval(text, &value);
    }
    default:
      return true;
  }
}

std::string Lower(std::string_view text) {
  std::string result;
  for (char c : text) result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// Reads from the stream until `target_lines` line breaks (or `byte_limit` bytes, or EOF).
// Fails as soon as one line (a '\n', '\r\n' or lone '\r' break ends it) is longer than
// `max_line_size`, so that one huge line is neither read into memory nor called "empty".
Result<std::string> ReadBeginning(const std::string& path, InputStream& stream,
                                  int64_t target_lines, uint64_t byte_limit, uint64_t max_line_size,
                                  bool* complete) {
  std::string text;
  int64_t lines = 0;
  uint64_t line_length = 0;
  bool after_carriage_return = false;
  *complete = false;
  while (true) {
    size_t old_size = text.size();
    text.resize(old_size + kReadPiece);
    TARN_ASSIGN_OR_RETURN(size_t count, stream.Read(text.data() + old_size, kReadPiece));
    text.resize(old_size + count);
    if (count == 0) {
      *complete = true;
      break;
    }
    for (size_t i = old_size; i < text.size(); i++) {
      char c = text[i];
      if (c == '\n' || c == '\r') {
        if (c == '\r' || !after_carriage_return) lines++;
        after_carriage_return = c == '\r';
        line_length = 0;
        continue;
      }
      after_carriage_return = false;
      if (++line_length > max_line_size) {
        return Status::Error(ErrorCode::kInvalidInput,
                             "Error reading \"" + path + "\" line " + std::to_string(lines + 1) +
                                 ": line is longer than max_line_size (" +
                                 std::to_string(max_line_size) +
                                 " bytes). Raise it with max_line_size=N if this is intended");
      }
    }
    if (target_lines >= 0 && (lines > target_lines || text.size() >= byte_limit)) break;
  }
  return text;
}

Status CheckBinary(const std::string& path, std::string_view text, uint64_t base_offset) {
  const void* nul = std::memchr(text.data(), '\0', text.size());
  if (nul == nullptr) return Status::Ok();
  uint64_t offset = base_offset + (static_cast<const char*>(nul) - text.data());
  return Status::Error(ErrorCode::kInvalidInput, "\"" + path +
                                                     "\" does not look like a CSV file (binary "
                                                     "data at byte " +
                                                     std::to_string(offset) + ")");
}

// Drops `skip_rows` lines (and a UTF-8 byte order mark) from the front of the sample.
std::string_view SkipPrefix(std::string_view text, int64_t skip_rows) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.remove_prefix(3);
  }
  for (int64_t i = 0; i < skip_rows && !text.empty(); i++) {
    size_t line_end = text.find('\n');
    text.remove_prefix(line_end == std::string_view::npos ? text.size() : line_end + 1);
  }
  return text;
}

struct DialectScore {
  bool multiple_columns = false;
  int64_t consistent_rows = 0;
  uint64_t columns = 0;
  bool operator>(const DialectScore& other) const {
    if (multiple_columns != other.multiple_columns) return multiple_columns;
    if (consistent_rows != other.consistent_rows) return consistent_rows > other.consistent_rows;
    return columns > other.columns;
  }
};

// The most common field count among well-formed rows, and how many rows have it.
std::pair<uint64_t, int64_t> ModeColumnCount(const SampleParse& parse) {
  std::map<uint64_t, int64_t> counts;
  for (const SampleRow& row : parse.rows) {
    if (!row.malformed) counts[row.fields.size()]++;
  }
  std::pair<uint64_t, int64_t> best{0, 0};
  for (const auto& [columns, rows] : counts) {
    if (rows > best.second || (rows == best.second && columns > best.first)) {
      best = {columns, rows};
    }
  }
  return best;
}

Result<CsvDialect> DetectDialect(std::string_view text, bool complete,
                                 const CsvReadOptions& options) {
  std::vector<char> delimiters = {',', '|', '\t', ';'};
  std::vector<char> quotes = {'"', '\'', '\0'};
  if (options.delimiter) delimiters = {*options.delimiter};
  if (options.quote) quotes = {*options.quote};
  CsvDialect best_dialect;
  DialectScore best_score;
  bool have_best = false;
  for (char delimiter : delimiters) {
    for (char quote : quotes) {
      if (quote != '\0' && quote == delimiter) continue;
      std::vector<char> escapes = {quote, '\\'};
      if (quote == '\0') escapes = {'\0'};
      if (options.escape) escapes = {*options.escape};
      for (char escape : escapes) {
        CsvDialect dialect{delimiter, quote, escape};
        SampleParse parse;
        ParseSample(text, dialect, kDialectDetectionRows, complete, &parse);
        auto [columns, rows] = ModeColumnCount(parse);
        int64_t malformed = 0;
        for (const SampleRow& row : parse.rows) malformed += row.malformed ? 1 : 0;
        DialectScore score{columns > 1, rows - malformed, columns};
        if (!have_best || score > best_score) {
          best_score = score;
          best_dialect = dialect;
          have_best = true;
        }
      }
    }
  }
  if (!have_best) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "read_csv: the quote character cannot be the delimiter");
  }
  return best_dialect;
}

// `lines` + `more`, saturating instead of overflowing for a huge `skip`.
int64_t AddLines(int64_t lines, int64_t more) {
  return lines > std::numeric_limits<int64_t>::max() - more ? std::numeric_limits<int64_t>::max()
                                                            : lines + more;
}

std::vector<std::string> MakeUniqueNames(const std::vector<std::string>& raw) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (size_t i = 0; i < raw.size(); i++) {
    std::string name(TrimView(raw[i]));
    if (name.empty()) name = "column" + std::to_string(i);
    std::string candidate = name;
    for (int suffix = 1; used.count(Lower(candidate)); suffix++) {
      candidate = name + "_" + std::to_string(suffix);
    }
    used.insert(Lower(candidate));
    names.push_back(candidate);
  }
  return names;
}

}  // namespace

Result<uint64_t> CountFirstRowFields(const std::string& path, const CsvDialect& dialect,
                                     Compression compression, int64_t skip_rows) {
  TARN_ASSIGN_OR_RETURN(auto stream, OpenInputStream(path, compression));
  bool complete = false;
  TARN_ASSIGN_OR_RETURN(std::string text,
                        ReadBeginning(path, *stream, AddLines(skip_rows, 1), 4 * 1024 * 1024,
                                      std::numeric_limits<uint64_t>::max(), &complete));
  TARN_RETURN_IF_ERROR(CheckBinary(path, text, 0));
  SampleParse parse;
  ParseSample(SkipPrefix(text, skip_rows), dialect, 1, complete, &parse);
  if (parse.rows.empty()) return uint64_t(0);
  return static_cast<uint64_t>(parse.rows[0].fields.size());
}

Result<CsvSchema> SniffCsv(const std::string& path, const CsvReadOptions& options) {
  CsvSchema schema;
  TARN_ASSIGN_OR_RETURN(schema.file_size, FileSize(path));
  schema.compression = options.compression;
  if (schema.compression == Compression::kAuto) {
    TARN_ASSIGN_OR_RETURN(schema.compression, DetectCompression(path));
  }
  schema.compressed = schema.compression != Compression::kNone;
  TARN_ASSIGN_OR_RETURN(auto stream, OpenInputStream(path, schema.compression));

  const bool whole_file = options.sample_size < 0;
  // Declared columns need no type votes: a short sample still finds the dialect, the
  // header and the line length.
  const bool declared_columns = !options.columns.empty();
  const bool sample_middle = !whole_file && !schema.compressed && !declared_columns;
  int64_t beginning_rows = whole_file         ? -1
                           : declared_columns ? std::min<int64_t>(options.sample_size, 2048)
                           : sample_middle    ? std::max<int64_t>(options.sample_size / 2, 1)
                                              : options.sample_size;
  bool complete = false;
  TARN_ASSIGN_OR_RETURN(
      std::string beginning,
      ReadBeginning(
          path, *stream,
          beginning_rows < 0 ? -1 : AddLines(beginning_rows, AddLines(options.skip_rows, 1)),
          kMaxBeginningBytes, options.max_line_size, &complete));
  TARN_RETURN_IF_ERROR(CheckBinary(path, beginning, 0));
  std::string_view text = SkipPrefix(beginning, options.skip_rows);

  // Dialect: on the first rows only.
  if (!options.auto_detect) {
    schema.dialect.delimiter = options.delimiter.value_or(',');
    schema.dialect.quote = options.quote.value_or('"');
    schema.dialect.escape = options.escape.value_or(schema.dialect.quote);
  } else {
    TARN_ASSIGN_OR_RETURN(schema.dialect, DetectDialect(text, complete, options));
  }
  if (schema.dialect.quote != '\0' && schema.dialect.quote == schema.dialect.delimiter) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "read_csv: the quote character cannot be the delimiter");
  }
  size_t max_rows = whole_file ? SIZE_MAX : static_cast<size_t>(options.sample_size);
  SampleParse parse;
  // One row more than the sample size: the first row may be the header, which is not data.
  ParseSample(text, schema.dialect,
              beginning_rows < 0 ? SIZE_MAX : static_cast<size_t>(beginning_rows) + 1, complete,
              &parse);
  schema.unsplittable = parse.quoted_newline || parse.lone_carriage_return;
  if (!parse.rows.empty()) {
    schema.average_line_length =
        static_cast<double>(parse.consumed) / static_cast<double>(parse.rows.size());
  }
  size_t beginning_row_count = parse.rows.size();

  // Chunks from the middle and the end add rows for typing only.
  if (sample_middle && !complete && !schema.unsplittable &&
      schema.file_size > 2 * beginning.size()) {
    TARN_ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
    size_t chunk_rows =
        std::max<size_t>(1, (max_rows - std::min(max_rows, beginning_row_count)) / 3);
    uint64_t chunk_bytes = std::max<uint64_t>(
        4096, static_cast<uint64_t>(static_cast<double>(chunk_rows) *
                                    std::max(schema.average_line_length, 1.0) * 1.25));
    for (double fraction : {0.35, 0.7, 1.0}) {
      uint64_t offset = static_cast<uint64_t>(static_cast<double>(schema.file_size) * fraction);
      offset = offset > chunk_bytes ? offset - chunk_bytes : 0;
      std::string chunk(chunk_bytes, '\0');
      TARN_ASSIGN_OR_RETURN(size_t count, file->ReadAt(offset, chunk.data(), chunk.size()));
      chunk.resize(count);
      TARN_RETURN_IF_ERROR(CheckBinary(path, chunk, offset));
      size_t line_start = chunk.find('\n');
      if (line_start == std::string::npos) continue;
      std::string_view piece(chunk);
      piece.remove_prefix(line_start + 1);
      SampleParse chunk_parse;
      bool at_end = fraction == 1.0;
      ParseSample(piece, schema.dialect, at_end ? SIZE_MAX : chunk_rows,
                  offset + count >= schema.file_size, &chunk_parse);
      // The end chunk contributes its last rows.
      size_t first =
          chunk_parse.rows.size() > chunk_rows && at_end ? chunk_parse.rows.size() - chunk_rows : 0;
      for (size_t r = first; r < chunk_parse.rows.size(); r++) {
        parse.rows.push_back(std::move(chunk_parse.rows[r]));
      }
    }
  }

  auto [mode_columns, mode_rows] = ModeColumnCount(parse);
  if (!options.columns.empty()) {
    if (parse.rows.empty()) mode_columns = options.columns.size();
  } else if (parse.rows.empty() && options.skip_rows > 0 &&
             SkipPrefix(beginning, 0).find_first_not_of("\r\n") != std::string::npos) {
    return Status::Error(
        ErrorCode::kInvalidInput,
        "\"" + path + "\" has no lines left after skip=" + std::to_string(options.skip_rows) +
            ": cannot detect its columns; skip fewer lines or give them with "
            "columns={'name': 'TYPE', ...}");
  } else if (parse.rows.empty()) {
    return Status::Error(ErrorCode::kInvalidInput,
                         "\"" + path +
                             "\" is empty: cannot detect its columns; give them with "
                             "columns={'name': 'TYPE', ...}");
  }
  schema.physical_columns = mode_columns;
  const std::string& null_string = options.null_string;

  // Vote on types with every consistent row but the first; the first decides the header.
  std::vector<ColumnVotes> votes(mode_columns);
  std::vector<bool> column_empty(mode_columns, true);
  const SampleRow* first_row = parse.rows.empty() ? nullptr : &parse.rows[0];
  for (size_t r = 1; r < parse.rows.size(); r++) {
    const SampleRow& row = parse.rows[r];
    if (row.malformed || row.fields.size() != mode_columns) continue;
    for (size_t c = 0; c < mode_columns; c++) {
      if (!row.fields[c].value.empty()) column_empty[c] = false;
      if (!declared_columns && !IsNullField(row.fields[c], null_string))
        votes[c].Add(row.fields[c].value);
    }
  }
  std::vector<LogicalType> types(mode_columns);
  bool declared = !options.columns.empty();
  for (size_t c = 0; c < mode_columns; c++) types[c] = votes[c].Type();
  if (declared) {
    for (size_t c = 0; c < std::min<size_t>(mode_columns, options.columns.size()); c++) {
      types[c] = options.columns[c].second;
    }
  }
  bool first_consistent =
      first_row && !first_row->malformed && first_row->fields.size() == mode_columns;
  if (options.header) {
    schema.header = *options.header;
  } else if (!first_consistent) {
    schema.header = false;
  } else {
    bool typed_column = false;
    bool mismatch = false;
    bool matches_declared_names = declared;
    for (size_t c = 0; c < mode_columns; c++) {
      const SampleField& field = first_row->fields[c];
      if (declared && (c >= options.columns.size() ||
                       Lower(TrimView(field.value)) != Lower(options.columns[c].first))) {
        matches_declared_names = false;
      }
      if (types[c].id() == TypeId::kVarchar) continue;
      typed_column = true;
      if (!IsNullField(field, null_string) && !ValueFits(field.value, types[c])) mismatch = true;
    }
    if (matches_declared_names || mismatch) {
      schema.header = true;
    } else if (!typed_column && !declared && parse.rows.size() > 1) {
      std::set<std::string> distinct;
      bool all_named = true;
      for (const SampleField& field : first_row->fields) {
        if (TrimView(field.value).empty()) all_named = false;
        distinct.insert(field.value);
      }
      // A trailing empty field (TPC-H style) does not count against a header.
      bool last_empty = first_row->fields.back().value.empty() && column_empty.back();
      if (!all_named && last_empty) {
        all_named = true;
        for (size_t c = 0; c + 1 < mode_columns; c++) {
          if (TrimView(first_row->fields[c].value).empty()) all_named = false;
        }
      }
      schema.header = all_named && distinct.size() == first_row->fields.size();
    }
  }
  if (first_consistent && !schema.header) {
    for (size_t c = 0; c < mode_columns; c++) {
      const SampleField& field = first_row->fields[c];
      if (!field.value.empty()) column_empty[c] = false;
      if (!IsNullField(field, null_string)) votes[c].Add(field.value);
      if (!declared) types[c] = votes[c].Type();
    }
  }

  std::vector<std::string> raw_names(mode_columns);
  if (schema.header && first_consistent) {
    for (size_t c = 0; c < mode_columns; c++) raw_names[c] = first_row->fields[c].value;
  }
  size_t columns = mode_columns;
  if (columns > 1 && column_empty.back() && TrimView(raw_names.back()).empty()) {
    if (!declared || options.columns.size() == columns - 1) columns--;
  }
  raw_names.resize(columns);
  types.resize(columns);

  if (declared && options.null_padding && options.columns.size() > columns) {
    // Lines with fewer fields than declared columns read NULL for the rest (files written
    // before columns were added to a table).
    columns = options.columns.size();
    schema.physical_columns = columns;
  }
  if (declared) {
    if (options.columns.size() != columns) {
      return Status::Error(ErrorCode::kInvalidOption,
                           "read_csv option 'columns' lists " +
                               std::to_string(options.columns.size()) + " columns but \"" + path +
                               "\" has " + std::to_string(columns) + " (delimiter '" +
                               std::string(1, schema.dialect.delimiter) + "')");
    }
    schema.names.clear();
    for (const auto& [name, type] : options.columns) {
      schema.names.push_back(name);
      schema.types.push_back(type);
    }
  } else {
    if (schema.header) {
      schema.names = MakeUniqueNames(raw_names);
    } else {
      for (size_t c = 0; c < columns; c++) schema.names.push_back("column" + std::to_string(c));
    }
    schema.types = types;
  }
  if (options.all_varchar) {
    for (auto& type : schema.types) type = TypeId::kVarchar;
  }
  for (const auto& [name, type] : options.type_overrides) {
    bool found = false;
    for (size_t c = 0; c < schema.names.size(); c++) {
      if (Lower(schema.names[c]) == Lower(name)) {
        schema.types[c] = type;
        found = true;
      }
    }
    if (!found) {
      std::string known;
      for (const auto& column : schema.names) known += (known.empty() ? "" : ", ") + column;
      return Status::Error(ErrorCode::kInvalidOption, "read_csv option 'types': no column named '" +
                                                          name + "' in \"" + path +
                                                          "\" (columns: " + known + ")");
    }
  }
  return schema;
}

}  // namespace tarn
