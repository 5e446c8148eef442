#include "formats/csv/csv_table_function.h"

#include <algorithm>
#include <atomic>
#include <mutex>

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
  std::vector<CsvMorsel> morsels;
  std::atomic<size_t> next_morsel{0};
  std::atomic<uint64_t> bytes_done{0};
  uint64_t total_bytes = 0;
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
  TARN_ASSIGN_OR_RETURN(CsvReadOptions options, ParseCsvOptions(input));
  TARN_ASSIGN_OR_RETURN(auto binding, BindOptions(options));
  return std::unique_ptr<TableScanBinding>(std::move(binding));
}

Result<std::unique_ptr<CsvTableBinding>> CsvTableBinding::BindOptions(
    const CsvReadOptions& options) {
  std::unique_ptr<CsvTableBinding> binding(new CsvTableBinding());
  binding->options_ = options;
  for (const std::string& pattern : options.patterns) {
    TARN_ASSIGN_OR_RETURN(auto files, ExpandGlob(pattern));
    for (auto& file : files) binding->files_.push_back(std::move(file));
  }
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

  double total_rows = 0;
  for (size_t i = 0; i < binding->files_.size(); i++) {
    const std::string& file = binding->files_[i];
    uint64_t size = schema.file_size;
    Compression compression = schema.compression;
    if (i > 0) {
      TARN_ASSIGN_OR_RETURN(size, FileSize(file));
      compression = options.compression;
      if (compression == Compression::kAuto) {
        TARN_ASSIGN_OR_RETURN(compression, DetectCompression(file));
      }
      TARN_ASSIGN_OR_RETURN(uint64_t fields,
                            CountFirstRowFields(file, plan.dialect, compression, plan.skip_rows));
      if (fields != 0 && fields != plan.physical_columns) {
        return Status::Error(
            ErrorCode::kInvalidInput,
            "\"" + file + "\" line " + std::to_string(plan.skip_rows + 1) + " has " +
                std::to_string(fields) + (fields == 1 ? " field" : " fields") +
                " with the delimiter '" + DelimiterName(plan.dialect.delimiter) +
                "' detected in \"" + binding->files_[0] + "\", which has " +
                std::to_string(plan.physical_columns) +
                " per line: all files read by one read_csv call must have the same columns" +
                (fields == 1 ? " (set delim=... if the files use different delimiters)"
                             : " (read them separately)"));
      }
    }
    bool compressed = compression != Compression::kNone;
    binding->file_sizes_.push_back(size);
    binding->file_compressed_.push_back(compressed);
    if (schema.average_line_length > 0) {
      // Compressed text is assumed to be about 4 times smaller than the CSV it holds.
      total_rows +=
          static_cast<double>(size) * (compressed ? 4.0 : 1.0) / schema.average_line_length;
    }
  }
  binding->estimated_rows_ = schema.average_line_length > 0 ? total_rows : 0;

  binding->names_ = plan.names;
  binding->types_ = plan.types;
  if (options.filename_column) {
    binding->filename_column_ = true;
    binding->names_.push_back("filename");
    binding->types_.push_back(TypeId::kVarchar);
  }
  return binding;
}

std::unique_ptr<TableScanGlobalState> CsvTableBinding::InitGlobal(
    const std::vector<idx_t>& projected_columns) const {
  auto global = std::make_unique<CsvGlobalState>();
  global->projected_columns = projected_columns;
  for (size_t i = 0; i < projected_columns.size(); i++) {
    idx_t column = projected_columns[i];
    TARN_CHECK(column < types_.size(), "read_csv projection out of range");
    global->output_types.push_back(types_[column]);
    if (column >= plan_.names.size()) {
      global->scanner_columns.push_back(CsvScanner::kSkipColumn);
      global->filename_outputs.push_back(i);
    } else {
      global->scanner_columns.push_back(column);
    }
  }
  for (size_t f = 0; f < files_.size(); f++) {
    global->file_names.push_back(std::make_shared<std::string>(files_[f]));
    uint64_t size = file_sizes_[f];
    global->total_bytes += size;
    if (splittable_ && !file_compressed_[f] && size > morsel_size_ + morsel_size_ / 2) {
      for (uint64_t start = 0; start < size; start += morsel_size_) {
        uint64_t end = std::min(size, start + morsel_size_);
        if (size - end < morsel_size_ / 2) end = size;
        global->morsels.push_back(
            CsvMorsel{f, start, end == size ? CsvScanner::kEndOfFile : end, end - start});
        if (end == size) break;
      }
    } else {
      global->morsels.push_back(CsvMorsel{f, 0, CsvScanner::kEndOfFile, size});
    }
  }
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
  return std::max<size_t>(1, global.morsels.size());
}

double CsvTableBinding::Progress(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const CsvGlobalState&>(global_state);
  if (global.total_bytes == 0) return 1.0;
  return std::min(
      1.0, static_cast<double>(global.bytes_done.load()) / static_cast<double>(global.total_bytes));
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
