#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "main/query_result.h"

namespace tarn {

// How the shell and `tarn -c` render a result.
//   kTable: a box with a name row and a type row; numbers right-aligned; wide values cut
//           with "…" so rows fit `max_width`; more than `max_rows` rows are elided in the
//           middle with a "·" row and a footer "1000 rows (40 shown)"; an empty result
//           prints the header box and "(0 rows)".
//   kCsv:   a header line then one line per row, RFC 4180 quoting, NULL as an empty field,
//           the empty string as "".
//   kJson:  NDJSON, one object per row; numbers as JSON numbers (decimals exact,
//           non-finite doubles as null), temporal values as ISO strings, NULL as null.
//   kLine:  "column = value" per line, a blank line between rows.
enum class OutputMode : uint8_t { kTable, kCsv, kJson, kLine };

// "table", "csv", "json" or "line" (case-insensitive); nullopt for anything else.
std::optional<OutputMode> ParseOutputMode(std::string_view name);
const char* OutputModeName(OutputMode mode);

struct PrintOptions {
  OutputMode mode = OutputMode::kTable;
  // Table mode: the widest a line may be, in terminal columns.
  size_t max_width = 120;
  // Table mode: results with more rows show the first and last max_rows / 2 rows.
  uint64_t max_rows = 40;
};

// ResultPrinter writes a successful QueryResult as text in one OutputMode. Results without
// columns (CREATE TABLE ...) and error results print nothing: callers report errors.
// Values are rendered with Value::ToString(), so decimals keep their scale and dates are
// ISO. Thread safety: immutable after construction; Print may be called from any thread.
class ResultPrinter {
 public:
  explicit ResultPrinter(PrintOptions options = PrintOptions()) : options_(options) {}

  void Print(const QueryResult& result, std::ostream& out) const;
  std::string ToString(const QueryResult& result) const;

  const PrintOptions& options() const { return options_; }

 private:
  void PrintTable(const QueryResult& result, std::ostream& out) const;
  void PrintCsv(const QueryResult& result, std::ostream& out) const;
  void PrintJson(const QueryResult& result, std::ostream& out) const;
  void PrintLine(const QueryResult& result, std::ostream& out) const;

  PrintOptions options_;
};

// Building blocks of the modes, exposed for tests and for other front ends.

// Terminal columns taken by UTF-8 `text`: East Asian wide characters and most emoji
// count 2, combining marks 0, invalid bytes 1.
size_t DisplayWidth(std::string_view text);
// Cuts `text` to at most `width` columns, ending in "…" when anything was cut.
std::string TruncateToDisplayWidth(std::string_view text, size_t width);
// Makes text safe for one table cell: control characters become visible escapes ("\n"),
// invalid UTF-8 bytes become U+FFFD.
std::string EscapeForDisplay(std::string_view text);
// One CSV field, quoted when it contains a comma, quote, CR, LF, leading or trailing
// space, or is empty.
std::string QuoteCsvField(std::string_view text);
// A JSON string literal (quotes included); invalid UTF-8 bytes become U+FFFD.
std::string QuoteJsonString(std::string_view text);
// The JSON rendering of one value (see OutputMode::kJson).
std::string ValueToJson(const Value& value);

}  // namespace tarn
