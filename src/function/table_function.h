#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/table_filter.h"
#include "types/value.h"
#include "vector/data_chunk.h"

namespace tarn {

// The arguments of a table function call after constant evaluation:
//   read_csv('f.csv', delim = '|', columns = {'a': 'INTEGER'})
// has positional = ['f.csv'], named = {delim: '|'} and named_structs = {columns: [(a,
// 'INTEGER')]}. Struct and list constants arrive in `named_structs` / `named_lists` (key
// order preserved) because Value is scalar-only.
struct TableFunctionInput {
  std::vector<Value> positional;
  // Positional list literals (read_csv(['a.csv', 'b.csv'])) are expanded here instead.
  std::vector<std::vector<Value>> positional_lists;
  std::map<std::string, Value> named;  // Keys lower case.
  std::map<std::string, std::vector<std::pair<std::string, Value>>> named_structs;
  std::map<std::string, std::vector<Value>> named_lists;
};

// Per-scan state shared by all threads of one scan (the next morsel to hand out).
struct TableScanGlobalState {
  virtual ~TableScanGlobalState() = default;
};
// Per-thread state of one scan (a read buffer, a decompressor).
struct TableScanLocalState {
  virtual ~TableScanLocalState() = default;
};

// TableScanBinding is a bound table function: its output schema and how to scan it.
// Contract: InitGlobal is called once per scan; each worker thread calls InitLocal once
// and then Scan repeatedly until it returns an empty chunk. Scan may run on several
// threads at once (each with its own local state); the global state is internally
// synchronized. `projected_columns` lists the output columns the query needs, in order;
// Scan fills `output` with exactly those columns (projection pushdown).
class TableScanBinding {
 public:
  virtual ~TableScanBinding() = default;

  const std::vector<std::string>& names() const { return names_; }
  const std::vector<LogicalType>& types() const { return types_; }

  virtual std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const = 0;
  // Filter pushdown. The optimizer hands the simple conjuncts of the query's WHERE on this
  // scan's columns (see TableFilter) to the scan through this overload, which bindings
  // that can skip data override; the default ignores them. The query keeps evaluating every
  // condition above the scan, so a scan only ever skips whole files, folders or row groups
  // that provably hold no matching row, and reading more than needed is always correct.
  virtual std::unique_ptr<TableScanGlobalState> InitGlobalFiltered(
      const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters) const {
    return InitGlobal(projected_columns);
  }
  // Limit pushdown. The query needs at most `row_cap` rows from this scan (a LIMIT with
  // nothing between it and the scan that drops rows), and bindings that can read less for
  // that (fewer row groups, fewer threads) override this; the default ignores the cap.
  // The LIMIT stays above the scan, so producing more rows than the cap is always correct.
  virtual std::unique_ptr<TableScanGlobalState> InitGlobalCapped(
      const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters,
      idx_t row_cap) const {
    return InitGlobalFiltered(projected_columns, filters);
  }
  // Lines for EXPLAIN about what `filters` let the scan skip before it starts
  // ("files: 2 of 12 (partition filters)"); empty when nothing is known before the scan.
  virtual std::vector<std::string> ExplainFilters(const std::vector<TableFilter>& filters) const {
    return {};
  }
  // Lines for EXPLAIN ANALYZE about what a finished scan read and skipped ("row groups:
  // 3 of 40 read, 37 skipped by statistics"). Called once, after the scan's last Scan.
  virtual std::vector<std::string> ScanReport(const TableScanGlobalState& global) const {
    return {};
  }
  virtual std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const = 0;
  virtual void Scan(TableScanGlobalState& global, TableScanLocalState& local,
                    DataChunk& output) const = 0;
  // Upper bound on useful threads for this scan.
  virtual size_t MaxThreads(const TableScanGlobalState& global) const { return 1; }
  // Fraction of the input consumed, in [0, 1], or -1 when unknown.
  virtual double Progress(const TableScanGlobalState& global) const { return -1; }
  // The position in the input of the morsel the last Scan on `local` read from. Results
  // that are not reordered by the query keep the input's order by sorting on it.
  virtual idx_t BatchIndex(const TableScanLocalState& local) const { return 0; }
  // Estimated row count for the planner, or -1 when unknown.
  virtual double EstimatedRows() const { return -1; }
  // One line for EXPLAIN: "read_csv(data/*.csv: 3 files)".
  virtual std::string ToString() const = 0;

 protected:
  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
};

// Binds a table function call; returns an error naming the bad argument or option.
using TableFunctionBinder =
    std::function<Result<std::unique_ptr<TableScanBinding>>(const TableFunctionInput& input)>;

// TableFunctionRegistry maps lower-case names (read_csv, read_csv_auto) to binders, and
// file extensions to the table function that reads them when a path is used as a table
// ('data/*.csv', 'x.tsv.gz'). Built once; read-only afterwards.
class TableFunctionRegistry {
 public:
  static const TableFunctionRegistry& Get();

  void Register(const std::string& name, TableFunctionBinder binder);
  // `extension` without the dot, lower case: "csv", "tsv", "txt", "tbl".
  void RegisterExtension(const std::string& extension, const std::string& function_name);
  const TableFunctionBinder* Find(const std::string& name) const;
  // The function for a path, looking through compression suffixes (.gz, .zst). Falls back
  // to read_csv for unknown extensions.
  std::string FunctionForPath(const std::string& path) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, TableFunctionBinder> binders_;
  std::map<std::string, std::string> extensions_;
};

// Registration entry points, one per format.
void RegisterCsvTableFunctions(TableFunctionRegistry& registry);
// range(...) and generate_series(...).
void RegisterRangeTableFunctions(TableFunctionRegistry& registry);
void RegisterParquetTableFunctions(TableFunctionRegistry& registry);
void RegisterJsonTableFunctions(TableFunctionRegistry& registry);
// read_text_regex(...) and read_apache_log(...).
void RegisterTextRegexTableFunctions(TableFunctionRegistry& registry);

}  // namespace tarn
