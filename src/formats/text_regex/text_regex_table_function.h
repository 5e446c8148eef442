#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "formats/text_regex/text_regex_reader.h"
#include "function/table_function.h"

namespace tarn {

// TextRegexTableBinding is a bound read_text_regex(...) or read_apache_log(...) call: the
// expanded file list and the plan. read_text_regex takes
//   pattern := 'RE2 pattern'               (matched against the whole line)
//   columns := {'name': 'TYPE', ...}       (one per capture group; default: VARCHAR
//                                           columns named after named groups, else
//                                           column0, column1, ...)
//   ignore_errors, compression, max_line_size, hive_partitioning := false
// read_apache_log takes the same options but pattern and columns.
// Scans hand out morsels: byte ranges of about 8 MB of large uncompressed files, otherwise
// whole files; BatchIndex is the morsel's position, so results keep the files' order.
// Lines skipped under ignore_errors are counted and reported by ScanReport.
// Thread safety: immutable after Bind; the global state hands out morsels under an atomic
// counter, so Scan may run on several threads with separate local states.
class TextRegexTableBinding : public TableScanBinding {
 public:
  static Result<std::unique_ptr<TableScanBinding>> BindRegex(const TableFunctionInput& input);
  static Result<std::unique_ptr<TableScanBinding>> BindApacheLog(const TableFunctionInput& input);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override;
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const override;
  void Scan(TableScanGlobalState& global, TableScanLocalState& local,
            DataChunk& output) const override;
  std::vector<std::string> ScanReport(const TableScanGlobalState& global) const override;
  size_t MaxThreads(const TableScanGlobalState& global) const override;
  double Progress(const TableScanGlobalState& global) const override;
  idx_t BatchIndex(const TableScanLocalState& local) const override;
  double EstimatedRows() const override { return estimated_rows_; }
  std::string ToString() const override;

  const TextRegexPlan& plan() const { return plan_; }
  // Morsel size for byte-range scans; tests lower it to exercise range boundaries.
  void set_morsel_size(uint64_t bytes) { morsel_size_ = bytes; }

 private:
  TextRegexTableBinding() = default;
  static Result<std::unique_ptr<TableScanBinding>> Bind(const TableFunctionInput& input,
                                                        TextLineLayout layout);

  TextRegexPlan plan_;
  std::vector<std::string> patterns_;
  std::vector<std::string> files_;
  std::vector<uint64_t> file_sizes_;
  std::vector<bool> file_compressed_;
  double estimated_rows_ = -1;
  uint64_t morsel_size_ = 8ull * 1024 * 1024;
};

}  // namespace tarn
