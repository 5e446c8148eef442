// tarn_sqllogictest: runs SQL logic test files (the sqllogictest format, with the DuckDB
// extensions tarn's tests use) against a fresh Database and Connection per file.
//
// Usage: tarn_sqllogictest [--data-dir DIR] [--catalog URL] [--verbose] PATH...
//   PATH is a .test file or a directory searched recursively for *.test files.
//   --catalog URL keeps each file's lake catalog in PostgreSQL (a fresh schema per file,
//   dropped afterwards) instead of an in-memory SQLite database, so the catalog tests run
//   against both stores.
//
// Records (separated by blank lines; `#` starts a comment line):
//   statement ok                      SQL must succeed
//   statement error [PATTERN]         SQL must fail; PATTERN (on the header line, or on the
//                                     lines after a `----` line) must occur in the error
//                                     message, literally or as an RE2 regular
//                                     expression (searched, not anchored)
//   query TYPES [rowsort|valuesort|nosort] [LABEL]
//   SQL
//   ----
//   expected rows, values separated by tabs (a line without tabs is split on spaces when
//   that gives one value per column; or one value per line for the whole result)
// TYPES has one letter per column (I integer, R real/decimal, T text, ...): only the
// count is checked. Values render as Value::ToString(), NULL as `NULL`, the empty string
// as `(empty)`. rowsort sorts rows, valuesort sorts all values (both sides are sorted).
// Directives: `skipif tarn` / `onlyif OTHER` skip the next record; `mode skip` and
// `mode unskip` skip the records between them; `halt` ends the file; `require ...` skips
// the file; `loop VAR BEGIN END` (END exclusive) and `foreach VAR A B C` repeat records up
// to `endloop` with ${VAR} replaced. `__TEST_DIR__` becomes a fresh temporary directory for
// the file and `__DATA__` the absolute path of test/data.
//
// Output: one report per failure (file:line, SQL, expected and actual), then a line with
// file counts and the summary line `sqllogictest: N passed, M failed`. Exit status 1 when
// anything failed.

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "catalog/sql_driver.h"
#include "main/connection.h"
#include "main/database.h"
#include "main/query_result.h"

namespace tarn {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kEngineName = "tarn";

struct Line {
  int number = 0;
  std::string text;
};

struct Counts {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped_records = 0;
  uint64_t files_run = 0;
  uint64_t files_skipped = 0;
};

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) begin++;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
  return std::string(text.substr(begin, end - begin));
}

std::vector<std::string> SplitWhitespace(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream stream{std::string(text)};
  std::string word;
  while (stream >> word) words.push_back(word);
  return words;
}

std::vector<std::string> SplitTabs(const std::string& text) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t tab = text.find('\t', start);
    if (tab == std::string::npos) {
      fields.push_back(text.substr(start));
      return fields;
    }
    fields.push_back(text.substr(start, tab - start));
    start = tab + 1;
  }
}

void ReplaceAll(std::string* text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  size_t position = 0;
  while ((position = text->find(from, position)) != std::string::npos) {
    text->replace(position, from.size(), to);
    position += to.size();
  }
}

bool IsBlank(const std::string& text) { return Trim(text).empty(); }

// Reports one failed record in a uniform layout.
class FailureReport {
 public:
  FailureReport(const std::string& file, int line, const std::string& sql) {
    out_ << "\n=== FAIL " << file << ":" << line << "\n--- SQL:\n" << sql << "\n";
  }
  FailureReport& Section(const std::string& title, const std::string& body) {
    out_ << "--- " << title << ":\n" << body << (body.empty() || body.back() != '\n' ? "\n" : "");
    return *this;
  }
  void Emit() { std::cout << out_.str() << std::flush; }

 private:
  std::ostringstream out_;
};

// Repeats the lines between `loop`/`foreach` and `endloop` with ${VAR} substituted.
// Returns false (with a message) for a malformed or unterminated loop.
bool ExpandLoops(const std::vector<Line>& lines, size_t* index, bool inside_loop,
                 std::vector<Line>* output, std::string* error) {
  while (*index < lines.size()) {
    const Line& line = lines[*index];
    std::vector<std::string> words = SplitWhitespace(line.text);
    if (!words.empty() && words[0] == "endloop") {
      if (!inside_loop) {
        *error = "line " + std::to_string(line.number) + ": endloop without loop";
        return false;
      }
      (*index)++;
      return true;
    }
    bool is_loop = !words.empty() && (words[0] == "loop" || words[0] == "concurrentloop");
    bool is_foreach = !words.empty() && (words[0] == "foreach" || words[0] == "concurrentforeach");
    if (!is_loop && !is_foreach) {
      output->push_back(line);
      (*index)++;
      continue;
    }
    std::vector<std::string> values;
    if (is_loop) {
      if (words.size() != 4) {
        *error = "line " + std::to_string(line.number) + ": expected `loop VAR BEGIN END`";
        return false;
      }
      long long begin = 0;
      long long end = 0;
      try {
        begin = std::stoll(words[2]);
        end = std::stoll(words[3]);
      } catch (const std::exception&) {
        *error = "line " + std::to_string(line.number) + ": loop bounds must be integers";
        return false;
      }
      for (long long value = begin; value < end; value++) values.push_back(std::to_string(value));
    } else {
      if (words.size() < 3) {
        *error = "line " + std::to_string(line.number) + ": expected `foreach VAR VALUE...`";
        return false;
      }
      values.assign(words.begin() + 2, words.end());
    }
    (*index)++;
    std::vector<Line> body;
    if (!ExpandLoops(lines, index, true, &body, error)) return false;
    if (body.empty() && *index >= lines.size()) {
      *error = "line " + std::to_string(line.number) + ": loop without endloop";
      return false;
    }
    std::string variable = "${" + words[1] + "}";
    for (const auto& value : values) {
      for (Line copy : body) {
        ReplaceAll(&copy.text, variable, value);
        output->push_back(std::move(copy));
      }
    }
  }
  if (inside_loop) {
    *error = "loop without endloop";
    return false;
  }
  return true;
}

std::string RenderValue(const Value& value) {
  if (value.is_null()) return "NULL";
  std::string text = value.ToString();
  if (text.empty()) return "(empty)";
  return text;
}

enum class SortMode { kNone, kRows, kValues };

class FileRunner {
 public:
  FileRunner(std::string path, std::string data_dir, std::string catalog, bool verbose,
             Counts* counts)
      : path_(std::move(path)),
        data_dir_(std::move(data_dir)),
        catalog_(std::move(catalog)),
        verbose_(verbose),
        counts_(counts) {}

  void Run() {
    std::ifstream input(path_, std::ios::binary);
    if (!input) {
      Fail(0, "", "cannot open the test file: " + std::string(std::strerror(errno)));
      return;
    }
    std::vector<Line> raw;
    std::string text;
    int number = 0;
    while (std::getline(input, text)) {
      number++;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      raw.push_back({number, text});
    }
    std::vector<Line> lines;
    std::string error;
    size_t index = 0;
    if (!ExpandLoops(raw, &index, false, &lines, &error)) {
      Fail(0, "", "malformed test file: " + error);
      return;
    }

    char directory_template[] = "/tmp/tarn_sqllogictest_XXXXXX";
    const char* directory = ::mkdtemp(directory_template);
    if (directory == nullptr) {
      Fail(0, "", "cannot create a temporary directory: " + std::string(std::strerror(errno)));
      return;
    }
    test_dir_ = directory;
    for (auto& line : lines) {
      ReplaceAll(&line.text, "__TEST_DIR__", test_dir_);
      ReplaceAll(&line.text, "__DATA__", data_dir_);
    }

    if (verbose_) std::cout << "running " << path_ << std::endl;
    bool skipped = false;
    std::unique_ptr<SqlDriver> maintenance;
    std::string schema = "tarn_slt_" + std::to_string(::getpid());
    try {
      DatabaseOptions options;
      if (!catalog_.empty()) {
        maintenance = OpenPostgresDriver(catalog_).ValueOrThrow();
        maintenance->Execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", {}).ThrowIfError();
        maintenance->Execute("CREATE SCHEMA " + schema, {}).ThrowIfError();
        options.lake.catalog = catalog_ + (catalog_.find('?') == std::string::npos ? "?" : "&") +
                               "options=-csearch_path%3D" + schema;
      }
      Database database(options);
      Connection connection(database);
      skipped = !RunRecords(lines, connection);
    } catch (const std::exception& exception) {
      Fail(0, "", std::string("the runner caught an exception: ") + exception.what());
    }
    if (maintenance) {
      Status dropped = maintenance->Execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", {});
      if (!dropped.ok()) Fail(0, "", "cannot drop the test schema: " + dropped.message());
    }
    if (skipped) {
      counts_->files_skipped++;
    } else {
      counts_->files_run++;
    }
    std::error_code ignored;
    fs::remove_all(test_dir_, ignored);
  }

 private:
  // Returns false when the file is skipped by `require`.
  bool RunRecords(const std::vector<Line>& lines, Connection& connection) {
    size_t index = 0;
    bool skip_mode = false;
    bool skip_next = false;
    while (index < lines.size()) {
      const Line& header = lines[index];
      std::string trimmed = Trim(header.text);
      if (trimmed.empty() || trimmed[0] == '#') {
        index++;
        continue;
      }
      std::vector<std::string> words = SplitWhitespace(trimmed);
      const std::string& keyword = words[0];
      if (keyword == "halt") return true;
      if (keyword == "require") {
        if (verbose_) std::cout << "skipping " << path_ << ": " << trimmed << std::endl;
        return false;
      }
      if (keyword == "skipif" || keyword == "onlyif") {
        if (words.size() < 2) {
          Fail(header.number, "", "expected `" + keyword + " ENGINE`");
        } else if ((keyword == "skipif") == (words[1] == kEngineName)) {
          skip_next = true;
        }
        index++;
        continue;
      }
      if (keyword == "mode") {
        if (words.size() >= 2 && words[1] == "skip") skip_mode = true;
        if (words.size() >= 2 && words[1] == "unskip") skip_mode = false;
        index++;
        continue;
      }
      if (keyword == "hash-threshold") {
        index++;
        continue;
      }
      if (keyword != "statement" && keyword != "query") {
        Fail(header.number, "", "unknown record type `" + keyword + "`");
        SkipToBlank(lines, &index);
        continue;
      }

      index++;
      std::string sql;
      while (index < lines.size() && !IsBlank(lines[index].text) && lines[index].text != "----") {
        sql += lines[index].text;
        sql += '\n';
        index++;
      }
      bool has_expected = index < lines.size() && lines[index].text == "----";
      std::vector<std::string> expected;
      if (has_expected) {
        index++;
        while (index < lines.size() && !IsBlank(lines[index].text)) {
          expected.push_back(lines[index].text);
          index++;
        }
      }
      if (!sql.empty()) sql.pop_back();

      if (skip_mode || skip_next) {
        skip_next = false;
        counts_->skipped_records++;
        continue;
      }
      if (sql.empty()) {
        Fail(header.number, "", "record without SQL");
        continue;
      }
      if (keyword == "statement") {
        RunStatement(header.number, words, trimmed, sql, has_expected, expected, connection);
      } else {
        RunQuery(header.number, words, sql, expected, connection);
      }
    }
    return true;
  }

  static void SkipToBlank(const std::vector<Line>& lines, size_t* index) {
    while (*index < lines.size() && !IsBlank(lines[*index].text)) (*index)++;
  }

  std::unique_ptr<QueryResult> Execute(const std::string& sql, Connection& connection) {
    try {
      std::unique_ptr<QueryResult> result = connection.Query(sql);
      if (result == nullptr) return QueryResult::Error(ErrorCode::kInternal, "null result");
      return result;
    } catch (const std::exception& exception) {
      return QueryResult::Error(
          ErrorCode::kInternal,
          std::string("exception escaped Connection::Query: ") + exception.what());
    }
  }

  void RunStatement(int line, const std::vector<std::string>& words, const std::string& header,
                    const std::string& sql, bool has_expected,
                    const std::vector<std::string>& expected, Connection& connection) {
    if (words.size() < 2 || (words[1] != "ok" && words[1] != "error" && words[1] != "maybe")) {
      Fail(line, sql, "expected `statement ok` or `statement error [PATTERN]`");
      return;
    }
    std::unique_ptr<QueryResult> result = Execute(sql, connection);
    if (words[1] == "maybe") {
      Pass();
      return;
    }
    if (words[1] == "ok") {
      if (result->HasError()) {
        FailureReport(path_, line, sql)
            .Section("expected", "success")
            .Section("actual error", result->FormattedError())
            .Emit();
        counts_->failed++;
      } else {
        Pass();
      }
      return;
    }
    // The pattern is the rest of the header after "statement error", spaces kept.
    std::string pattern;
    if (words.size() > 2) {
      size_t after = header.find(words[1], header.find(words[0]) + words[0].size());
      pattern = Trim(header.substr(after + words[1].size()));
    }
    if (has_expected) {
      std::string joined;
      for (size_t i = 0; i < expected.size(); i++) {
        if (i > 0) joined += '\n';
        joined += expected[i];
      }
      if (!Trim(joined).empty()) pattern = joined;
    }
    if (!result->HasError()) {
      FailureReport(path_, line, sql)
          .Section("expected", "an error" + (pattern.empty() ? "" : " matching: " + pattern))
          .Section("actual", "the statement succeeded")
          .Emit();
      counts_->failed++;
      return;
    }
    std::string message = result->FormattedError();
    if (!pattern.empty() && !ErrorMatches(message, pattern)) {
      FailureReport(path_, line, sql)
          .Section("expected error matching", pattern)
          .Section("actual error", message)
          .Emit();
      counts_->failed++;
      return;
    }
    Pass();
  }

  static bool ErrorMatches(const std::string& message, const std::string& pattern) {
    if (message.find(pattern) != std::string::npos) return true;
    // RE2 rather than std::regex: linear time, and libstdc++'s regex trips
    // -Wmaybe-uninitialized in sanitizer builds.
    RE2::Options options;
    options.set_log_errors(false);
    RE2 expression(pattern, options);
    return expression.ok() && RE2::PartialMatch(message, expression);
  }

  void RunQuery(int line, const std::vector<std::string>& words, const std::string& sql,
                const std::vector<std::string>& expected_lines, Connection& connection) {
    if (words.size() < 2) {
      Fail(line, sql, "expected `query TYPES [rowsort|valuesort|nosort]`");
      return;
    }
    // A third word other than a sort mode is a label (sqllogictest hashing); ignored.
    SortMode sort = SortMode::kNone;
    if (words.size() >= 3 && words[2] == "rowsort") sort = SortMode::kRows;
    if (words.size() >= 3 && words[2] == "valuesort") sort = SortMode::kValues;
    std::unique_ptr<QueryResult> result = Execute(sql, connection);
    if (result->HasError()) {
      FailureReport(path_, line, sql)
          .Section("expected", JoinLines(expected_lines))
          .Section("actual error", result->FormattedError())
          .Emit();
      counts_->failed++;
      return;
    }
    const size_t column_count = result->ColumnCount();
    if (words[1].size() != column_count) {
      FailureReport(path_, line, sql)
          .Section("column count mismatch",
                   "the header declares " + std::to_string(words[1].size()) + " columns (" +
                       words[1] + "), the result has " + std::to_string(column_count))
          .Emit();
      counts_->failed++;
      return;
    }

    std::vector<std::vector<std::string>> actual;
    for (const auto& chunk : result->chunks()) {
      for (idx_t row = 0; row < chunk.size(); row++) {
        std::vector<std::string> values;
        values.reserve(column_count);
        for (size_t column = 0; column < column_count; column++) {
          values.push_back(RenderValue(chunk.GetValue(column, row)));
        }
        actual.push_back(std::move(values));
      }
    }
    std::vector<std::vector<std::string>> expected =
        ParseExpected(expected_lines, column_count, actual.size());

    std::vector<std::vector<std::string>> sorted_actual = actual;
    std::vector<std::vector<std::string>> sorted_expected = expected;
    bool equal;
    if (sort == SortMode::kValues) {
      std::vector<std::string> actual_values = Flatten(actual);
      std::vector<std::string> expected_values = Flatten(expected);
      std::sort(actual_values.begin(), actual_values.end());
      std::sort(expected_values.begin(), expected_values.end());
      equal = actual_values == expected_values;
    } else {
      if (sort == SortMode::kRows) {
        std::sort(sorted_actual.begin(), sorted_actual.end());
        std::sort(sorted_expected.begin(), sorted_expected.end());
      }
      equal = sorted_actual == sorted_expected;
    }
    if (equal) {
      Pass();
      return;
    }
    FailureReport report(path_, line, sql);
    report.Section("expected (" + std::to_string(expected.size()) + " rows)",
                   RenderRows(sort == SortMode::kRows ? sorted_expected : expected));
    report.Section("actual (" + std::to_string(actual.size()) + " rows)",
                   RenderRows(sort == SortMode::kRows ? sorted_actual : actual));
    if (sort == SortMode::kNone || sort == SortMode::kRows) {
      const auto& left = sort == SortMode::kRows ? sorted_expected : expected;
      const auto& right = sort == SortMode::kRows ? sorted_actual : actual;
      size_t common = std::min(left.size(), right.size());
      for (size_t i = 0; i < common; i++) {
        if (left[i] != right[i]) {
          report.Section("first difference at row " + std::to_string(i + 1),
                         "expected: " + JoinRow(left[i]) + "\nactual:   " + JoinRow(right[i]));
          break;
        }
      }
    }
    report.Emit();
    counts_->failed++;
  }

  static std::vector<std::vector<std::string>> ParseExpected(const std::vector<std::string>& lines,
                                                             size_t column_count,
                                                             size_t actual_rows) {
    std::vector<std::vector<std::string>> rows;
    bool any_tab = std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
      return line.find('\t') != std::string::npos;
    });
    if (column_count > 1 && !any_tab) {
      bool all_split = std::all_of(lines.begin(), lines.end(), [&](const std::string& line) {
        return SplitWhitespace(line).size() == column_count;
      });
      if (!all_split && lines.size() == column_count * actual_rows) {
        // One value per line.
        for (size_t i = 0; i + column_count <= lines.size(); i += column_count) {
          rows.emplace_back(lines.begin() + static_cast<long>(i),
                            lines.begin() + static_cast<long>(i + column_count));
        }
        return rows;
      }
      for (const auto& line : lines) {
        std::vector<std::string> words = SplitWhitespace(line);
        rows.push_back(words.size() == column_count ? words : std::vector<std::string>{line});
      }
      return rows;
    }
    for (const auto& line : lines) {
      rows.push_back(column_count == 1 ? std::vector<std::string>{line} : SplitTabs(line));
    }
    return rows;
  }

  static std::vector<std::string> Flatten(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> values;
    for (const auto& row : rows) values.insert(values.end(), row.begin(), row.end());
    return values;
  }

  static std::string JoinRow(const std::vector<std::string>& row) {
    std::string text;
    for (size_t i = 0; i < row.size(); i++) {
      if (i > 0) text += '\t';
      text += row[i];
    }
    return text;
  }

  static std::string RenderRows(const std::vector<std::vector<std::string>>& rows) {
    std::string text;
    for (const auto& row : rows) text += JoinRow(row) + "\n";
    return text.empty() ? "(no rows)" : text;
  }

  static std::string JoinLines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
  }

  void Pass() { counts_->passed++; }

  void Fail(int line, const std::string& sql, const std::string& message) {
    FailureReport(path_, line, sql).Section("problem", message).Emit();
    counts_->failed++;
  }

  std::string path_;
  std::string data_dir_;
  std::string catalog_;
  bool verbose_;
  Counts* counts_;
  std::string test_dir_;
};

// test/data of the source tree that holds `test_file`: the nearest ancestor with a
// test/data directory, else test/data under the current directory.
std::string FindDataDir(const fs::path& test_file) {
  std::error_code error;
  fs::path absolute = fs::absolute(test_file, error);
  for (fs::path directory = absolute.parent_path(); !directory.empty();
       directory = directory.parent_path()) {
    if (fs::is_directory(directory / "test" / "data", error)) {
      return (directory / "test" / "data").string();
    }
    if (directory == directory.parent_path()) break;
  }
  return (fs::current_path(error) / "test" / "data").string();
}

int Main(int argc, char** argv) {
  std::vector<std::string> paths;
  std::optional<std::string> data_dir;
  std::string catalog;
  bool verbose = false;
  for (int i = 1; i < argc; i++) {
    std::string_view argument = argv[i];
    if (argument == "--data-dir" && i + 1 < argc) {
      data_dir = fs::absolute(argv[++i]).string();
    } else if (argument == "--catalog" && i + 1 < argc) {
      catalog = argv[++i];
    } else if (argument == "-v" || argument == "--verbose") {
      verbose = true;
    } else if (argument == "-h" || argument == "--help") {
      std::cout << "Usage: tarn_sqllogictest [--data-dir DIR] [--catalog URL] [--verbose] PATH...\n"
                   "Runs .test files (directories are searched recursively).\n";
      return 0;
    } else if (argument.starts_with("-")) {
      std::cerr << "tarn_sqllogictest: unknown option " << argument << "\n";
      return 2;
    } else {
      paths.emplace_back(argument);
    }
  }
  if (data_dir == std::nullopt) {
    if (const char* from_environment = std::getenv("TARN_TEST_DATA")) {
      data_dir = fs::absolute(from_environment).string();
    }
  }
  if (paths.empty()) {
    std::cerr << "tarn_sqllogictest: no test files or directories given\n";
    return 2;
  }

  std::vector<fs::path> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(path, error);
           !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_regular_file() && it->path().extension() == ".test") {
          found.push_back(it->path());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, error)) {
      files.emplace_back(path);
    } else {
      std::cerr << "tarn_sqllogictest: " << path << ": no such file or directory\n";
      std::cout << "sqllogictest: 0 passed, 1 failed" << std::endl;
      return 1;
    }
  }
  if (files.empty()) {
    std::cerr << "tarn_sqllogictest: no .test files found\n";
    std::cout << "sqllogictest: 0 passed, 1 failed" << std::endl;
    return 1;
  }

  Counts counts;
  for (const auto& file : files) {
    std::string data = data_dir.value_or(FindDataDir(file));
    FileRunner(file.string(), data, catalog, verbose, &counts).Run();
  }
  std::cout << "\nfiles: " << counts.files_run << " run, " << counts.files_skipped
            << " skipped; records skipped: " << counts.skipped_records << "\n";
  std::cout << "sqllogictest: " << counts.passed << " passed, " << counts.failed << " failed"
            << std::endl;
  return counts.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace tarn

int main(int argc, char** argv) { return tarn::Main(argc, argv); }
