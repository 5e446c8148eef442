#include "formats/text_regex/text_regex_table_function.h"

#include <algorithm>
#include <atomic>

#include "formats/text_regex/apache_log.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

struct TextMorsel {
  size_t file_index;
  uint64_t start;
  uint64_t end;  // TextRegexScanner::kEndOfFile for whole files.
  uint64_t bytes;
};

struct TextGlobalState : public TableScanGlobalState {
  std::vector<TextMorsel> morsels;
  std::atomic<size_t> next_morsel{0};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<uint64_t> skipped_lines{0};
  uint64_t total_bytes = 0;
  std::vector<idx_t> projected_columns;
  std::vector<LogicalType> output_types;
};

struct TextLocalState : public TableScanLocalState {
  std::unique_ptr<TextRegexScanner> scanner;
  TextMorsel morsel{0, 0, 0, 0};
  size_t morsel_index = 0;
};

Status OptionError(const std::string& function, const std::string& option,
                   const std::string& detail) {
  return Status::Error(ErrorCode::kInvalidOption,
                       "Invalid value for " + function + " option '" + option + "': " + detail);
}

Result<bool> ParseBool(const std::string& function, const std::string& option, const Value& value) {
  if (value.is_null() || value.type().id() != TypeId::kBoolean) {
    return OptionError(function, option, "expected true or false, got " + value.ToSqlLiteral());
  }
  return value.GetBoolean();
}

Result<std::string> ParseString(const std::string& function, const std::string& option,
                                const Value& value) {
  if (value.is_null() || value.type().id() != TypeId::kVarchar) {
    return OptionError(function, option, "expected a string, got " + value.ToSqlLiteral());
  }
  return value.GetString();
}

// Reads about the first 64 KB of a file to estimate its bytes per line.
double EstimateLineLength(const std::string& path, Compression compression) {
  auto stream = OpenInputStream(path, compression);
  if (!stream.ok()) return 0;
  std::string sample(64 * 1024, '\0');
  auto count = stream.value()->Read(sample.data(), sample.size());
  if (!count.ok() || count.value() == 0) return 0;
  auto lines = std::count(sample.data(), sample.data() + count.value(), '\n');
  return static_cast<double>(count.value()) / static_cast<double>(std::max<int64_t>(lines, 1));
}

}  // namespace

Result<std::unique_ptr<TableScanBinding>> TextRegexTableBinding::BindRegex(
    const TableFunctionInput& input) {
  return Bind(input, TextLineLayout::kRegex);
}

Result<std::unique_ptr<TableScanBinding>> TextRegexTableBinding::BindApacheLog(
    const TableFunctionInput& input) {
  return Bind(input, TextLineLayout::kApacheLog);
}

Result<std::unique_ptr<TableScanBinding>> TextRegexTableBinding::Bind(
    const TableFunctionInput& input, TextLineLayout layout) {
  std::unique_ptr<TextRegexTableBinding> binding(new TextRegexTableBinding());
  TextRegexPlan& plan = binding->plan_;
  plan.layout = layout;
  plan.function_name = layout == TextLineLayout::kRegex ? "read_text_regex" : "read_apache_log";
  const std::string& function = plan.function_name;
  const std::string known_options =
      layout == TextLineLayout::kRegex
          ? "pattern, columns, ignore_errors, compression, max_line_size, hive_partitioning"
          : "ignore_errors, compression, max_line_size, hive_partitioning";

  auto add_pattern = [&](const Value& value) -> Status {
    if (value.is_null() || value.type().id() != TypeId::kVarchar) {
      return Status::Error(ErrorCode::kInvalidOption, function +
                                                          " expects a file path, a glob or a "
                                                          "list of them, got " +
                                                          value.ToSqlLiteral());
    }
    binding->patterns_.push_back(value.GetString());
    return Status::Ok();
  };
  for (const Value& value : input.positional) TARN_RETURN_IF_ERROR(add_pattern(value));
  for (const auto& list : input.positional_lists) {
    for (const Value& value : list) TARN_RETURN_IF_ERROR(add_pattern(value));
  }
  if (binding->patterns_.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         function + " needs a file path, a glob or a list of paths");
  }

  std::string pattern_text;
  bool has_pattern = false;
  for (const auto& [name, value] : input.named) {
    if (name == "pattern" && layout == TextLineLayout::kRegex) {
      TARN_ASSIGN_OR_RETURN(pattern_text, ParseString(function, name, value));
      has_pattern = true;
    } else if (name == "ignore_errors") {
      TARN_ASSIGN_OR_RETURN(plan.ignore_errors, ParseBool(function, name, value));
    } else if (name == "compression") {
      TARN_ASSIGN_OR_RETURN(std::string text, ParseString(function, name, value));
      TARN_ASSIGN_OR_RETURN(plan.compression, ParseCompression(text));
    } else if (name == "max_line_size") {
      if (value.is_null() || !value.type().IsInteger() || value.GetBigint() < 1) {
        return OptionError(function, name,
                           "expected a positive integer, got " + value.ToSqlLiteral());
      }
      plan.max_line_size = static_cast<uint64_t>(value.GetBigint());
    } else if (name == "hive_partitioning") {
      TARN_ASSIGN_OR_RETURN(bool hive, ParseBool(function, name, value));
      if (hive) {
        return OptionError(function, name,
                           "text files are read without Hive partition columns; only false "
                           "is accepted");
      }
    } else {
      return Status::Error(ErrorCode::kInvalidOption, "Unknown " + function + " option '" + name +
                                                          "'. Known options: " + known_options);
    }
  }
  std::vector<std::pair<std::string, LogicalType>> columns;
  bool has_columns = false;
  for (const auto& [name, entries] : input.named_structs) {
    if (name != "columns" || layout != TextLineLayout::kRegex) {
      return Status::Error(ErrorCode::kInvalidOption, "Unknown " + function + " option '" + name +
                                                          "' (or it does not take a struct). "
                                                          "Known options: " +
                                                          known_options);
    }
    has_columns = true;
    for (const auto& [column, type_value] : entries) {
      TARN_ASSIGN_OR_RETURN(std::string type_name, ParseString(function, name, type_value));
      auto type = ParseTypeName(type_name);
      if (!type.ok()) {
        return OptionError(function, name, "column '" + column + "': " + type.status().message());
      }
      if (type.value().IsNested()) {
        return OptionError(function, name,
                           "column '" + column + "': captured text holds scalar values, not " +
                               type.value().ToString() + "; read it as VARCHAR");
      }
      columns.emplace_back(column, type.value());
    }
    if (columns.empty()) return OptionError(function, name, "expected at least one column");
  }
  if (!input.named_lists.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         function + " option '" + input.named_lists.begin()->first +
                             "' does not take a list. Known options: " + known_options);
  }

  if (layout == TextLineLayout::kApacheLog) {
    pattern_text = ApacheLogPattern();
  } else if (!has_pattern) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "read_text_regex needs pattern := '...' (an RE2 regular expression with "
                         "one capture group per column)");
  }
  RE2::Options re2_options;
  re2_options.set_log_errors(false);
  auto compiled = std::make_shared<RE2>(pattern_text, re2_options);
  if (!compiled->ok()) {
    return OptionError(
        function, "pattern",
        "cannot compile " + Value::Varchar(pattern_text).ToSqlLiteral() + ": " + compiled->error());
  }
  const int group_count = compiled->NumberOfCapturingGroups();
  plan.pattern = compiled;
  if (layout == TextLineLayout::kApacheLog) {
    plan.names = ApacheLogColumnNames();
    plan.types = ApacheLogColumnTypes();
  } else if (has_columns) {
    if (static_cast<size_t>(group_count) != columns.size()) {
      return OptionError(function, "columns",
                         "it lists " + std::to_string(columns.size()) +
                             " columns but the pattern has " + std::to_string(group_count) +
                             " capture groups (one per column; write (?:...) for a group that "
                             "captures nothing)");
    }
    for (auto& [name, type] : columns) {
      plan.names.push_back(name);
      plan.types.push_back(type);
    }
  } else {
    if (group_count == 0) {
      return OptionError(function, "pattern",
                         "it has no capture groups: each group (...) gives a column");
    }
    std::vector<std::string> names(static_cast<size_t>(group_count));
    for (int g = 0; g < group_count; g++) names[g] = "column" + std::to_string(g);
    for (const auto& [name, index] : compiled->NamedCapturingGroups()) names[index - 1] = name;
    plan.names = names;
    plan.types.assign(names.size(), LogicalType(TypeId::kVarchar));
  }
  binding->names_ = plan.names;
  binding->types_ = plan.types;

  TARN_ASSIGN_OR_RETURN(binding->files_, ExpandGlobs(binding->patterns_));
  double total_bytes = 0;
  for (const std::string& file : binding->files_) {
    TARN_ASSIGN_OR_RETURN(uint64_t size, FileSize(file));
    Compression compression = plan.compression;
    if (compression == Compression::kAuto) {
      TARN_ASSIGN_OR_RETURN(compression, DetectCompression(file));
    }
    bool compressed = compression != Compression::kNone;
    binding->file_sizes_.push_back(size);
    binding->file_compressed_.push_back(compressed);
    // Compressed text is assumed to be about 4 times smaller than the text it holds.
    total_bytes += static_cast<double>(size) * (compressed ? 4.0 : 1.0);
  }
  double line_length = EstimateLineLength(binding->files_[0], plan.compression);
  binding->estimated_rows_ = line_length > 0 ? total_bytes / line_length : 0;
  return std::unique_ptr<TableScanBinding>(std::move(binding));
}

std::unique_ptr<TableScanGlobalState> TextRegexTableBinding::InitGlobal(
    const std::vector<idx_t>& projected_columns) const {
  auto global = std::make_unique<TextGlobalState>();
  global->projected_columns = projected_columns;
  for (idx_t column : projected_columns) {
    TARN_CHECK(column < types_.size(), "text scan projection out of range");
    global->output_types.push_back(types_[column]);
  }
  for (size_t f = 0; f < files_.size(); f++) {
    uint64_t size = file_sizes_[f];
    global->total_bytes += size;
    for (const ByteRange& range : SplitByteRanges(size, morsel_size_, !file_compressed_[f])) {
      global->morsels.push_back(TextMorsel{f, range.start,
                                           range.last ? TextRegexScanner::kEndOfFile : range.end,
                                           range.end - range.start});
    }
  }
  return global;
}

std::unique_ptr<TableScanLocalState> TextRegexTableBinding::InitLocal(
    TableScanGlobalState& global) const {
  return std::make_unique<TextLocalState>();
}

void TextRegexTableBinding::Scan(TableScanGlobalState& global_state,
                                 TableScanLocalState& local_state, DataChunk& output) const {
  auto& global = static_cast<TextGlobalState&>(global_state);
  auto& local = static_cast<TextLocalState&>(local_state);
  if (output.ColumnCount() != global.output_types.size()) output.Initialize(global.output_types);
  while (true) {
    if (!local.scanner || local.scanner->finished()) {
      if (local.scanner) {
        global.bytes_done += local.morsel.bytes;
        global.skipped_lines += local.scanner->skipped_lines();
        local.scanner.reset();
      }
      size_t index = global.next_morsel.fetch_add(1);
      if (index >= global.morsels.size()) {
        output.Reset();
        output.SetSize(0);
        return;
      }
      local.morsel = global.morsels[index];
      local.morsel_index = index;
      uint64_t end = local.morsel.end;
      // A range that ends at the end of the file is read with pread like the others.
      if (local.morsel.start > 0 && end == TextRegexScanner::kEndOfFile) {
        end = file_sizes_[local.morsel.file_index];
      }
      local.scanner = TextRegexScanner::Open(plan_, files_[local.morsel.file_index],
                                             local.morsel.start, end, global.projected_columns)
                          .ValueOrThrow();
    }
    idx_t rows = local.scanner->Scan(output);
    if (rows > 0) return;
  }
}

std::vector<std::string> TextRegexTableBinding::ScanReport(
    const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const TextGlobalState&>(global_state);
  std::vector<std::string> lines = {"files: " + std::to_string(files_.size())};
  if (plan_.ignore_errors) {
    lines.push_back("lines skipped by ignore_errors: " +
                    std::to_string(global.skipped_lines.load()));
  }
  return lines;
}

size_t TextRegexTableBinding::MaxThreads(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const TextGlobalState&>(global_state);
  return std::max<size_t>(1, global.morsels.size());
}

double TextRegexTableBinding::Progress(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const TextGlobalState&>(global_state);
  if (global.total_bytes == 0) return 1.0;
  return std::min(
      1.0, static_cast<double>(global.bytes_done.load()) / static_cast<double>(global.total_bytes));
}

idx_t TextRegexTableBinding::BatchIndex(const TableScanLocalState& local) const {
  return static_cast<const TextLocalState&>(local).morsel_index;
}

std::string TextRegexTableBinding::ToString() const {
  if (files_.size() == 1 && patterns_.size() == 1) {
    return plan_.function_name + "(" + files_[0] + ")";
  }
  std::string patterns;
  for (const auto& pattern : patterns_) patterns += (patterns.empty() ? "" : ", ") + pattern;
  return plan_.function_name + "(" + patterns + ": " + std::to_string(files_.size()) + " files)";
}

void RegisterTextRegexTableFunctions(TableFunctionRegistry& registry) {
  registry.Register("read_text_regex", &TextRegexTableBinding::BindRegex);
  registry.Register("read_apache_log", &TextRegexTableBinding::BindApacheLog);
}

}  // namespace tarn
