#include "cli/result_printer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <vector>

#include "common/utf8.h"
#include "types/numeric.h"

namespace tarn {

namespace {

constexpr uint32_t kReplacementCharacter = 0xFFFD;
constexpr std::string_view kEllipsis = "…";
constexpr std::string_view kElisionMark = "·";
// Table mode never cuts a text column narrower than this (unless its content is
// narrower); numeric values are never cut, only their headers.
constexpr size_t kMinimumTextColumnWidth = 8;

bool InRanges(uint32_t code_point, const uint32_t (*ranges)[2], size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (code_point >= ranges[i][0] && code_point <= ranges[i][1]) return true;
  }
  return false;
}

size_t CodePointWidth(uint32_t code_point) {
  static const uint32_t kZeroWidth[][2] = {
      {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
      {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
      {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF}};
  static const uint32_t kWide[][2] = {
      {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
      {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
      {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
      {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};
  if (InRanges(code_point, kZeroWidth, std::size(kZeroWidth))) return 0;
  if (InRanges(code_point, kWide, std::size(kWide))) return 2;
  return 1;
}

std::string Repeat(std::string_view piece, size_t count) {
  std::string result;
  result.reserve(piece.size() * count);
  for (size_t i = 0; i < count; i++) result += piece;
  return result;
}

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Calls visit(chunk, row_in_chunk, global_row) for every row whose global index passes
// `wanted`, skipping whole chunks cheaply.
template <class Wanted, class Visit>
void ForEachRow(const QueryResult& result, Wanted wanted, Visit visit) {
  uint64_t offset = 0;
  for (const auto& chunk : result.chunks()) {
    for (idx_t row = 0; row < chunk.size(); row++) {
      if (wanted(offset + row)) visit(chunk, row, offset + row);
    }
    offset += chunk.size();
  }
}

std::string CellText(const Value& value) { return EscapeForDisplay(value.ToString()); }

// Pads `text` (already at most `width` columns) to exactly `width` columns.
std::string Pad(const std::string& text, size_t width, bool right_align) {
  size_t text_width = DisplayWidth(text);
  std::string padding(width > text_width ? width - text_width : 0, ' ');
  return right_align ? padding + text : text + padding;
}

std::string Fit(const std::string& text, size_t width, bool right_align) {
  return Pad(DisplayWidth(text) > width ? TruncateToDisplayWidth(text, width) : text, width,
             right_align);
}

// Total line width of a box whose columns have these content widths.
size_t BoxWidth(const std::vector<size_t>& widths) {
  size_t total = 1;
  for (size_t width : widths) total += width + 3;
  return total;
}

// Widths capped at `cap`, but never below each column's minimum.
std::vector<size_t> CapWidths(const std::vector<size_t>& natural,
                              const std::vector<size_t>& minimum, size_t cap) {
  std::vector<size_t> result(natural.size());
  for (size_t i = 0; i < natural.size(); i++) {
    result[i] = std::max(minimum[i], std::min(natural[i], cap));
  }
  return result;
}

}  // namespace

std::optional<OutputMode> ParseOutputMode(std::string_view name) {
  std::string lower = Lower(std::string(name));
  if (lower == "table" || lower == "box") return OutputMode::kTable;
  if (lower == "csv") return OutputMode::kCsv;
  if (lower == "json" || lower == "ndjson") return OutputMode::kJson;
  if (lower == "line") return OutputMode::kLine;
  return std::nullopt;
}

const char* OutputModeName(OutputMode mode) {
  switch (mode) {
    case OutputMode::kTable:
      return "table";
    case OutputMode::kCsv:
      return "csv";
    case OutputMode::kJson:
      return "json";
    case OutputMode::kLine:
      return "line";
  }
  return "table";
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  size_t position = 0;
  while (position < text.size()) {
    uint32_t code_point = 0;
    size_t length = DecodeUtf8(text, position, &code_point);
    if (length == 0) {
      width += 1;
      position += 1;
      continue;
    }
    width += CodePointWidth(code_point);
    position += length;
  }
  return width;
}

std::string TruncateToDisplayWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return std::string();
  std::string result;
  size_t used = 0;
  size_t position = 0;
  while (position < text.size()) {
    uint32_t code_point = 0;
    size_t length = DecodeUtf8(text, position, &code_point);
    size_t piece_width = length == 0 ? 1 : CodePointWidth(code_point);
    if (length == 0) length = 1;
    if (used + piece_width > width - 1) break;
    result.append(text.substr(position, length));
    used += piece_width;
    position += length;
  }
  result += kEllipsis;
  return result;
}

std::string EscapeForDisplay(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  size_t position = 0;
  while (position < text.size()) {
    uint32_t code_point = 0;
    size_t length = DecodeUtf8(text, position, &code_point);
    if (length == 0) {
      AppendUtf8(kReplacementCharacter, &result);
      position += 1;
      continue;
    }
    if (code_point < 0x20 || code_point == 0x7F) {
      switch (code_point) {
        case '\n':
          result += "\\n";
          break;
        case '\r':
          result += "\\r";
          break;
        case '\t':
          result += "\\t";
          break;
        default: {
          static const char kHex[] = "0123456789abcdef";
          result += "\\x";
          result += kHex[code_point >> 4];
          result += kHex[code_point & 15];
        }
      }
    } else {
      result.append(text.substr(position, length));
    }
    position += length;
  }
  return result;
}

std::string QuoteCsvField(std::string_view text) {
  bool needs_quotes = text.empty() || text.front() == ' ' || text.back() == ' ' ||
                      text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!needs_quotes) return std::string(text);
  std::string result = "\"";
  for (char c : text) {
    if (c == '"') result += '"';
    result += c;
  }
  result += '"';
  return result;
}

std::string QuoteJsonString(std::string_view text) {
  std::string result = "\"";
  size_t position = 0;
  while (position < text.size()) {
    uint32_t code_point = 0;
    size_t length = DecodeUtf8(text, position, &code_point);
    if (length == 0) {
      AppendUtf8(kReplacementCharacter, &result);
      position += 1;
      continue;
    }
    switch (code_point) {
      case '"':
        result += "\\\"";
        break;
      case '\\':
        result += "\\\\";
        break;
      case '\n':
        result += "\\n";
        break;
      case '\r':
        result += "\\r";
        break;
      case '\t':
        result += "\\t";
        break;
      case '\b':
        result += "\\b";
        break;
      case '\f':
        result += "\\f";
        break;
      default:
        if (code_point < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", code_point);
          result += buffer;
        } else {
          result.append(text.substr(position, length));
        }
    }
    position += length;
  }
  result += '"';
  return result;
}

std::string ValueToJson(const Value& value) {
  if (value.is_null()) return "null";
  switch (value.type().id()) {
    case TypeId::kNull:
      return "null";
    case TypeId::kBoolean:
      return value.GetBoolean() ? "true" : "false";
    case TypeId::kInteger:
    case TypeId::kBigint:
    case TypeId::kDecimal:
      return value.ToString();
    case TypeId::kDouble: {
      double number = value.GetDouble();
      if (!std::isfinite(number)) return "null";
      return numeric::FormatDouble(number);
    }
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kInterval:
    case TypeId::kVarchar:
      return QuoteJsonString(value.ToString());
    case TypeId::kList: {
      std::string text = "[";
      for (size_t i = 0; i < value.children().size(); i++) {
        if (i > 0) text += ",";
        text += ValueToJson(value.children()[i]);
      }
      return text + "]";
    }
    case TypeId::kStruct: {
      std::string text = "{";
      for (size_t i = 0; i < value.children().size(); i++) {
        if (i > 0) text += ",";
        text += QuoteJsonString(value.type().children()[i].first) + ":" +
                ValueToJson(value.children()[i]);
      }
      return text + "}";
    }
    case TypeId::kMap: {
      // JSON objects need string keys: keys are written as their text.
      std::string text = "{";
      for (size_t i = 0; i < value.children().size(); i++) {
        if (i > 0) text += ",";
        const auto& entry = value.children()[i].children();
        text += QuoteJsonString(entry[0].ToString()) + ":" + ValueToJson(entry[1]);
      }
      return text + "}";
    }
  }
  return QuoteJsonString(value.ToString());
}

std::string ResultPrinter::ToString(const QueryResult& result) const {
  std::ostringstream out;
  Print(result, out);
  return out.str();
}

void ResultPrinter::Print(const QueryResult& result, std::ostream& out) const {
  if (result.HasError() || result.ColumnCount() == 0) return;
  switch (options_.mode) {
    case OutputMode::kTable:
      PrintTable(result, out);
      break;
    case OutputMode::kCsv:
      PrintCsv(result, out);
      break;
    case OutputMode::kJson:
      PrintJson(result, out);
      break;
    case OutputMode::kLine:
      PrintLine(result, out);
      break;
  }
}

void ResultPrinter::PrintCsv(const QueryResult& result, std::ostream& out) const {
  idx_t column_count = result.ColumnCount();
  std::string line;
  for (idx_t column = 0; column < column_count; column++) {
    if (column > 0) line += ',';
    line += QuoteCsvField(result.names()[column]);
  }
  out << line << '\n';
  ForEachRow(
      result, [](uint64_t) { return true; },
      [&](const DataChunk& chunk, idx_t row, uint64_t) {
        line.clear();
        for (idx_t column = 0; column < column_count; column++) {
          if (column > 0) line += ',';
          Value value = chunk.GetValue(column, row);
          if (!value.is_null()) line += QuoteCsvField(value.ToString());
        }
        out << line << '\n';
      });
}

void ResultPrinter::PrintJson(const QueryResult& result, std::ostream& out) const {
  idx_t column_count = result.ColumnCount();
  std::vector<std::string> keys;
  for (const auto& name : result.names()) keys.push_back(QuoteJsonString(name));
  std::string line;
  ForEachRow(
      result, [](uint64_t) { return true; },
      [&](const DataChunk& chunk, idx_t row, uint64_t) {
        line = "{";
        for (idx_t column = 0; column < column_count; column++) {
          if (column > 0) line += ',';
          line += keys[column];
          line += ':';
          line += ValueToJson(chunk.GetValue(column, row));
        }
        line += '}';
        out << line << '\n';
      });
}

void ResultPrinter::PrintLine(const QueryResult& result, std::ostream& out) const {
  idx_t column_count = result.ColumnCount();
  size_t name_width = 0;
  for (const auto& name : result.names()) name_width = std::max(name_width, DisplayWidth(name));
  ForEachRow(
      result, [](uint64_t) { return true; },
      [&](const DataChunk& chunk, idx_t row, uint64_t global_row) {
        if (global_row > 0) out << '\n';
        for (idx_t column = 0; column < column_count; column++) {
          out << Pad(result.names()[column], name_width, true) << " = "
              << chunk.GetValue(column, row).ToString() << '\n';
        }
      });
}

void ResultPrinter::PrintTable(const QueryResult& result, std::ostream& out) const {
  const idx_t column_count = result.ColumnCount();
  const uint64_t row_count = result.RowCount();
  const uint64_t max_rows = std::max<uint64_t>(options_.max_rows, 2);
  const bool elide_rows = row_count > max_rows;
  const uint64_t head_rows = elide_rows ? max_rows / 2 : row_count;
  const uint64_t tail_start = elide_rows ? row_count - (max_rows - head_rows) : row_count;

  std::vector<std::string> names;
  std::vector<std::string> types;
  std::vector<bool> right_align;
  for (idx_t column = 0; column < column_count; column++) {
    names.push_back(EscapeForDisplay(result.names()[column]));
    types.push_back(Lower(result.types()[column].ToString()));
    right_align.push_back(result.types()[column].IsNumeric());
  }

  // Cells of the rows that will be shown; the elision marker goes between head and tail.
  std::vector<std::vector<std::string>> rows;
  ForEachRow(
      result, [&](uint64_t row) { return row < head_rows || row >= tail_start; },
      [&](const DataChunk& chunk, idx_t row, uint64_t) {
        std::vector<std::string> cells;
        cells.reserve(column_count);
        for (idx_t column = 0; column < column_count; column++) {
          cells.push_back(CellText(chunk.GetValue(column, row)));
        }
        rows.push_back(std::move(cells));
      });

  // Natural width fits everything; the minimum keeps numbers whole and text readable.
  std::vector<size_t> natural(column_count, 1);
  std::vector<size_t> minimum(column_count, 1);
  for (idx_t column = 0; column < column_count; column++) {
    size_t values_width = 1;
    for (const auto& cells : rows) {
      values_width = std::max(values_width, DisplayWidth(cells[column]));
    }
    natural[column] =
        std::max({values_width, DisplayWidth(names[column]), DisplayWidth(types[column])});
    minimum[column] =
        right_align[column] ? values_width : std::min(natural[column], kMinimumTextColumnWidth);
  }

  // Choose the columns to show: all when they fit at the minimum width; otherwise columns
  // from both ends around a one-character "…" column.
  std::vector<idx_t> shown;
  const size_t budget = std::max<size_t>(options_.max_width, 20);
  size_t minimum_total = 1;
  for (idx_t column = 0; column < column_count; column++) {
    minimum_total += minimum[column] + 3;
  }
  bool elide_columns = minimum_total > budget;
  idx_t left_count = column_count;
  if (elide_columns) {
    size_t used = 1 + 4;  // Left border and the "…" column.
    idx_t left = 0;
    idx_t right = column_count;
    bool take_left = true;
    while (left < right) {
      idx_t candidate = take_left ? left : right - 1;
      size_t cost = minimum[candidate] + 3;
      if (used + cost > budget) break;
      used += cost;
      if (take_left) {
        left++;
      } else {
        right--;
      }
      take_left = !take_left;
    }
    if (left == 0 && right == column_count) {
      // Not even one column fits whole: show the first one, cut to the width.
      left = 1;
      minimum[0] = 1;
    }
    left_count = left;
    for (idx_t column = 0; column < left; column++) shown.push_back(column);
    for (idx_t column = right; column < column_count; column++) shown.push_back(column);
  } else {
    for (idx_t column = 0; column < column_count; column++) shown.push_back(column);
  }

  // Widths of the shown columns; the ellipsis column (if any) is added as width 1.
  std::vector<size_t> shown_natural;
  std::vector<size_t> shown_minimum;
  for (idx_t column : shown) {
    shown_natural.push_back(natural[column]);
    shown_minimum.push_back(minimum[column]);
  }
  size_t extra = elide_columns ? 4 : 0;
  std::vector<size_t> widths = shown_natural;
  if (BoxWidth(widths) + extra > budget) {
    // Largest cap that fits, by binary search; columns narrower than it keep their width.
    size_t low = 1;
    size_t high = *std::max_element(shown_natural.begin(), shown_natural.end());
    while (low < high) {
      size_t middle = (low + high + 1) / 2;
      if (BoxWidth(CapWidths(shown_natural, shown_minimum, middle)) + extra <= budget) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    widths = CapWidths(shown_natural, shown_minimum, low);
  }

  // Lays out one line of the box from per-shown-column texts.
  auto render_line = [&](const std::vector<std::string>& texts, const std::vector<bool>& align) {
    std::string line = "│";
    for (size_t i = 0; i < shown.size(); i++) {
      if (elide_columns && i == left_count) line += " " + std::string(kEllipsis) + " │";
      line += " " + Fit(texts[i], widths[i], align[i]) + " │";
    }
    if (elide_columns && left_count == shown.size()) line += " " + std::string(kEllipsis) + " │";
    return line;
  };
  auto render_rule = [&](std::string_view left, std::string_view middle, std::string_view right) {
    std::string line(left);
    size_t segments = shown.size() + (elide_columns ? 1 : 0);
    for (size_t i = 0; i < segments; i++) {
      bool is_ellipsis = elide_columns && i == left_count;
      size_t width;
      if (is_ellipsis) {
        width = 1;
      } else {
        size_t shown_index = elide_columns && i > left_count ? i - 1 : i;
        width = widths[shown_index];
      }
      line += Repeat("─", width + 2);
      line += i + 1 < segments ? middle : right;
    }
    return line;
  };
  auto pick = [&](const std::vector<std::string>& all) {
    std::vector<std::string> picked;
    for (idx_t column : shown) picked.push_back(all[column]);
    return picked;
  };
  std::vector<bool> left_aligned(shown.size(), false);
  std::vector<bool> shown_alignment;
  for (idx_t column : shown) shown_alignment.push_back(right_align[column]);

  out << render_rule("┌", "┬", "┐") << '\n';
  out << render_line(pick(names), left_aligned) << '\n';
  out << render_line(pick(types), left_aligned) << '\n';
  out << render_rule("├", "┼", "┤") << '\n';
  for (size_t i = 0; i < rows.size(); i++) {
    if (elide_rows && i == head_rows) {
      std::vector<std::string> marks(shown.size(), std::string(kElisionMark));
      out << render_line(marks, shown_alignment) << '\n';
    }
    out << render_line(pick(rows[i]), shown_alignment) << '\n';
  }
  out << render_rule("└", "┴", "┘") << '\n';

  std::string footer;
  if (row_count == 0) {
    footer = "(0 rows)";
  } else if (elide_rows) {
    footer = std::to_string(row_count) + " rows (" + std::to_string(rows.size()) + " shown)";
  }
  if (elide_columns) {
    if (!footer.empty()) footer += "  ";
    footer +=
        std::to_string(column_count) + " columns (" + std::to_string(shown.size()) + " shown)";
  }
  if (!footer.empty()) out << footer << '\n';
}

}  // namespace tarn
