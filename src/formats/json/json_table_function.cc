#include "formats/json/json_table_function.h"

#include <algorithm>

#include "formats/union_by_name_binding.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

struct JsonMorsel {
  size_t file_index;
  uint64_t start;
  uint64_t end;  // JsonRecordReader::kEndOfFile for whole files.
  uint64_t bytes;
};

struct JsonGlobalState : public TableScanGlobalState {
  size_t files_total = 0;
  size_t files_read = 0;
  // Per output column filled from the file's Hive partition: (output index, partition column).
  std::vector<std::pair<idx_t, size_t>> partition_outputs;
  std::vector<JsonMorsel> morsels;
  std::atomic<size_t> next_morsel{0};
  std::atomic<uint64_t> bytes_done{0};
  uint64_t total_bytes = 0;
  std::vector<idx_t> scanner_columns;  // Per output column: plan column or kSkipColumn.
  std::vector<LogicalType> output_types;
  std::vector<idx_t> filename_outputs;
  std::vector<std::shared_ptr<std::string>> file_names;
};

struct JsonLocalState : public TableScanLocalState {
  std::unique_ptr<JsonScanner> scanner;
  JsonMorsel morsel{0, 0, 0, 0};
  size_t morsel_index = 0;
};

}  // namespace

namespace {

// Binds read_json / read_ndjson, one binding per file under union_by_name = true.
Result<std::unique_ptr<TableScanBinding>> BindJsonCall(const TableFunctionInput& input,
                                                       const std::string& function_name,
                                                       bool newline_delimited) {
  TableFunctionInput call_input = input;
  bool union_by_name = false;
  auto union_option = input.named.find("union_by_name");
  if (union_option != input.named.end()) {
    const Value& value = union_option->second;
    if (value.is_null() || value.type().id() != TypeId::kBoolean) {
      return Status::Error(ErrorCode::kInvalidOption,
                           function_name + " option union_by_name expects true or false");
    }
    union_by_name = value.GetBoolean();
    call_input.named.erase("union_by_name");
  }
  TARN_ASSIGN_OR_RETURN(JsonReadOptions options, ParseJsonOptions(call_input, function_name));
  if (newline_delimited && options.format == JsonFormat::kAuto) {
    options.format = JsonFormat::kNewlineDelimited;
  }
  if (!union_by_name) {
    TARN_ASSIGN_OR_RETURN(auto binding, JsonTableBinding::BindOptions(options, function_name));
    return std::unique_ptr<TableScanBinding>(std::move(binding));
  }
  TARN_ASSIGN_OR_RETURN(std::vector<std::string> paths, ExpandGlobs(options.patterns));
  return UnionByNameBinding::Create(
      function_name, std::move(paths),
      [&options, &function_name](const std::string& path) -> Result<UnionByNameBinding::BoundFile> {
        JsonReadOptions file_options = options;
        file_options.patterns = {path};
        TARN_ASSIGN_OR_RETURN(auto binding,
                              JsonTableBinding::BindOptions(file_options, function_name));
        size_t columns = binding->plan().names.size();
        return UnionByNameBinding::BoundFile{std::move(binding), columns};
      });
}

}  // namespace

Result<std::unique_ptr<TableScanBinding>> JsonTableBinding::Bind(const TableFunctionInput& input) {
  return BindJsonCall(input, "read_json", false);
}

Result<std::unique_ptr<TableScanBinding>> JsonTableBinding::BindNewlineDelimited(
    const TableFunctionInput& input) {
  return BindJsonCall(input, "read_ndjson", true);
}

Result<std::unique_ptr<JsonTableBinding>> JsonTableBinding::BindOptions(
    const JsonReadOptions& options, std::string function_name) {
  std::unique_ptr<JsonTableBinding> binding(new JsonTableBinding());
  binding->function_name_ = std::move(function_name);
  binding->options_ = options;
  TARN_ASSIGN_OR_RETURN(binding->files_, ExpandGlobs(options.patterns));
  TARN_ASSIGN_OR_RETURN(JsonSchema schema, SniffJson(binding->files_, options));
  JsonScanPlan& plan = binding->plan_;
  plan.file_formats = schema.file_formats;
  plan.names = schema.names;
  plan.types = schema.types;
  plan.records_are_objects = schema.records_are_objects;
  plan.types_inferred = options.columns.empty();
  plan.case_insensitive = options.case_insensitive;
  plan.sample_size = options.sample_size;
  plan.ignore_errors = options.ignore_errors;
  plan.maximum_object_size = options.maximum_object_size;
  plan.compression = options.compression;

  uint64_t total_bytes = 0;
  bool any_compressed = false;
  for (const std::string& file : binding->files_) {
    TARN_ASSIGN_OR_RETURN(uint64_t size, FileSize(file));
    Compression compression = options.compression;
    if (compression == Compression::kAuto) {
      TARN_ASSIGN_OR_RETURN(compression, DetectCompression(file));
    }
    bool compressed = compression != Compression::kNone;
    any_compressed = any_compressed || compressed;
    binding->file_sizes_.push_back(size);
    binding->file_compressed_.push_back(compressed);
    // Compressed JSON is assumed to be about 5 times smaller than its text.
    total_bytes += compressed ? size * 5 : size;
  }
  if (schema.sampled_records > 0 && schema.sampled_bytes > 0) {
    binding->estimated_rows_ = static_cast<double>(total_bytes) *
                               static_cast<double>(schema.sampled_records) /
                               static_cast<double>(schema.sampled_bytes);
  }
  binding->names_ = plan.names;
  binding->types_ = plan.types;
  if (options.hive_partitioning.value_or(HivePartitions::Detect(binding->files_))) {
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

std::vector<bool> JsonTableBinding::SelectFiles(const std::vector<TableFilter>& filters) const {
  if (!partitions_) return std::vector<bool>(files_.size(), true);
  return partitions_->SelectFiles(filters, plan_.names.size());
}

std::unique_ptr<TableScanGlobalState> JsonTableBinding::InitGlobal(
    const std::vector<idx_t>& projected_columns) const {
  return InitGlobalFiltered(projected_columns, {});
}

std::unique_ptr<TableScanGlobalState> JsonTableBinding::InitGlobalFiltered(
    const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters) const {
  auto global = std::make_unique<JsonGlobalState>();
  size_t partition_count = partitions_ ? partitions_->column_count() : 0;
  for (size_t i = 0; i < projected_columns.size(); i++) {
    idx_t column = projected_columns[i];
    TARN_CHECK(column < types_.size(), "read_json projection out of range");
    global->output_types.push_back(types_[column]);
    if (column >= plan_.names.size() + partition_count) {
      global->scanner_columns.push_back(JsonScanner::kSkipColumn);
      global->filename_outputs.push_back(i);
    } else if (column >= plan_.names.size()) {
      global->scanner_columns.push_back(JsonScanner::kSkipColumn);
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
    global->total_bytes += size;
    if (plan_.file_formats[f] == JsonFormat::kNewlineDelimited && !file_compressed_[f] &&
        size > morsel_size_ + morsel_size_ / 2) {
      for (uint64_t start = 0; start < size; start += morsel_size_) {
        uint64_t end = std::min(size, start + morsel_size_);
        if (size - end < morsel_size_ / 2) end = size;
        global->morsels.push_back(JsonMorsel{f, start, end, end - start});
        if (end == size) break;
      }
    } else {
      global->morsels.push_back(JsonMorsel{f, 0, JsonRecordReader::kEndOfFile, size});
    }
  }
  return global;
}

std::unique_ptr<TableScanLocalState> JsonTableBinding::InitLocal(TableScanGlobalState&) const {
  return std::make_unique<JsonLocalState>();
}

idx_t JsonTableBinding::BatchIndex(const TableScanLocalState& local) const {
  return static_cast<const JsonLocalState&>(local).morsel_index;
}

void JsonTableBinding::Scan(TableScanGlobalState& global_state, TableScanLocalState& local_state,
                            DataChunk& output) const {
  auto& global = static_cast<JsonGlobalState&>(global_state);
  auto& local = static_cast<JsonLocalState&>(local_state);
  if (output.ColumnCount() != global.output_types.size()) {
    output.Initialize(global.output_types);
  }
  while (true) {
    if (!local.scanner || local.scanner->finished()) {
      if (local.scanner) {
        global.bytes_done += local.morsel.bytes;
        skipped_records_->fetch_add(local.scanner->skipped_records());
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
      local.scanner =
          JsonScanner::Open(plan_, files_[local.morsel.file_index],
                            plan_.file_formats[local.morsel.file_index], local.morsel.start,
                            local.morsel.end, global.scanner_columns)
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
        for (idx_t row = 0; row < rows; row++) data[row] = view;
        vector.KeepAlive(name);
      }
    }
    return;
  }
}

size_t JsonTableBinding::MaxThreads(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const JsonGlobalState&>(global_state);
  return std::max<size_t>(1, global.morsels.size());
}

double JsonTableBinding::Progress(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const JsonGlobalState&>(global_state);
  if (global.total_bytes == 0) return 1.0;
  return std::min(
      1.0, static_cast<double>(global.bytes_done.load()) / static_cast<double>(global.total_bytes));
}

std::vector<std::string> JsonTableBinding::ExplainFilters(
    const std::vector<TableFilter>& filters) const {
  if (!partitions_) return {};
  return HivePartitions::ExplainSelection(SelectFiles(filters));
}

std::vector<std::string> JsonTableBinding::ScanReport(
    const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const JsonGlobalState&>(global_state);
  return {HivePartitions::FilesReadLine(global.files_read, global.files_total)};
}

std::string JsonTableBinding::ToString() const {
  std::string text;
  if (files_.size() == 1 && options_.patterns.size() == 1) {
    text = function_name_ + "(" + files_[0];
  } else {
    std::string patterns;
    for (const auto& pattern : options_.patterns) {
      patterns += (patterns.empty() ? "" : ", ") + pattern;
    }
    text = function_name_ + "(" + patterns + ": " + std::to_string(files_.size()) + " files";
  }
  JsonFormat format = plan_.file_formats.empty() ? JsonFormat::kAuto : plan_.file_formats[0];
  for (JsonFormat file_format : plan_.file_formats) {
    if (file_format != format) format = JsonFormat::kAuto;
  }
  text += std::string(", format ") +
          (format == JsonFormat::kAuto ? "mixed" : JsonFormatName(format)) + ")";
  uint64_t skipped = skipped_records_->load();
  if (skipped > 0) {
    text += " ignore_errors skipped " + std::to_string(skipped) +
            (skipped == 1 ? " record" : " records");
  }
  return text;
}

void RegisterJsonTableFunctions(TableFunctionRegistry& registry) {
  registry.Register("read_json", &JsonTableBinding::Bind);
  registry.Register("read_json_auto", &JsonTableBinding::Bind);
  registry.Register("read_ndjson", &JsonTableBinding::BindNewlineDelimited);
  registry.Register("read_ndjson_auto", &JsonTableBinding::BindNewlineDelimited);
  registry.RegisterExtension("json", "read_json");
  registry.RegisterExtension("ndjson", "read_json");
  registry.RegisterExtension("jsonl", "read_json");
}

}  // namespace tarn
