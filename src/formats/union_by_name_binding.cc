#include "formats/union_by_name_binding.h"

#include <algorithm>
#include <cctype>

#include "function/cast.h"

namespace tarn {

namespace {

constexpr idx_t kMissingColumn = ~idx_t(0);
// BatchIndex is the file number in the high bits, the file binding's batch in the low.
constexpr int kBatchBits = 40;

struct UnionGlobalState : public TableScanGlobalState {
  std::vector<idx_t> projected_columns;
  std::vector<LogicalType> output_types;
  // Per file: its binding's global state, the columns projected from it, and per output
  // column its position in the file's chunk (kMissingColumn: NULL).
  std::vector<std::unique_ptr<TableScanGlobalState>> file_states;
  std::vector<std::vector<idx_t>> file_positions;
};

struct UnionLocalState : public TableScanLocalState {
  size_t file = 0;
  std::unique_ptr<TableScanLocalState> file_state;
  DataChunk file_chunk;
  idx_t batch = 0;
};

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

Result<std::unique_ptr<TableScanBinding>> UnionByNameBinding::Create(std::string function_name,
                                                                     std::vector<std::string> paths,
                                                                     const FileBinder& bind_file) {
  std::unique_ptr<UnionByNameBinding> binding(new UnionByNameBinding());
  binding->function_name_ = std::move(function_name);
  binding->paths_ = std::move(paths);
  std::vector<std::string> lower_names;
  std::vector<std::string> first_file;  // Per output column: the file that introduced it.
  std::vector<size_t> file_columns;
  double estimated_rows = 0;
  bool estimated = true;
  for (const std::string& path : binding->paths_) {
    TARN_ASSIGN_OR_RETURN(BoundFile file, bind_file(path));
    double rows = file.binding->EstimatedRows();
    if (rows < 0) estimated = false;
    estimated_rows += std::max(0.0, rows);
    file_columns.push_back(std::min(file.file_columns, file.binding->names().size()));
    binding->files_.push_back(std::move(file.binding));
    binding->file_columns_.emplace_back(binding->files_.back()->names().size(), kMissingColumn);
  }
  // The files' own columns first, then the ones the reader adds.
  for (int pass = 0; pass < 2; pass++) {
    for (size_t f = 0; f < binding->files_.size(); f++) {
      const TableScanBinding& file = *binding->files_[f];
      const std::string& path = binding->paths_[f];
      std::vector<idx_t>& columns = binding->file_columns_[f];
      size_t begin = pass == 0 ? 0 : file_columns[f];
      size_t end = pass == 0 ? file_columns[f] : file.names().size();
      for (size_t c = begin; c < end; c++) {
        std::string lower = Lower(file.names()[c]);
        auto found = std::find(lower_names.begin(), lower_names.end(), lower);
        auto output = static_cast<idx_t>(found - lower_names.begin());
        if (found != lower_names.end() &&
            std::find(columns.begin(), columns.end(), output) != columns.end()) {
          return Status::Error(ErrorCode::kInvalidInput,
                               "\"" + path + "\" has the column \"" + file.names()[c] +
                                   "\" twice (union_by_name compares names case-insensitively)");
        }
        columns[c] = output;
        const LogicalType& type = file.types()[c];
        if (found == lower_names.end()) {
          lower_names.push_back(lower);
          first_file.push_back(path);
          binding->names_.push_back(file.names()[c]);
          binding->types_.push_back(type);
          continue;
        }
        LogicalType& existing = binding->types_[output];
        if (existing == type) continue;
        Result<LogicalType> common = CommonSuperType(existing, type);
        if (common.ok()) {
          existing = *common;
        } else if (CastExists(existing, TypeId::kVarchar) && CastExists(type, TypeId::kVarchar)) {
          existing = LogicalType(TypeId::kVarchar);
        } else {
          return Status::Error(ErrorCode::kInvalidInput,
                               "column \"" + file.names()[c] + "\" is " + type.ToString() +
                                   " in \"" + path + "\" but " + existing.ToString() + " in \"" +
                                   first_file[output] + "\", and the types have no common type");
        }
      }
    }
  }
  binding->estimated_rows_ = estimated ? estimated_rows : -1;
  return std::unique_ptr<TableScanBinding>(std::move(binding));
}

std::unique_ptr<TableScanGlobalState> UnionByNameBinding::InitGlobal(
    const std::vector<idx_t>& projected_columns) const {
  auto global = std::make_unique<UnionGlobalState>();
  global->projected_columns = projected_columns;
  for (idx_t column : projected_columns) {
    TARN_CHECK(column < types_.size(), "union_by_name projection out of range");
    global->output_types.push_back(types_[column]);
  }
  for (size_t f = 0; f < files_.size(); f++) {
    std::vector<idx_t> file_projection;
    std::vector<idx_t> positions(projected_columns.size(), kMissingColumn);
    const std::vector<idx_t>& columns = file_columns_[f];
    for (size_t i = 0; i < projected_columns.size(); i++) {
      auto found = std::find(columns.begin(), columns.end(), projected_columns[i]);
      if (found == columns.end()) continue;
      positions[i] = file_projection.size();
      file_projection.push_back(static_cast<idx_t>(found - columns.begin()));
    }
    global->file_states.push_back(files_[f]->InitGlobal(file_projection));
    global->file_positions.push_back(std::move(positions));
  }
  return global;
}

std::unique_ptr<TableScanLocalState> UnionByNameBinding::InitLocal(
    TableScanGlobalState& global) const {
  return std::make_unique<UnionLocalState>();
}

void UnionByNameBinding::Scan(TableScanGlobalState& global_state, TableScanLocalState& local_state,
                              DataChunk& output) const {
  auto& global = static_cast<UnionGlobalState&>(global_state);
  auto& local = static_cast<UnionLocalState&>(local_state);
  if (output.ColumnCount() != global.output_types.size()) output.Initialize(global.output_types);
  while (local.file < files_.size()) {
    const TableScanBinding& file = *files_[local.file];
    TableScanGlobalState& file_global = *global.file_states[local.file];
    if (!local.file_state) {
      local.file_state = file.InitLocal(file_global);
      local.file_chunk = DataChunk();
    }
    file.Scan(file_global, *local.file_state, local.file_chunk);
    idx_t rows = local.file_chunk.size();
    if (rows == 0) {
      local.file_state.reset();
      local.file++;
      continue;
    }
    local.batch = (static_cast<idx_t>(local.file) << kBatchBits) +
                  std::min<idx_t>(file.BatchIndex(*local.file_state), (idx_t(1) << kBatchBits) - 1);
    if (local.file_chunk.HasSelection()) local.file_chunk.Flatten();
    output.Reset();
    const std::vector<idx_t>& positions = global.file_positions[local.file];
    for (size_t i = 0; i < positions.size(); i++) {
      Vector& target = output.column(i);
      if (positions[i] == kMissingColumn) {
        target.validity().SetAllInvalid(rows);
        continue;
      }
      const Vector& source = local.file_chunk.column(positions[i]);
      if (source.type() == target.type()) {
        target.Reference(source);
      } else {
        CastVector(source, target, rows, false);
      }
    }
    output.SetSize(rows);
    return;
  }
  output.Reset();
  output.SetSize(0);
}

size_t UnionByNameBinding::MaxThreads(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const UnionGlobalState&>(global_state);
  size_t threads = 1;
  for (size_t f = 0; f < files_.size(); f++) {
    threads = std::max(threads, files_[f]->MaxThreads(*global.file_states[f]));
  }
  return std::max(threads, files_.size());
}

double UnionByNameBinding::Progress(const TableScanGlobalState& global_state) const {
  const auto& global = static_cast<const UnionGlobalState&>(global_state);
  if (files_.empty()) return 1.0;
  double sum = 0;
  for (size_t f = 0; f < files_.size(); f++) {
    double progress = files_[f]->Progress(*global.file_states[f]);
    if (progress < 0) return -1;
    sum += progress;
  }
  return sum / static_cast<double>(files_.size());
}

idx_t UnionByNameBinding::BatchIndex(const TableScanLocalState& local) const {
  return static_cast<const UnionLocalState&>(local).batch;
}

std::string UnionByNameBinding::ToString() const {
  if (paths_.size() == 1) return function_name_ + "(" + paths_[0] + ", union_by_name)";
  return function_name_ + "(" + paths_[0] + ", ...: " + std::to_string(paths_.size()) +
         " files, union_by_name)";
}

}  // namespace tarn
