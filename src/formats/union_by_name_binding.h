#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/table_function.h"

namespace tarn {

// UnionByNameBinding reads several files whose columns differ as one table: the
// union_by_name = true option of read_csv, read_json and read_parquet. Each file is bound
// on its own (by the format's binder over that one file); the output columns are the union
// of the files' columns by name, compared case-insensitively, in order of first appearance
// (the first spelling wins), the files' own columns first and then the columns the reader
// adds (Hive partition keys, filename). A column a file lacks reads as NULL in that file's rows; a
// column whose type differs between files takes the common supertype of its types
// (VARCHAR when there is none), and values are cast to it as they are read.
// Scans walk the files in order; every thread scans the current file's morsels through
// that file's own binding and moves on when it is exhausted, so BatchIndex (file number,
// then the file binding's batch) keeps the files' order.
// Thread safety: immutable after Create; the per-file global states are internally
// synchronized, so Scan may run on several threads with separate local states.
class UnionByNameBinding : public TableScanBinding {
 public:
  // One file's binding and how many of its leading columns come from the file itself.
  struct BoundFile {
    std::unique_ptr<TableScanBinding> binding;
    size_t file_columns = 0;
  };
  using FileBinder = std::function<Result<BoundFile>(const std::string& path)>;

  // Binds each of `paths` with `bind_file` and builds the union schema. `function_name`
  // (read_csv, ...) names the call in EXPLAIN and in errors.
  static Result<std::unique_ptr<TableScanBinding>> Create(std::string function_name,
                                                          std::vector<std::string> paths,
                                                          const FileBinder& bind_file);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override;
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const override;
  void Scan(TableScanGlobalState& global, TableScanLocalState& local,
            DataChunk& output) const override;
  size_t MaxThreads(const TableScanGlobalState& global) const override;
  double Progress(const TableScanGlobalState& global) const override;
  idx_t BatchIndex(const TableScanLocalState& local) const override;
  double EstimatedRows() const override { return estimated_rows_; }
  std::string ToString() const override;

  // Output column position of each column of file `file`'s binding.
  const std::vector<idx_t>& FileColumns(size_t file) const { return file_columns_[file]; }

 private:
  UnionByNameBinding() = default;

  std::string function_name_;
  std::vector<std::string> paths_;
  std::vector<std::unique_ptr<TableScanBinding>> files_;
  // file_columns_[f][c]: the output column of column c of files_[f].
  std::vector<std::vector<idx_t>> file_columns_;
  double estimated_rows_ = -1;
};

}  // namespace tarn
