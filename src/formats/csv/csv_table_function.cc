#include "formats/csv/csv_table_function.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "formats/union_by_name_binding.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

struct CsvMorsel {
  size_t file_index;
  uint64_t start;
  uint64_t end;  // CsvScanner::kEndOfFile for whole files.
  uint64_t bytes;
};

struct CsvGlobalState : public TableScanGlobalState {
  size_t files_total = 0;
  size_t files_read = 0;
  // Per output column filled from the file's Hive partition: (output index, partition column).
  std::vector<std::pair<idx_t, size_t>> partition_outputs;
  std::vector<CsvMorsel> morsels;
  std::atomic<size_t> next_morsel{0};
  std::atomic<uint64_t> bytes_done{0};
  uint64_t total_bytes = 0;
  // Threads worth using: fewer than the morsels under a pushed-down LIMIT.
  size_t max_threads = SIZE_MAX;
  std::vector<idx_t> projected_columns;
  std::vector<idx_t> scanner_columns;  // Per output column: CSV column or kSkipColumn.
  std::vector<LogicalType> output_types;
  std::vector<idx_t> filename_outputs;
  std::vector<std::shared_ptr<std::string>> file_names;
};

struct CsvLocalState : public TableScanLocalState {
  CsvBlockPool block_pool;  // Shared by this thread's scanners, one morsel after another.
  std::unique_ptr<CsvScanner> scanner;
  CsvMorsel morsel{0, 0, 0, 0};
  size_t morsel_index = 0;
};

// The delimiter as a user would type it in delim=...
std::string DelimiterName(char delimiter) {
  if (delimiter == '\t') return "\\t";
  return std::string(1, delimiter);
}

}  // namespace

Result<std::unique_ptr<TableScanBinding>> CsvTableBinding::Bind(const TableFunctionInput& input) {
  auto union_option = input.named.find("union_by_name");
  if (union_option != input.named.end()) {
    const Value& value = union_option->second;
    if (value.is_null() || value.type().id() != TypeId::kBoolean) {
      return Status::Error(ErrorCode::kInvalidOption,
                           "read_csv option union_by_name expects true or false");
    }
    TableFunctionInput file_input = input;
    file_input.named.erase("union_by_name");
    TARN_ASSIGN_OR_RETURN(CsvReadOptions options, ParseCsvOptions(file_input));
    if (!value.GetBoolean()) {
      TARN_ASSIGN_OR_RETURN(auto binding, BindOptions(options));
      return std::unique_ptr<TableScanBinding>(std::move(binding));
    }
    TARN_ASSIGN_OR_RETURN(std::vector<std::string> paths, ExpandGlobs(options.patterns));
    return UnionByNameBinding::Create(
        "read_csv", std::move(paths),
        [&options](const std::string& path) -> Result<UnionByNameBinding::BoundFile> {
          CsvReadOptions file_options = options;
          file_options.patterns = {path};
          TARN_ASSIGN_OR_RETURN(auto binding, BindOptions(file_options));
          size_t columns = binding->plan().names.size();
          return UnionByNameBinding::BoundFile{std::move(binding), columns};
        });
  }
  TARN_ASSIGN_OR_RETURN(CsvReadOptions options, ParseCsvOptions(input));
  TARN_ASSIGN_OR_RETURN(auto binding, BindOptions(options));
  return std::unique_ptr<TableScanBinding>(std::move(binding));
}

Result<std::unique_ptr<CsvTableBinding>> CsvTableBinding::BindOptions(
    const CsvReadOptions& options) {
  std::unique_ptr<CsvTableBinding> binding(new CsvTableBinding());
  binding->options_ = options;
  TARN_ASSIGN_OR_RETURN(binding->files_, ExpandGlobs(options.patterns));
  TARN_ASSIGN_OR_RETURN(CsvSchema schema, SniffCsv(binding->files_[0], options));

  CsvScanPlan& plan = binding->plan_;
  plan.dialect = schema.dialect;
  plan.header = schema.header;
  plan.skip_rows = options.skip_rows;
  plan.physical_columns = schema.physical_columns;
  plan.names = schema.names;
  plan.types = schema.types;
  plan.null_string = options.null_string;
  plan.null_padding = options.null_padding;
  plan.ignore_errors = options.ignore_errors;
  plan.max_line_size = options.max_line_size;
  plan.compression = options.compression;
  plan.sniffed_types.assign(plan.names.size(), options.columns.empty() && !options.all_varchar);
  for (const auto& [name, type] : options.type_overrides) {
    for (size_t c = 0; c < plan.names.size(); c++) {
      std::string lower_name = plan.names[c];
      std::string lower_override = name;
      for (char& ch : lower_name)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      for (char& ch : lower_override)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower_name == lower_override) plan.sniffed_types[c] = false;
    }
  }
  binding->splittable_ = !schema.unsplittable;

  // With Hive partitions, files other than the first are checked by the scan, after the
  // partition filters have removed those it does not need.
  bool hive = options.hive_partitioning.value_or(HivePartitions::Detect(binding->files_));
  double total_rows = 0;
  for (size_t i = 0; i < binding->files_.size(); i++) {
    uint64_t size = schema.file_size;
    bool compressed = schema.compression != Compression::kNone;
    bool checked = i == 0 || !hive;
    if (i > 0 && !hive) {
      TARN_RETURN_IF_ERROR(binding->CheckFile(i, &size, &compressed));
    }
    binding->file_sizes_.push_back(size);
    binding->file_compressed_.push_back(compressed);
    binding->file_checked_.push_back(checked);
    if (schema.average_line_length > 0) {
      // Compressed text is assumed to be about 4 times smaller than the CSV it holds.
      total_rows +=
          static_cast<double>(size) * (compressed ? 4.0 : 1.0) / schema.average_line_length;
    }
  }
  binding->estimated_rows_ = schema.average_line_length > 0 ? total_rows : 0;

  binding->names_ = plan.names;
  binding->types_ = plan.types;
  if (hive) {
    TARN_ASSIGN_OR_RETURN(HivePartitions partitions,
                          HivePartitions::Build(binding->files_, plan.names));
    for (size_t c = 0; c < partitions.column_count(); c++) {
      binding->names_.push_back(partitions.names()[c]);
      binding->types_.push_back(partitions.types()[c]);
    }
    binding->partitions_ = std::move(partitions);
  }
  if (options.filename_column) {
    binding->filename_column_ = true;
    binding->names_.push_back("filename");
    binding->types_.push_back(TypeId::kVarchar);
  }
  return binding;
}

Status CsvTableBinding::CheckFile(size_t index, uint64_t* size, bool* compressed) const {
  const std::string& file = files_[index];
  TARN_ASSIGN_OR_RETURN(*size, FileSize(file));
  Compression compression = options_.compression;
  if (compression == Compression::kAuto) {
    TARN_ASSIGN_OR_RETURN(compression, DetectCompression(file));
  }
  *compressed = compression != Compression::kNone;
  TARN_ASSIGN_OR_RETURN(uint64_t fields,
                        CountFirstRowFields(file, plan_.dialect, compression, plan_.skip_rows));
  if (fields != 0 && fields != plan_.physical_columns &&
      !(plan_.null_padding && fields < plan_.physical_columns)) {
    return Status::Error(
        ErrorCode::kInvalidInput,
        "\"" + file + "\" line " + std::to_string(plan_.skip_rows + 1) + " has " +
            std::to_string(fields) + (fields == 1 ? " field" : " fields") +
            " with the delimiter '" + DelimiterName(plan_.dialect.delimiter) + "' detected in \"" +
            files_[0] + "\", which has " + std::to_string(plan_.physical_columns) +
            " per line: all files read by one read_csv call must have the same columns" +
            (fields == 1 ? " (set delim=... if the files use different delimiters)"
                         : " (or set union_by_name = true)"));
  }
  return Status::Ok();
}

std::vector<bool> CsvTableBinding::SelectFiles(const std::vector<TableFilter>& filters) const {
  if (!partitions_) return std::vector<bool>(files_.size(), true);
  return partitions_->SelectFiles(filters, plan_.names.size());
}

std::unique_ptr<TableScanGlobalState> CsvTableBinding::InitGlobal(
    const std::vector<idx_t>& projected_columns) const {
  return InitGlobalFiltered(projected_columns, {});
}

std::unique_ptr<TableScanGlobalState> CsvTableBinding::InitGlobalFiltered(
    const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters) const {
  auto global = std::make_unique<CsvGlobalState>();
  global->projected_columns = projected_columns;
  size_t partition_count = partitions_ ? partitions_->column_count() : 0;
  for (size_t i = 0; i < projected_columns.size(); i++) {
    idx_t column = projected_columns[i];
    TARN_CHECK(column < types_.size(), "read_csv projection out of range");
    global->output_types.push_back(types_[column]);
    if (column >= plan_.names.size() + partition_count) {
      global->scanner_columns.push_back(CsvScanner::kSkipColumn);
      global->filename_outputs.push_back(i);
    } else if (column >= plan_.names.size()) {
      global->scanner_columns.push_back(CsvScanner::kSkipColumn);
      global->partition_outputs.emplace_back(i, column - plan_.names.size());
    } else {
      global->scanner_columns.push_back(column);
    }
  }
  std::vector<bool> selected = SelectFiles(filters);
  global->files_total = files_.size();
  for (size_t f = 0; f < files_.size(); f++) {
    global->file_names.push_back(std::make_shared<std::string>(files_[f]));
    if (!selected[f]) continue;
    global->files_read++;
    uint64_t size = file_sizes_[f];
    bool compressed = file_compressed_[f];
    if (!file_checked_[f]) CheckFile(f, &size, &compressed).ThrowIfError();
    global->total_bytes += size;
    for (const ByteRange& range : SplitByteRanges(size, morsel_size_, splittable_ && !compressed)) {
      global->morsels.push_back(CsvMorsel{f, range.start,
                                          range.last ? CsvScanner::kEndOfFile : range.end,
                                          range.end - range.start});
    }
  }
  return global;
}

std::unique_ptr<TableScanGlobalState> CsvTableBinding::InitGlobalCapped(
    const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters,
    idx_t row_cap) const {
  auto global = InitGlobalFiltered(projected_columns, filters);
  auto& state = static_cast<CsvGlobalState&>(*global);
  uint64_t all_bytes = 0;
  for (uint64_t size : file_sizes_) all_bytes += size;
  // Bytes the capped rows are expected to span (twice the sniffed average line length,
  // for lines longer than the sample's), and the byte ranges that cover them in order.
  double bytes_per_row = estimated_rows_ > 0 ? static_cast<double>(all_bytes) / estimated_rows_ : 0;
  double needed = 2 * bytes_per_row * static_cast<double>(row_cap);
  size_t morsels = 0;
  double covered = 0;
  while (morsels < state.morsels.size() && (morsels == 0 || covered < needed)) {
    covered += static_cast<double>(state.morsels[morsels++].bytes);
  }
  state.max_threads = std::max<size_t>(1, morsels);
  return global;
}

idx_t CsvTableBinding::BatchIndex(const TableScanLocalState& local) const {
  return static_cast<const CsvLocalState&>(local).morsel_index;
}

std::unique_ptr<TableScanLocalState> CsvTableBinding::InitLocal(
    TableScanGlobalState& global) const {
  return std::make_unique<CsvLocalState>();
}

void CsvTableBinding::Scan(TableScanGlobalState& global_state, TableScanLocalState& local_state,
                           DataChunk& output) const {
  auto& global = static_cast<CsvGlobalState&>(global_state);
  auto& local = static_cast<CsvLocalState&>(local_state);
  if (output.ColumnCount() != global.output_types.size()) {
    output.Initialize(global.output_types);
  }
  while (true) {
    if (!local.scanner || local.scanner->finished()) {
      if (local.scanner) {
        global.bytes_done += local.morsel.bytes;
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
      const CsvMorsel& morsel = local.morsel;
      // A range that ends at the end of the file is scanned with pread like the others.
      uint64_t end = morsel.end;
      if (morsel.start > 0 && end == CsvScanner::kEndOfFile) end = file_sizes_[morsel.file_index];
      local.scanner = CsvScanner::Open(plan_, files_[morsel.file_index], morsel.start, end,
                                       global.scanner_columns, &local.block_pool)
                          .ValueOrThrow();
    }
    output.Reset();
    idx_t rows = local.scanner->Scan(output);
    if (rows == 0) continue;
    for (const auto& [output_index, partition_column] : global.partition_outputs) {
      partitions_->Fill(local.morsel.file_index, partition_column, rows,
                        output.column(output_index));
    }
    if (!global.filename_outputs.empty()) {
      const auto& name = global.file_names[local.morsel.file_index];
      for (idx_t index : global.filename_outputs) {
        Vector& vector = output.column(index);
        auto* data = vector.Data<std::string_view>();
        std::string_view view(*name);
        for (idx_t row = 0; row < vector.capacity(); row++) data[row] = view;
        vector.KeepAlive(name);
      }
    }
    return;
  }
}

size_t CsvTableBinding::MaxThreads(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const CsvGlobalState&>(global_state);
  return std::max<size_t>(1, std::min(global.max_threads, global.morsels.size()));
}

double CsvTableBinding::Progress(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const CsvGlobalState&>(global_state);
  if (global.total_bytes == 0) return 1.0;
  return std::min(
      1.0, static_cast<double>(global.bytes_done.load()) / static_cast<double>(global.total_bytes));
}

std::vector<std::string> CsvTableBinding::ExplainFilters(
    const std::vector<TableFilter>& filters) const {
  if (!partitions_) return {};
  return HivePartitions::ExplainSelection(SelectFiles(filters));
}

std::vector<std::string> CsvTableBinding::ScanReport(
    const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const CsvGlobalState&>(global_state);
  return {HivePartitions::FilesReadLine(global.files_read, global.files_total)};
}

std::string CsvTableBinding::ToString() const {
  if (files_.size() == 1 && options_.patterns.size() == 1) return "read_csv(" + files_[0] + ")";
  std::string patterns;
  for (const auto& pattern : options_.patterns) {
    patterns += (patterns.empty() ? "" : ", ") + pattern;
  }
  return "read_csv(" + patterns + ": " + std::to_string(files_.size()) + " files)";
}

void RegisterCsvTableFunctions(TableFunctionRegistry& registry) {
  registry.Register("read_csv", &CsvTableBinding::Bind);
  registry.Register("read_csv_auto", &CsvTableBinding::Bind);
  for (const char* extension : {"csv", "tsv", "txt", "tbl", "dat"}) {
    registry.RegisterExtension(extension, "read_csv");
  }
}

}  // namespace tarn
