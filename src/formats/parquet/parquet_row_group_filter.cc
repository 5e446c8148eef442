#include "formats/parquet/parquet_row_group_filter.h"

namespace tarn {

namespace {

// Whether the type-defined order of min_value / max_value is the order tarn compares the
// column's values in.
bool HasComparableOrder(ParquetConversion conversion) {
  using C = ParquetConversion;
  switch (conversion) {
    case C::kBoolean:
    case C::kInt32:
    case C::kUint32:
    case C::kInt32ToDecimal64:
    case C::kInt32ToDecimal128:
    case C::kInt64:
    case C::kInt64ToDecimal128:
    case C::kUint64:
    case C::kInt64MillisToMicros:
    case C::kInt64NanosToMicros:
    case C::kFloat:
    case C::kDouble:
    case C::kString:
    case C::kBinaryToDecimal64:
    case C::kBinaryToDecimal128:
      return true;
    default:
      // INT96 and INTERVAL have no defined order; TIME, UUID and FLOAT16 are read as text or
      // rounded values whose order tarn does not rely on.
      return false;
  }
}

// Whether the deprecated min / max fields (signed comparison of the physical value) are
// in the column's order too.
bool DeprecatedFieldsUsable(ParquetConversion conversion) {
  using C = ParquetConversion;
  switch (conversion) {
    case C::kBoolean:
    case C::kInt32:
    case C::kInt32ToDecimal64:
    case C::kInt32ToDecimal128:
    case C::kInt64:
    case C::kInt64ToDecimal128:
    case C::kInt64MillisToMicros:
    case C::kInt64NanosToMicros:
    case C::kFloat:
    case C::kDouble:
      return true;
    default:
      return false;
  }
}

std::optional<Value> Decode(const ParquetColumn& column, const std::string& bytes) {
  Value value = ParquetStatisticValue(column, bytes);
  if (value.is_null() || !(value.type() == column.type)) return std::nullopt;
  return value;
}

}  // namespace

ParquetChunkStatistics ReadParquetChunkStatistics(const ParquetColumn& column,
                                                  const ParquetColumnChunk& chunk) {
  ParquetChunkStatistics result;
  if (column.nested() || !column.unsupported.empty() || column.leaf_count != 1 ||
      column.max_repetition_level > 0 || !chunk.meta_data || !chunk.meta_data->statistics) {
    return result;
  }
  const ParquetStatistics& statistics = *chunk.meta_data->statistics;
  if (statistics.null_count && *statistics.null_count >= 0) {
    result.null_count = statistics.null_count;
  }
  if (!HasComparableOrder(column.conversion)) return result;
  std::optional<Value> min, max;
  if (statistics.min_value && statistics.max_value) {
    min = Decode(column, *statistics.min_value);
    max = Decode(column, *statistics.max_value);
  } else if (statistics.min && statistics.max && DeprecatedFieldsUsable(column.conversion)) {
    min = Decode(column, *statistics.min);
    max = Decode(column, *statistics.max);
  }
  if (!min || !max) return result;
  std::optional<int> order = CompareScalarValues(*min, *max);
  if (!order || *order > 0) return result;  // NaN or inverted bounds: not trusted.
  result.min = std::move(min);
  result.max = std::move(max);
  return result;
}

bool ParquetRowGroupMayMatch(const ParquetFile& file, idx_t row_group,
                             const std::vector<TableFilter>& filters,
                             const std::vector<idx_t>& file_columns) {
  const auto& groups = file.metadata().row_groups;
  if (row_group >= groups.size()) return true;
  const ParquetRowGroup& group = groups[row_group];
  for (const TableFilter& filter : filters) {
    if (filter.column >= file_columns.size()) continue;
    idx_t index = file_columns[filter.column];
    if (index >= file.columns().size()) continue;
    const ParquetColumn& column = file.columns()[index];
    if (column.first_leaf >= group.columns.size()) continue;
    ParquetChunkStatistics statistics =
        ReadParquetChunkStatistics(column, group.columns[column.first_leaf]);
    if (!filter.MayMatch(statistics.min, statistics.max, statistics.null_count, group.num_rows)) {
      return false;
    }
  }
  return true;
}

}  // namespace tarn
