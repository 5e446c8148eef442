#pragma once

#include <optional>
#include <vector>

#include "formats/parquet/parquet_reader.h"
#include "function/table_filter.h"

namespace tarn {

// The statistics of one column chunk that row-group pruning may trust, as values of the
// column's tarn type. min / max are absent when the file has none, when their order is not
// the type's order (the deprecated min/max fields of strings, unsigned integers and
// decimals stored as bytes were written in signed byte order; INT96 and INTERVAL have no
// defined order), when they do not decode, or when min > max.
struct ParquetChunkStatistics {
  std::optional<Value> min;
  std::optional<Value> max;
  std::optional<int64_t> null_count;
};

ParquetChunkStatistics ReadParquetChunkStatistics(const ParquetColumn& column,
                                                  const ParquetColumnChunk& chunk);

// Whether row group `row_group` of `file` may hold a row that satisfies every filter.
// `file_columns[c]` is the index in file.columns() of the binding's column c, for the
// first file_columns.size() binding columns; filters on other columns are ignored.
// Nested columns and columns without usable statistics never exclude a row group.
bool ParquetRowGroupMayMatch(const ParquetFile& file, idx_t row_group,
                             const std::vector<TableFilter>& filters,
                             const std::vector<idx_t>& file_columns);

}  // namespace tarn
