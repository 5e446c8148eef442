#include "formats/parquet/parquet_table_function.h"

#include <algorithm>
#include <atomic>

#include "formats/parquet/parquet_row_group_filter.h"
#include "formats/union_by_name_binding.h"
#include "function/value_rows_binding.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

struct ParquetMorsel {
  size_t file_index;
  idx_t row_group;
  idx_t rows;
};

struct ParquetGlobalState : public TableScanGlobalState {
  // Per file of the binding: the opened file (null when filters skip it) and where each
  // schema column is in it.
  std::vector<std::shared_ptr<const ParquetFile>> files;
  std::vector<std::vector<idx_t>> column_index;
  size_t files_total = 0;
  size_t files_read = 0;
  size_t row_groups_total = 0;
  size_t row_groups_skipped = 0;
  std::vector<ParquetMorsel> morsels;
  std::atomic<size_t> next_morsel{0};
  std::atomic<uint64_t> rows_done{0};
  uint64_t total_rows = 0;
  std::vector<idx_t> projected_columns;
  std::vector<LogicalType> output_types;
  std::vector<std::shared_ptr<std::string>> file_names;
};

struct ParquetLocalState : public TableScanLocalState {
  size_t morsel_index = 0;
  bool has_morsel = false;
  idx_t rows_left = 0;
  std::vector<std::unique_ptr<ParquetColumnReader>> readers;  // Null for the filename column.
};

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Result<std::vector<std::string>> ParsePatterns(const TableFunctionInput& input,
                                               const char* function) {
  std::vector<std::string> patterns;
  for (const auto& list : input.positional_lists) {
    for (const Value& value : list) {
      if (value.is_null() || value.type().id() != TypeId::kVarchar) {
        return Status::Error(ErrorCode::kInvalidOption,
                             std::string(function) + " expects file names as strings");
      }
      patterns.push_back(value.GetString());
    }
  }
  for (const Value& value : input.positional) {
    if (value.is_null() || value.type().id() != TypeId::kVarchar) {
      return Status::Error(
          ErrorCode::kInvalidOption,
          std::string(function) + " expects a file name, a glob or a list of them");
    }
    patterns.push_back(value.GetString());
  }
  if (patterns.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         std::string(function) + " needs a file name: " + function +
                             "('data.parquet'), a glob ('data/*.parquet') or a list");
  }
  return patterns;
}

Result<std::vector<std::shared_ptr<const ParquetFile>>> OpenFiles(
    const std::vector<std::string>& patterns) {
  std::vector<std::shared_ptr<const ParquetFile>> files;
  TARN_ASSIGN_OR_RETURN(std::vector<std::string> paths, ExpandGlobs(patterns));
  for (const auto& path : paths) {
    TARN_ASSIGN_OR_RETURN(auto file, ParquetFile::Open(path));
    files.push_back(std::move(file));
  }
  return files;
}

Value OptionalInt(bool present, int64_t value) {
  return present ? Value::Bigint(value) : Value::Null(TypeId::kBigint);
}

Result<std::unique_ptr<TableScanBinding>> BindParquetSchema(const TableFunctionInput& input) {
  TARN_ASSIGN_OR_RETURN(auto patterns, ParsePatterns(input, "parquet_schema"));
  if (!input.named.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "parquet_schema has no option \"" + input.named.begin()->first + "\"");
  }
  TARN_ASSIGN_OR_RETURN(auto files, OpenFiles(patterns));
  std::vector<std::vector<Value>> rows;
  for (const auto& file : files) {
    for (const ParquetSchemaElement& element : file->metadata().schema) {
      std::string logical = ParquetLogicalTypeToString(element.logical_type);
      rows.push_back({
          Value::Varchar(file->path()),
          Value::Varchar(element.name),
          element.type ? Value::Varchar(ParquetPhysicalTypeName(*element.type))
                       : Value::Null(TypeId::kVarchar),
          OptionalInt(element.type == ParquetPhysicalType::kFixedLenByteArray, element.type_length),
          element.repetition ? Value::Varchar(ParquetRepetitionName(*element.repetition))
                             : Value::Null(TypeId::kVarchar),
          OptionalInt(element.num_children > 0, element.num_children),
          element.converted_type ? Value::Varchar(ParquetConvertedTypeName(*element.converted_type))
                                 : Value::Null(TypeId::kVarchar),
          OptionalInt(element.converted_type == ParquetConvertedType::kDecimal, element.scale),
          OptionalInt(element.converted_type == ParquetConvertedType::kDecimal, element.precision),
          OptionalInt(element.field_id.has_value(), element.field_id.value_or(0)),
          logical.empty() ? Value::Null(TypeId::kVarchar) : Value::Varchar(logical),
      });
    }
  }
  std::vector<std::string> names = {
      "file_name",      "name",  "type",      "type_length", "repetition_type", "num_children",
      "converted_type", "scale", "precision", "field_id",    "logical_type"};
  std::vector<LogicalType> types = {TypeId::kVarchar, TypeId::kVarchar, TypeId::kVarchar,
                                    TypeId::kBigint,  TypeId::kVarchar, TypeId::kBigint,
                                    TypeId::kVarchar, TypeId::kBigint,  TypeId::kBigint,
                                    TypeId::kBigint,  TypeId::kVarchar};
  return std::unique_ptr<TableScanBinding>(new ValueRowsBinding(
      "parquet_schema(" + patterns[0] + ")", std::move(names), std::move(types), std::move(rows)));
}

std::string StatisticText(const ParquetColumn* column, const std::optional<std::string>& bytes) {
  if (!bytes || column == nullptr) return "";
  Value value = ParquetStatisticValue(*column, *bytes);
  return value.is_null() ? "" : value.ToString();
}

Result<std::unique_ptr<TableScanBinding>> BindParquetMetadata(const TableFunctionInput& input) {
  TARN_ASSIGN_OR_RETURN(auto patterns, ParsePatterns(input, "parquet_metadata"));
  if (!input.named.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "parquet_metadata has no option \"" + input.named.begin()->first + "\"");
  }
  TARN_ASSIGN_OR_RETURN(auto files, OpenFiles(patterns));
  std::vector<std::vector<Value>> rows;
  for (const auto& file : files) {
    // The leaf column of each column chunk, to decode statistics with its type.
    std::vector<const ParquetColumn*> leaf_columns = ParquetLeafColumns(file->columns());
    const auto& row_groups = file->metadata().row_groups;
    for (size_t group = 0; group < row_groups.size(); group++) {
      const ParquetRowGroup& row_group = row_groups[group];
      for (size_t c = 0; c < row_group.columns.size(); c++) {
        const ParquetColumnChunk& chunk = row_group.columns[c];
        ParquetColumnMetaData meta;
        if (chunk.meta_data) meta = *chunk.meta_data;
        const ParquetColumn* column = c < leaf_columns.size() ? leaf_columns[c] : nullptr;
        std::string path;
        for (const auto& part : meta.path_in_schema) path += (path.empty() ? "" : ".") + part;
        std::string encodings;
        for (ParquetEncoding encoding : meta.encodings) {
          encodings += (encodings.empty() ? "" : ", ") + std::string(ParquetEncodingName(encoding));
        }
        ParquetStatistics statistics;
        if (meta.statistics) statistics = *meta.statistics;
        std::string min = StatisticText(column, statistics.min);
        std::string max = StatisticText(column, statistics.max);
        std::string min_value = StatisticText(column, statistics.min_value);
        std::string max_value = StatisticText(column, statistics.max_value);
        auto text = [](const std::string& value, bool present) {
          return present ? Value::Varchar(value) : Value::Null(TypeId::kVarchar);
        };
        rows.push_back({
            Value::Varchar(file->path()),
            Value::Bigint(static_cast<int64_t>(group)),
            Value::Bigint(row_group.num_rows),
            Value::Bigint(static_cast<int64_t>(row_group.columns.size())),
            Value::Bigint(row_group.total_byte_size),
            Value::Bigint(static_cast<int64_t>(c)),
            Value::Bigint(chunk.file_offset),
            Value::Bigint(meta.num_values),
            Value::Varchar(path),
            Value::Varchar(ParquetPhysicalTypeName(meta.type)),
            text(min, statistics.min.has_value() && column != nullptr),
            text(max, statistics.max.has_value() && column != nullptr),
            OptionalInt(statistics.null_count.has_value(), statistics.null_count.value_or(0)),
            OptionalInt(statistics.distinct_count.has_value(),
                        statistics.distinct_count.value_or(0)),
            text(min_value, statistics.min_value.has_value() && column != nullptr),
            text(max_value, statistics.max_value.has_value() && column != nullptr),
            Value::Varchar(ParquetCodecName(meta.codec)),
            Value::Varchar(encodings),
            OptionalInt(meta.index_page_offset.has_value(), meta.index_page_offset.value_or(0)),
            OptionalInt(meta.dictionary_page_offset.has_value(),
                        meta.dictionary_page_offset.value_or(0)),
            Value::Bigint(meta.data_page_offset),
            Value::Bigint(meta.total_compressed_size),
            Value::Bigint(meta.total_uncompressed_size),
        });
      }
    }
  }
  std::vector<std::string> names = {"file_name",
                                    "row_group_id",
                                    "row_group_num_rows",
                                    "row_group_num_columns",
                                    "row_group_bytes",
                                    "column_id",
                                    "file_offset",
                                    "num_values",
                                    "path_in_schema",
                                    "type",
                                    "stats_min",
                                    "stats_max",
                                    "stats_null_count",
                                    "stats_distinct_count",
                                    "stats_min_value",
                                    "stats_max_value",
                                    "compression",
                                    "encodings",
                                    "index_page_offset",
                                    "dictionary_page_offset",
                                    "data_page_offset",
                                    "total_compressed_size",
                                    "total_uncompressed_size"};
  std::vector<LogicalType> types = {
      TypeId::kVarchar, TypeId::kBigint,  TypeId::kBigint,  TypeId::kBigint,  TypeId::kBigint,
      TypeId::kBigint,  TypeId::kBigint,  TypeId::kBigint,  TypeId::kVarchar, TypeId::kVarchar,
      TypeId::kVarchar, TypeId::kVarchar, TypeId::kBigint,  TypeId::kBigint,  TypeId::kVarchar,
      TypeId::kVarchar, TypeId::kVarchar, TypeId::kVarchar, TypeId::kBigint,  TypeId::kBigint,
      TypeId::kBigint,  TypeId::kBigint,  TypeId::kBigint};
  return std::unique_ptr<TableScanBinding>(
      new ValueRowsBinding("parquet_metadata(" + patterns[0] + ")", std::move(names),
                           std::move(types), std::move(rows)));
}

}  // namespace

Result<std::unique_ptr<TableScanBinding>> ParquetTableBinding::Bind(
    const TableFunctionInput& input) {
  std::unique_ptr<ParquetTableBinding> binding(new ParquetTableBinding());
  TARN_ASSIGN_OR_RETURN(binding->patterns_, ParsePatterns(input, "read_parquet"));
  auto union_option = input.named.find("union_by_name");
  if (union_option != input.named.end()) {
    const Value& value = union_option->second;
    if (value.is_null() || value.type().id() != TypeId::kBoolean) {
      return Status::Error(ErrorCode::kInvalidOption,
                           "read_parquet option union_by_name expects true or false");
    }
    TableFunctionInput file_input = input;
    file_input.named.erase("union_by_name");
    if (!value.GetBoolean()) return Bind(file_input);
    TARN_ASSIGN_OR_RETURN(std::vector<std::string> paths, ExpandGlobs(binding->patterns_));
    file_input.positional_lists.clear();
    return UnionByNameBinding::Create(
        "read_parquet", std::move(paths),
        [&file_input](const std::string& path) -> Result<UnionByNameBinding::BoundFile> {
          file_input.positional = {Value::Varchar(path)};
          TARN_ASSIGN_OR_RETURN(auto bound, Bind(file_input));
          size_t columns = static_cast<const ParquetTableBinding&>(*bound).schema_columns_;
          return UnionByNameBinding::BoundFile{std::move(bound), columns};
        });
  }
  bool filename = false;
  std::optional<bool> hive_partitioning;
  for (const auto& [name, value] : input.named) {
    if (name == "filename") {
      if (value.is_null() || value.type().id() != TypeId::kBoolean) {
        return Status::Error(ErrorCode::kInvalidOption,
                             "read_parquet option filename expects true or false");
      }
      filename = value.GetBoolean();
    } else if (name == "binary_as_string") {
      continue;  // Binary columns are always read as VARCHAR.
    } else if (name == "hive_partitioning") {
      TARN_ASSIGN_OR_RETURN(hive_partitioning, HivePartitions::ParseOption(value, "read_parquet"));
    } else {
      return Status::Error(ErrorCode::kInvalidOption,
                           "read_parquet has no option \"" + name +
                               "\" (options: filename, binary_as_string, hive_partitioning, "
                               "union_by_name)");
    }
  }
  TARN_ASSIGN_OR_RETURN(binding->paths_, ExpandGlobs(binding->patterns_));
  bool hive = hive_partitioning.value_or(HivePartitions::Detect(binding->paths_));
  // The first file gives the schema. With Hive partitions the others are opened by the
  // scan, after the partition filters have removed the files it does not need.
  TARN_ASSIGN_OR_RETURN(std::shared_ptr<const ParquetFile> first,
                        ParquetFile::Open(binding->paths_[0]));
  for (const ParquetColumn& column : first->columns()) {
    binding->names_.push_back(column.name);
    binding->types_.push_back(column.type);
  }
  binding->schema_columns_ = binding->names_.size();
  binding->first_path_ = first->path();
  binding->files_.assign(binding->paths_.size(), nullptr);
  binding->column_index_.assign(binding->paths_.size(), {});
  for (size_t f = 0; f < binding->paths_.size(); f++) {
    if (f > 0 && hive) continue;
    std::shared_ptr<const ParquetFile> file = first;
    if (f > 0) {
      TARN_ASSIGN_OR_RETURN(file, ParquetFile::Open(binding->paths_[f]));
    }
    TARN_ASSIGN_OR_RETURN(binding->column_index_[f], binding->MatchColumns(*file));
    binding->files_[f] = std::move(file);
  }
  binding->estimated_rows_ = 0;
  for (const auto& file : binding->files_) {
    // Files not opened yet are taken to be as large as the first.
    binding->estimated_rows_ += static_cast<double>((file ? file : first)->metadata().num_rows);
  }
  if (hive) {
    TARN_ASSIGN_OR_RETURN(HivePartitions partitions,
                          HivePartitions::Build(binding->paths_, binding->names_));
    for (size_t c = 0; c < partitions.column_count(); c++) {
      binding->names_.push_back(partitions.names()[c]);
      binding->types_.push_back(partitions.types()[c]);
    }
    binding->partitions_ = std::move(partitions);
  }
  if (filename) {
    binding->names_.push_back("filename");
    binding->types_.push_back(TypeId::kVarchar);
  }
  return std::unique_ptr<TableScanBinding>(std::move(binding));
}

Result<std::vector<idx_t>> ParquetTableBinding::MatchColumns(const ParquetFile& file) const {
  const auto& columns = file.columns();
  std::vector<idx_t> index(schema_columns_);
  if (columns.size() != schema_columns_) {
    return Status::Error(ErrorCode::kInvalidInput,
                         "\"" + file.path() + "\" has " + std::to_string(columns.size()) +
                             " columns but \"" + first_path_ + "\" has " +
                             std::to_string(schema_columns_) +
                             ": all files read by one read_parquet call must have the same "
                             "columns (or set union_by_name = true)");
  }
  for (size_t c = 0; c < schema_columns_; c++) {
    std::string wanted = Lower(names_[c]);
    size_t found = columns.size();
    for (size_t k = 0; k < columns.size(); k++) {
      if (Lower(columns[k].name) == wanted) {
        found = k;
        break;
      }
    }
    if (found == columns.size()) {
      return Status::Error(ErrorCode::kInvalidInput,
                           "\"" + file.path() + "\" has no column \"" + names_[c] + "\", which \"" +
                               first_path_ +
                               "\" has: all files read by one read_parquet call must have the "
                               "same columns (or set union_by_name = true)");
    }
    if (columns[found].type != types_[c]) {
      return Status::Error(ErrorCode::kInvalidInput,
                           "column \"" + names_[c] + "\" is " + columns[found].type.ToString() +
                               " in \"" + file.path() + "\" but " + types_[c].ToString() +
                               " in \"" + first_path_ +
                               "\" (set union_by_name = true to read both as their common "
                               "type)");
    }
    index[c] = found;
  }
  return index;
}

std::vector<bool> ParquetTableBinding::SelectFiles(const std::vector<TableFilter>& filters) const {
  if (!partitions_) return std::vector<bool>(paths_.size(), true);
  return partitions_->SelectFiles(filters, schema_columns_);
}

std::unique_ptr<TableScanGlobalState> ParquetTableBinding::InitGlobal(
    const std::vector<idx_t>& projected_columns) const {
  return InitGlobalFiltered(projected_columns, {});
}

std::unique_ptr<TableScanGlobalState> ParquetTableBinding::InitGlobalFiltered(
    const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters) const {
  auto global = std::make_unique<ParquetGlobalState>();
  global->projected_columns = projected_columns;
  for (idx_t column : projected_columns) {
    TARN_CHECK(column < types_.size(), "read_parquet projection out of range");
    global->output_types.push_back(types_[column]);
  }
  std::vector<bool> selected = SelectFiles(filters);
  global->files = files_;
  global->column_index = column_index_;
  global->files_total = paths_.size();
  for (size_t f = 0; f < paths_.size(); f++) {
    global->file_names.push_back(std::make_shared<std::string>(paths_[f]));
    if (!selected[f]) {
      global->files[f] = nullptr;
      continue;
    }
    global->files_read++;
    if (!global->files[f]) {
      global->files[f] = ParquetFile::Open(paths_[f]).ValueOrThrow();
      global->column_index[f] = MatchColumns(*global->files[f]).ValueOrThrow();
    }
    const ParquetFile& file = *global->files[f];
    for (idx_t column : projected_columns) {
      if (column >= schema_columns_) continue;
      const ParquetColumn& file_column = file.columns()[global->column_index[f][column]];
      if (!file_column.unsupported.empty()) {
        ThrowError(ErrorCode::kNotImplemented,
                   "Parquet file \"" + file.path() + "\": " + file_column.unsupported);
      }
    }
    const auto& row_groups = file.metadata().row_groups;
    for (size_t g = 0; g < row_groups.size(); g++) {
      auto rows = static_cast<idx_t>(row_groups[g].num_rows);
      if (rows == 0) continue;
      global->row_groups_total++;
      if (!filters.empty() && !ParquetRowGroupMayMatch(file, g, filters, global->column_index[f])) {
        global->row_groups_skipped++;
        continue;
      }
      global->morsels.push_back(ParquetMorsel{f, g, rows});
      global->total_rows += rows;
    }
  }
  return global;
}

std::unique_ptr<TableScanGlobalState> ParquetTableBinding::InitGlobalCapped(
    const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters,
    idx_t row_cap) const {
  auto global = InitGlobalFiltered(projected_columns, filters);
  auto& state = static_cast<ParquetGlobalState&>(*global);
  // Row groups are handed out in order, so the first ones hold the rows a LIMIT keeps;
  // the last one kept is read only as far as needed.
  idx_t kept_rows = 0;
  size_t kept = 0;
  while (kept < state.morsels.size() && kept_rows < row_cap) {
    ParquetMorsel& morsel = state.morsels[kept++];
    morsel.rows = std::min<idx_t>(morsel.rows, row_cap - kept_rows);
    kept_rows += morsel.rows;
  }
  state.morsels.resize(kept);
  state.total_rows = kept_rows;
  return global;
}

std::unique_ptr<TableScanLocalState> ParquetTableBinding::InitLocal(
    TableScanGlobalState& global) const {
  return std::make_unique<ParquetLocalState>();
}

void ParquetTableBinding::Scan(TableScanGlobalState& global_state, TableScanLocalState& local_state,
                               DataChunk& output) const {
  auto& global = static_cast<ParquetGlobalState&>(global_state);
  auto& local = static_cast<ParquetLocalState&>(local_state);
  if (output.ColumnCount() != global.output_types.size()) output.Initialize(global.output_types);
  while (!local.has_morsel || local.rows_left == 0) {
    size_t index = global.next_morsel.fetch_add(1);
    if (index >= global.morsels.size()) {
      local.has_morsel = false;
      local.readers.clear();
      output.Reset();
      output.SetSize(0);
      return;
    }
    const ParquetMorsel& morsel = global.morsels[index];
    local.morsel_index = index;
    local.has_morsel = true;
    local.rows_left = morsel.rows;
    local.readers.clear();
    const auto& file = global.files[morsel.file_index];
    for (idx_t column : global.projected_columns) {
      if (column >= schema_columns_) {
        local.readers.push_back(nullptr);
        continue;
      }
      const ParquetColumn& file_column =
          file->columns()[global.column_index[morsel.file_index][column]];
      local.readers.push_back(
          std::make_unique<ParquetColumnReader>(file, morsel.row_group, file_column));
    }
  }
  output.Reset();
  idx_t rows = std::min<idx_t>(kVectorSize, local.rows_left);
  const ParquetMorsel& morsel = global.morsels[local.morsel_index];
  size_t partition_count = partitions_ ? partitions_->column_count() : 0;
  for (size_t i = 0; i < local.readers.size(); i++) {
    Vector& vector = output.column(i);
    idx_t column = global.projected_columns[i];
    if (local.readers[i]) {
      local.readers[i]->Read(rows, vector);
    } else if (column < schema_columns_ + partition_count) {
      partitions_->Fill(morsel.file_index, column - schema_columns_, rows, vector);
    } else {
      const auto& name = global.file_names[morsel.file_index];
      auto* data = vector.Data<std::string_view>();
      std::string_view view(*name);
      for (idx_t row = 0; row < rows; row++) data[row] = view;
      vector.KeepAlive(name);
    }
  }
  output.SetSize(rows);
  local.rows_left -= rows;
  global.rows_done += rows;
  if (local.rows_left == 0) local.readers.clear();
}

size_t ParquetTableBinding::MaxThreads(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const ParquetGlobalState&>(global_state);
  return std::max<size_t>(1, global.morsels.size());
}

double ParquetTableBinding::Progress(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const ParquetGlobalState&>(global_state);
  if (global.total_rows == 0) return 1.0;
  return std::min(
      1.0, static_cast<double>(global.rows_done.load()) / static_cast<double>(global.total_rows));
}

idx_t ParquetTableBinding::BatchIndex(const TableScanLocalState& local) const {
  return static_cast<const ParquetLocalState&>(local).morsel_index;
}

std::vector<std::string> ParquetTableBinding::ExplainFilters(
    const std::vector<TableFilter>& filters) const {
  if (!partitions_) return {};
  return HivePartitions::ExplainSelection(SelectFiles(filters));
}

std::vector<std::string> ParquetTableBinding::ScanReport(
    const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const ParquetGlobalState&>(global_state);
  std::vector<std::string> lines;
  lines.push_back(HivePartitions::FilesReadLine(global.files_read, global.files_total));
  lines.push_back(
      "row groups read: " + std::to_string(global.row_groups_total - global.row_groups_skipped) +
      " of " + std::to_string(global.row_groups_total) + " (" +
      std::to_string(global.row_groups_skipped) + " skipped by statistics)");
  return lines;
}

std::string ParquetTableBinding::ToString() const {
  if (paths_.size() == 1 && patterns_.size() == 1) return "read_parquet(" + paths_[0] + ")";
  std::string patterns;
  for (const auto& pattern : patterns_) patterns += (patterns.empty() ? "" : ", ") + pattern;
  std::string text = "read_parquet(" + patterns + ": " + std::to_string(paths_.size()) + " files";
  if (partitions_) {
    std::string keys;
    for (const auto& name : partitions_->names()) keys += (keys.empty() ? "" : ", ") + name;
    text += ", hive partitions: " + keys;
  }
  return text + ")";
}

void RegisterParquetTableFunctions(TableFunctionRegistry& registry) {
  registry.Register("read_parquet", &ParquetTableBinding::Bind);
  registry.Register("parquet_scan", &ParquetTableBinding::Bind);
  registry.Register("parquet_schema", &BindParquetSchema);
  registry.Register("parquet_metadata", &BindParquetMetadata);
  registry.RegisterExtension("parquet", "read_parquet");
}

}  // namespace tarn
