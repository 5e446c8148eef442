#include "catalog/catalog_table_scan.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "function/cast.h"

namespace tarn {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool ContainsIgnoringCase(const std::string& text, const std::string& part) {
  return Lower(text).find(Lower(part)) != std::string::npos;
}

enum class ReaderKind : uint8_t { kParquet, kCsv, kJson, kRegex, kApacheLog };

const char* FunctionName(ReaderKind kind) {
  switch (kind) {
    case ReaderKind::kParquet:
      return "read_parquet";
    case ReaderKind::kCsv:
      return "read_csv";
    case ReaderKind::kJson:
      return "read_json";
    case ReaderKind::kRegex:
      return "read_text_regex";
    case ReaderKind::kApacheLog:
      return "read_apache_log";
  }
  return "read_parquet";
}

// `text` converted to `type` with CAST's rules; nullopt when it does not convert.
std::optional<Value> CastText(const std::string& text, const LogicalType& type) {
  if (type.id() == TypeId::kVarchar) return Value::Varchar(text);
  Vector source(LogicalType(TypeId::kVarchar), 1);
  source.SetValue(0, Value::Varchar(text));
  Vector result(type, 1);
  CastVector(source, result, 1, /*try_cast=*/true);
  if (!result.validity().RowIsValid(0)) return std::nullopt;
  return result.GetValue(0);
}

// A vector of kVectorSize copies of `value` (all NULL for a NULL value).
std::shared_ptr<Vector> ConstantVector(const Value& value, const LogicalType& type) {
  auto vector = std::make_shared<Vector>(type, kVectorSize);
  if (value.is_null()) {
    vector->validity().SetAllInvalid(kVectorSize);
    return vector;
  }
  Vector single(type, 1);
  single.SetValue(0, value);
  std::vector<uint32_t> zeros(kVectorSize, 0);
  vector->CopyFrom(single, zeros.data(), kVectorSize, 0);
  return vector;
}

// The files under `location`, sorted, skipping hidden and underscore-prefixed names (and
// the folders so named); a location that is a file is itself; one that does not exist
// has none.
Result<std::vector<std::string>> ListLocation(const std::string& raw_location, bool subfolders) {
  namespace fs = std::filesystem;
  std::string location = raw_location;
  if (location.rfind("file://", 0) == 0) location = location.substr(7);
  std::error_code error;
  fs::file_status status = fs::status(location, error);
  if (error || !fs::exists(status)) {
    if (error && error != std::errc::no_such_file_or_directory) {
      return Status::Error(ErrorCode::kIo,
                           "Cannot read folder \"" + location + "\": " + error.message());
    }
    return std::vector<std::string>();
  }
  if (!fs::is_directory(status)) return std::vector<std::string>{location};
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(location, error);
  fs::recursive_directory_iterator end;
  while (!error && it != end) {
    std::string name = it->path().filename().string();
    bool hidden = !name.empty() && (name[0] == '.' || name[0] == '_');
    if (hidden || !subfolders) {
      if (it->is_directory(error)) it.disable_recursion_pending();
    }
    if (hidden) {
    } else if (it->is_regular_file(error)) {
      files.push_back(it->path().string());
    }
    it.increment(error);
  }
  if (error) {
    return Status::Error(ErrorCode::kIo,
                         "Cannot list folder \"" + location + "\": " + error.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One inner scan: a table function bound on some files of one source (a partition or the
// table location). Bound and initialized once, under `mutex`, by the first thread that
// reaches it; read-only afterwards.
struct Piece {
  size_t source = 0;  // Index in the global state's sources.
  double weight = 0;  // Share of the whole scan, for Progress.
  std::vector<std::string> files;
  std::mutex mutex;
  bool ready = false;
  std::unique_ptr<TableScanBinding> binding;
  std::unique_ptr<TableScanGlobalState> global;
  // Per output slot: the inner output column that fills it, or -1 for a constant.
  std::vector<int64_t> inner_slot;
  std::vector<bool> needs_cast;
  std::vector<std::shared_ptr<Vector>> constants;  // Per output slot, for inner_slot == -1.
  std::atomic<bool> exhausted{false};
};

struct Source {
  int64_t partition = -1;  // Index in the binding's partitions; -1: the table location.
  std::string location;
};

struct CatalogScanGlobal : public TableScanGlobalState {
  std::vector<idx_t> projected_columns;
  std::vector<LogicalType> output_types;
  std::vector<TableFilter> filters;
  std::vector<Source> sources;
  size_t partitions_total = 0;

  mutable std::mutex mutex;  // Guards next_source and pieces.
  size_t next_source = 0;
  std::vector<std::shared_ptr<Piece>> pieces;  // Null once exhausted.

  std::atomic<size_t> files_read{0};
  std::atomic<uint64_t> progress_millionths{0};
};

// Throws `error` again with `context` in front of its message, unless it names it already.
[[noreturn]] void ThrowWithContext(const TarnException& error, const std::string& context) {
  std::string message = error.what();
  if (message.find(context) == std::string::npos) message = context + ": " + message;
  throw TarnException(error.code(), message);
}

struct CatalogScanLocal : public TableScanLocalState {
  bool started = false;
  size_t piece_index = 0;
  std::shared_ptr<Piece> piece;
  std::unique_ptr<TableScanLocalState> inner_local;
  DataChunk inner_chunk;
  idx_t batch_index = 0;
};

class CatalogTableScan : public TableScanBinding {
 public:
  static Result<std::unique_ptr<TableScanBinding>> Bind(const CatalogTable& table,
                                                        std::vector<CatalogPartition> partitions);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override {
    return InitGlobalFiltered(projected_columns, {});
  }
  std::unique_ptr<TableScanGlobalState> InitGlobalFiltered(
      const std::vector<idx_t>& projected_columns,
      const std::vector<TableFilter>& filters) const override;
  std::vector<std::string> ExplainFilters(const std::vector<TableFilter>& filters) const override;
  std::vector<std::string> ScanReport(const TableScanGlobalState& global) const override;
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const override {
    return std::make_unique<CatalogScanLocal>();
  }
  void Scan(TableScanGlobalState& global, TableScanLocalState& local,
            DataChunk& output) const override;
  size_t MaxThreads(const TableScanGlobalState& global) const override {
    return std::max<size_t>(1, std::thread::hardware_concurrency());
  }
  double Progress(const TableScanGlobalState& global) const override;
  idx_t BatchIndex(const TableScanLocalState& local) const override {
    return static_cast<const CatalogScanLocal&>(local).batch_index;
  }
  double EstimatedRows() const override { return estimated_rows_; }
  std::string ToString() const override;

 private:
  CatalogTableScan() = default;

  bool partitioned() const { return !table_.partition_keys.empty(); }
  // Per partition, whether it is read under `filters`.
  std::vector<bool> SelectPartitions(const std::vector<TableFilter>& filters) const;
  // "catalog table db.t, partition folder "x"" for messages.
  std::string Context(const Source& source) const;
  // Lists a source's folder and appends its pieces. Called under the global mutex.
  void ExpandSource(CatalogScanGlobal& global, size_t source_index) const;
  // The piece at `*index` or after (skipping exhausted ones), ready to scan; null when
  // the scan is done.
  std::shared_ptr<Piece> AcquirePiece(CatalogScanGlobal& global, size_t* index) const;
  void PreparePiece(const CatalogScanGlobal& global, Piece& piece) const;
  TableFunctionInput MakeInput(const std::vector<std::string>& files) const;
  void Assemble(const CatalogScanGlobal& global, const Piece& piece, DataChunk& inner,
                DataChunk& output) const;

  CatalogTable table_;
  std::vector<CatalogPartition> partitions_;
  // Per partition and key: the value cast to the key's type; nullopt when it does not
  // convert.
  std::vector<std::vector<std::optional<Value>>> partition_values_;
  ReaderKind reader_ = ReaderKind::kParquet;
  // CSV options from the serde and table properties.
  std::map<std::string, Value> csv_options_;
  std::string regex_;
  double estimated_rows_ = -1;
};

Result<char> PropertyCharacter(const CatalogTable& table, const std::string& key,
                               const std::string& text, bool allow_empty) {
  if (text.empty() && allow_empty) return '\0';
  if (text == "\\t") return '\t';
  if (text.size() != 1 || text[0] == '\n' || text[0] == '\r') {
    return Status::Error(ErrorCode::kInvalidOption, "catalog table " + table.database + "." +
                                                        table.name + ": serde property '" + key +
                                                        "' must be one character, got '" + text +
                                                        "'");
  }
  return text[0];
}

Result<std::unique_ptr<TableScanBinding>> CatalogTableScan::Bind(
    const CatalogTable& table, std::vector<CatalogPartition> partitions) {
  std::unique_ptr<CatalogTableScan> scan(new CatalogTableScan());
  scan->table_ = table;
  const std::string table_name = table.database + "." + table.name;
  std::string format = Lower(table.format);
  if (format == "parquet") {
    scan->reader_ = ReaderKind::kParquet;
  } else if (format == "csv" || format == "tsv") {
    scan->reader_ = ReaderKind::kCsv;
  } else if (format == "json") {
    scan->reader_ = ReaderKind::kJson;
  } else if (format == "regex") {
    scan->reader_ = ReaderKind::kRegex;
  } else if (format == "apache_log") {
    scan->reader_ = ReaderKind::kApacheLog;
  } else {
    return Status::Error(ErrorCode::kNotImplemented,
                         "catalog table " + table_name + " has format '" + table.format +
                             "', which tarn does not read (formats: parquet, csv, json, "
                             "regex, apache_log)");
  }
  if (table.columns.empty() && scan->reader_ != ReaderKind::kApacheLog) {
    return Status::Error(ErrorCode::kCatalog, "catalog table " + table_name + " has no columns");
  }
  auto serde = [&table](const std::string& key) -> std::optional<std::string> {
    auto found = table.serde_properties.find(key);
    if (found != table.serde_properties.end()) return found->second;
    return std::nullopt;
  };
  if (scan->reader_ == ReaderKind::kCsv) {
    std::string library = serde("serialization.lib").value_or("");
    if (library.empty()) {
      auto found = table.table_properties.find("serialization.lib");
      if (found != table.table_properties.end()) library = found->second;
    }
    bool delimited = Lower(library) == "delimited" || ContainsIgnoringCase(library, "LazySimple");
    std::string delimiter_key = serde("separatorChar") ? "separatorChar" : "field.delim";
    std::string delimiter_text = serde(delimiter_key).value_or(format == "tsv" ? "\t" : ",");
    TARN_ASSIGN_OR_RETURN(char delimiter,
                          PropertyCharacter(table, delimiter_key, delimiter_text, false));
    char quote = delimited ? '\0' : '"';
    if (auto text = serde("quoteChar")) {
      TARN_ASSIGN_OR_RETURN(quote, PropertyCharacter(table, "quoteChar", *text, true));
    }
    char escape = quote;
    for (const char* key : {"escapeChar", "escape.delim"}) {
      if (auto text = serde(key); text && quote != '\0') {
        TARN_ASSIGN_OR_RETURN(escape, PropertyCharacter(table, key, *text, true));
      }
    }
    if (quote != '\0' && quote == delimiter) {
      return Status::Error(
          ErrorCode::kInvalidOption,
          "catalog table " + table_name + ": the quote character is the field delimiter");
    }
    int64_t skip = 0;
    if (auto found = table.table_properties.find("skip.header.line.count");
        found != table.table_properties.end()) {
      const std::string& text = found->second;
      bool digits =
          !text.empty() && text.size() < 10 &&
          std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        return Status::Error(ErrorCode::kInvalidOption,
                             "catalog table " + table_name +
                                 ": table property 'skip.header.line.count' must be a "
                                 "non-negative integer, got '" +
                                 text + "'");
      }
      skip = std::stoll(text);
    }
    std::optional<std::string> null_text = serde("serialization.null.format");
    if (!null_text && delimited) null_text = "\\N";
    auto& options = scan->csv_options_;
    options["auto_detect"] = Value::Boolean(false);
    options["header"] = Value::Boolean(false);
    options["skip"] = Value::Bigint(skip);
    options["delim"] = Value::Varchar(std::string(1, delimiter));
    options["quote"] = Value::Varchar(quote == '\0' ? std::string() : std::string(1, quote));
    options["escape"] = Value::Varchar(escape == '\0' ? std::string() : std::string(1, escape));
    options["null_padding"] = Value::Boolean(true);
    options["hive_partitioning"] = Value::Boolean(false);
    if (null_text) options["nullstr"] = Value::Varchar(*null_text);
  } else if (scan->reader_ == ReaderKind::kRegex) {
    auto regex = serde("input.regex");
    if (!regex || regex->empty()) {
      return Status::Error(ErrorCode::kCatalog,
                           "catalog table " + table_name +
                               " has format 'regex' but no serde property 'input.regex'");
    }
    scan->regex_ = *regex;
    if (Lower(serde("input.regex.case.insensitive").value_or("false")) == "true") {
      scan->regex_ = "(?i)" + scan->regex_;
    }
  }

  for (const CatalogColumn& column : table.columns) {
    scan->names_.push_back(column.name);
    scan->types_.push_back(column.type);
  }
  for (const CatalogColumn& key : table.partition_keys) {
    scan->names_.push_back(key.name);
    scan->types_.push_back(key.type);
  }

  if (scan->partitioned()) {
    int64_t rows = 0;
    bool rows_known = true;
    for (const CatalogPartition& partition : partitions) {
      if (partition.values.size() != table.partition_keys.size()) {
        return Status::Error(ErrorCode::kCatalog,
                             "catalog table " + table_name + ": partition \"" + partition.location +
                                 "\" has " + std::to_string(partition.values.size()) +
                                 " values but the table has " +
                                 std::to_string(table.partition_keys.size()) + " partition keys");
      }
      std::vector<std::optional<Value>> values;
      for (size_t k = 0; k < partition.values.size(); k++) {
        const LogicalType& type = table.partition_keys[k].type;
        if (!partition.values[k]) {
          values.push_back(Value::Null(type));
        } else {
          values.push_back(CastText(*partition.values[k], type));
        }
      }
      scan->partition_values_.push_back(std::move(values));
      if (!partition.missing) {
        rows_known = rows_known && partition.row_count >= 0;
        rows += std::max<int64_t>(partition.row_count, 0);
      }
    }
    scan->partitions_ = std::move(partitions);
    if (table.row_count >= 0) {
      scan->estimated_rows_ = static_cast<double>(table.row_count);
    } else if (rows_known) {
      scan->estimated_rows_ = static_cast<double>(rows);
    }
  } else if (table.row_count >= 0) {
    scan->estimated_rows_ = static_cast<double>(table.row_count);
  }
  if (scan->estimated_rows_ < 0 && table.size_bytes > 0) {
    // No row count (text files a crawl did not scan): guess from the bytes, about 8 bytes
    // per column of a text row, so that join ordering sees big tables as big.
    double row_bytes = 8.0 * static_cast<double>(std::max<size_t>(1, table.columns.size()));
    if (table.format == "parquet") row_bytes /= 4;  // Compressed and encoded.
    scan->estimated_rows_ = std::max(1.0, static_cast<double>(table.size_bytes) / row_bytes);
  }
  return std::unique_ptr<TableScanBinding>(std::move(scan));
}

std::vector<bool> CatalogTableScan::SelectPartitions(
    const std::vector<TableFilter>& filters) const {
  std::vector<bool> selected(partitions_.size(), true);
  const size_t first_key = table_.columns.size();
  for (size_t p = 0; p < partitions_.size(); p++) {
    if (partitions_[p].missing) {
      selected[p] = false;
      continue;
    }
    for (const TableFilter& filter : filters) {
      if (filter.column < first_key || filter.column >= first_key + table_.partition_keys.size()) {
        continue;
      }
      const std::optional<Value>& value = partition_values_[p][filter.column - first_key];
      // A value that does not convert cannot be judged: the scan reads (and reports) it.
      if (value && !filter.Matches(*value)) {
        selected[p] = false;
        break;
      }
    }
  }
  return selected;
}

std::string CatalogTableScan::Context(const Source& source) const {
  std::string text = "catalog table " + table_.database + "." + table_.name;
  if (source.partition >= 0) return text + ", partition folder \"" + source.location + "\"";
  return text + ", location \"" + source.location + "\"";
}

std::unique_ptr<TableScanGlobalState> CatalogTableScan::InitGlobalFiltered(
    const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters) const {
  auto global = std::make_unique<CatalogScanGlobal>();
  global->projected_columns = projected_columns;
  for (idx_t column : projected_columns) {
    TARN_CHECK(column < types_.size(), "catalog scan projection out of range");
    global->output_types.push_back(types_[column]);
  }
  global->filters = filters;
  if (partitioned()) {
    global->partitions_total = partitions_.size();
    std::vector<bool> selected = SelectPartitions(filters);
    for (size_t p = 0; p < partitions_.size(); p++) {
      if (selected[p]) {
        global->sources.push_back(Source{static_cast<int64_t>(p), partitions_[p].location});
      }
    }
  } else {
    global->sources.push_back(Source{-1, table_.location});
  }
  return global;
}

TableFunctionInput CatalogTableScan::MakeInput(const std::vector<std::string>& files) const {
  TableFunctionInput input;
  std::vector<Value> paths;
  for (const std::string& file : files) paths.push_back(Value::Varchar(file));
  input.positional_lists.push_back(std::move(paths));
  auto declared_columns = [this](bool scalar_only) {
    std::vector<std::pair<std::string, Value>> columns;
    for (const CatalogColumn& column : table_.columns) {
      LogicalType type = column.type;
      if (scalar_only && type.IsNested()) type = TypeId::kVarchar;
      columns.emplace_back(column.name, Value::Varchar(type.ToString()));
    }
    return columns;
  };
  switch (reader_) {
    case ReaderKind::kParquet:
      input.named["hive_partitioning"] = Value::Boolean(false);
      break;
    case ReaderKind::kCsv:
      input.named = csv_options_;
      input.named_structs["columns"] = declared_columns(true);
      break;
    case ReaderKind::kJson:
      input.named["hive_partitioning"] = Value::Boolean(false);
      input.named["case_insensitive"] = Value::Boolean(true);
      input.named_structs["columns"] = declared_columns(false);
      break;
    case ReaderKind::kRegex:
      input.named["hive_partitioning"] = Value::Boolean(false);
      input.named["pattern"] = Value::Varchar(regex_);
      input.named_structs["columns"] = declared_columns(true);
      break;
    case ReaderKind::kApacheLog:
      input.named["hive_partitioning"] = Value::Boolean(false);
      break;
  }
  return input;
}

void CatalogTableScan::ExpandSource(CatalogScanGlobal& global, size_t source_index) const {
  const Source& source = global.sources[source_index];
  // Partition folders are read whole; an unpartitioned table's folder too, unless the
  // crawler found its subfolders to be tables of their own.
  auto subfolders = table_.table_properties.find("tarn.read_subfolders");
  bool read_subfolders =
      partitioned() || subfolders == table_.table_properties.end() || subfolders->second != "false";
  auto listed = ListLocation(source.location, read_subfolders);
  if (!listed.ok())
    ThrowError(listed.status().code(), Context(source) + ": " + listed.status().message());
  std::vector<std::string> files = std::move(listed).value();
  if (files.empty()) {
    global.progress_millionths += 1000000 / std::max<size_t>(1, global.sources.size());
    return;
  }
  std::vector<std::vector<std::string>> groups;
  if (reader_ == ReaderKind::kParquet) {
    for (auto& file : files) groups.push_back({std::move(file)});
  } else {
    groups.push_back(std::move(files));
  }
  double weight = 1.0 / static_cast<double>(global.sources.size() * groups.size());
  for (auto& group : groups) {
    auto piece = std::make_shared<Piece>();
    piece->source = source_index;
    piece->weight = weight;
    piece->files = std::move(group);
    global.pieces.push_back(std::move(piece));
  }
}

void CatalogTableScan::PreparePiece(const CatalogScanGlobal& global, Piece& piece) const {
  const Source& source = global.sources[piece.source];
  const TableFunctionBinder* binder = TableFunctionRegistry::Get().Find(FunctionName(reader_));
  TARN_CHECK(binder != nullptr, "table function for a catalog format is not registered");
  auto bound = (*binder)(MakeInput(piece.files));
  if (!bound.ok()) {
    ThrowError(bound.status().code(), Context(source) + ": " + bound.status().message());
  }
  piece.binding = std::move(bound).value();
  const TableScanBinding& inner = *piece.binding;
  const std::string file_label =
      piece.files.size() == 1 ? "\"" + piece.files[0] + "\"" : "the files";

  // Where each catalog column is in the inner scan, by name ignoring case.
  std::vector<int64_t> inner_column(table_.columns.size(), -1);
  for (size_t c = 0; c < table_.columns.size(); c++) {
    std::string wanted = Lower(table_.columns[c].name);
    for (size_t k = 0; k < inner.names().size(); k++) {
      if (Lower(inner.names()[k]) == wanted) {
        inner_column[c] = static_cast<int64_t>(k);
        break;
      }
    }
  }
  std::vector<idx_t> inner_projection;
  const size_t slots = global.projected_columns.size();
  piece.inner_slot.assign(slots, -1);
  piece.needs_cast.assign(slots, false);
  piece.constants.assign(slots, nullptr);
  for (size_t slot = 0; slot < slots; slot++) {
    idx_t column = global.projected_columns[slot];
    const LogicalType& type = types_[column];
    if (column >= table_.columns.size()) {
      size_t key = column - table_.columns.size();
      const std::optional<Value>& value = partition_values_[source.partition][key];
      if (!value) {
        ThrowError(ErrorCode::kConversion,
                   Context(source) + ": partition value '" +
                       partitions_[source.partition].values[key].value_or("") + "' of key \"" +
                       table_.partition_keys[key].name + "\" does not convert to " +
                       type.ToString());
      }
      piece.constants[slot] = ConstantVector(*value, type);
      continue;
    }
    if (inner_column[column] < 0) {
      piece.constants[slot] = ConstantVector(Value::Null(type), type);
      continue;
    }
    idx_t inner_index = static_cast<idx_t>(inner_column[column]);
    const LogicalType& file_type = inner.types()[inner_index];
    if (file_type != type) {
      if (!CastExists(file_type, type)) {
        ThrowError(ErrorCode::kType, Context(source) + ": column \"" + table_.columns[column].name +
                                         "\" is " + file_type.ToString() + " in " + file_label +
                                         " but " + type.ToString() +
                                         " in the catalog, and no cast converts it");
      }
      piece.needs_cast[slot] = true;
    }
    auto found = std::find(inner_projection.begin(), inner_projection.end(), inner_index);
    piece.inner_slot[slot] = found - inner_projection.begin();
    if (found == inner_projection.end()) inner_projection.push_back(inner_index);
  }
  // Counting rows still needs one column read.
  if (inner_projection.empty() && !inner.names().empty()) inner_projection.push_back(0);
  // Filters on stored columns of the catalog's type let the inner scan skip row groups.
  std::vector<TableFilter> inner_filters;
  for (const TableFilter& filter : global.filters) {
    if (filter.column >= table_.columns.size() || inner_column[filter.column] < 0) continue;
    idx_t inner_index = static_cast<idx_t>(inner_column[filter.column]);
    if (inner.types()[inner_index] != types_[filter.column]) continue;
    TableFilter mapped = filter;
    mapped.column = inner_index;
    inner_filters.push_back(std::move(mapped));
  }
  piece.global = inner.InitGlobalFiltered(inner_projection, inner_filters);
  piece.ready = true;
}

std::shared_ptr<Piece> CatalogTableScan::AcquirePiece(CatalogScanGlobal& global,
                                                      size_t* index) const {
  std::shared_ptr<Piece> piece;
  {
    std::lock_guard<std::mutex> lock(global.mutex);
    while (true) {
      while (*index >= global.pieces.size() && global.next_source < global.sources.size()) {
        ExpandSource(global, global.next_source++);
      }
      if (*index >= global.pieces.size()) return nullptr;
      if (global.pieces[*index]) break;
      (*index)++;
    }
    piece = global.pieces[*index];
  }
  std::lock_guard<std::mutex> lock(piece->mutex);
  if (!piece->ready) {
    try {
      PreparePiece(global, *piece);
    } catch (const TarnException& error) {
      ThrowWithContext(error, Context(global.sources[piece->source]));
    }
    global.files_read += piece->files.size();
  }
  return piece;
}

void CatalogTableScan::Assemble(const CatalogScanGlobal& global, const Piece& piece,
                                DataChunk& inner, DataChunk& output) const {
  if (inner.HasSelection()) inner.Flatten();
  const idx_t rows = inner.size();
  for (size_t slot = 0; slot < piece.inner_slot.size(); slot++) {
    Vector& target = output.column(slot);
    if (piece.inner_slot[slot] < 0) {
      target.Reference(*piece.constants[slot]);
      continue;
    }
    const Vector& source = inner.column(static_cast<idx_t>(piece.inner_slot[slot]));
    if (!piece.needs_cast[slot]) {
      target.Reference(source);
      continue;
    }
    CastVector(source, target, rows, /*try_cast=*/true);
    for (idx_t row = 0; row < rows; row++) {
      if (!source.validity().RowIsValid(row) || target.validity().RowIsValid(row)) continue;
      idx_t column = global.projected_columns[slot];
      const std::string file_label =
          piece.files.size() == 1 ? "\"" + piece.files[0] + "\"" : "one of its files";
      ThrowError(ErrorCode::kConversion, Context(global.sources[piece.source]) + ": value " +
                                             source.GetValue(row).ToSqlLiteral() + " of column \"" +
                                             table_.columns[column].name + "\" in " + file_label +
                                             " does not convert to " + types_[column].ToString() +
                                             " (the catalog's type)");
    }
  }
  output.SetSize(rows);
}

void CatalogTableScan::Scan(TableScanGlobalState& global_state, TableScanLocalState& local_state,
                            DataChunk& output) const {
  auto& global = static_cast<CatalogScanGlobal&>(global_state);
  auto& local = static_cast<CatalogScanLocal&>(local_state);
  if (output.ColumnCount() != global.output_types.size()) output.Initialize(global.output_types);
  while (true) {
    if (!local.piece) {
      size_t index = local.started ? local.piece_index + 1 : 0;
      local.started = true;
      local.piece = AcquirePiece(global, &index);
      local.piece_index = index;
      if (!local.piece) {
        output.Reset();
        output.SetSize(0);
        return;
      }
      local.inner_local = local.piece->binding->InitLocal(*local.piece->global);
    }
    Piece& piece = *local.piece;
    try {
      piece.binding->Scan(*piece.global, *local.inner_local, local.inner_chunk);
    } catch (const TarnException& error) {
      ThrowWithContext(error, Context(global.sources[piece.source]));
    }
    if (local.inner_chunk.size() == 0) {
      // Every morsel of this inner scan has been handed out.
      if (!piece.exhausted.exchange(true)) {
        global.progress_millionths += static_cast<uint64_t>(piece.weight * 1e6);
        std::lock_guard<std::mutex> lock(global.mutex);
        global.pieces[local.piece_index].reset();
      }
      local.inner_local.reset();
      local.piece.reset();
      continue;
    }
    local.batch_index = (static_cast<idx_t>(local.piece_index) << 32) |
                        (piece.binding->BatchIndex(*local.inner_local) & 0xffffffffu);
    output.Reset();
    Assemble(global, piece, local.inner_chunk, output);
    return;
  }
}

double CatalogTableScan::Progress(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const CatalogScanGlobal&>(global_state);
  {
    std::lock_guard<std::mutex> lock(global.mutex);
    bool done = global.next_source == global.sources.size() &&
                std::none_of(global.pieces.begin(), global.pieces.end(),
                             [](const std::shared_ptr<Piece>& piece) { return piece != nullptr; });
    if (done) return 1.0;
  }
  return std::min(1.0, static_cast<double>(global.progress_millionths.load()) / 1e6);
}

std::vector<std::string> CatalogTableScan::ExplainFilters(
    const std::vector<TableFilter>& filters) const {
  if (!partitioned()) return {};
  std::vector<bool> selected = SelectPartitions(filters);
  size_t read = static_cast<size_t>(std::count(selected.begin(), selected.end(), true));
  size_t missing = static_cast<size_t>(std::count_if(
      partitions_.begin(), partitions_.end(), [](const CatalogPartition& p) { return p.missing; }));
  std::string line = "partitions: " + std::to_string(read) + " of " +
                     std::to_string(partitions_.size()) + " (catalog";
  if (missing > 0) line += "; " + std::to_string(missing) + " missing skipped";
  return {line + ")"};
}

std::vector<std::string> CatalogTableScan::ScanReport(
    const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const CatalogScanGlobal&>(global_state);
  std::vector<std::string> lines;
  if (partitioned()) {
    lines.push_back("partitions read: " + std::to_string(global.sources.size()) + " of " +
                    std::to_string(global.partitions_total) + " (catalog)");
  }
  lines.push_back("files read: " + std::to_string(global.files_read.load()));
  return lines;
}

std::string CatalogTableScan::ToString() const {
  std::string text = "catalog_scan(" + table_.database + "." + table_.name + ": " + table_.format;
  if (partitioned()) {
    text += ", " + std::to_string(partitions_.size()) +
            (partitions_.size() == 1 ? " partition" : " partitions");
  } else {
    text += ", " + table_.location;
  }
  return text + ")";
}

}  // namespace

Result<std::unique_ptr<TableScanBinding>> BindCatalogTableScan(
    const CatalogTable& table, std::vector<CatalogPartition> partitions) {
  return CatalogTableScan::Bind(table, std::move(partitions));
}

}  // namespace tarn
