// libFuzzer target: the Parquet footer decoder. The input is the Thrift-encoded FileMetaData
// of a footer; the parsed schema is mapped to columns (nested ones included) and every
// statistic is decoded as the column's type, as a scan with pruning would. The same bytes are
// also parsed as a page header.

#include <cstddef>
#include <cstdint>

#include "common/exception.h"
#include "formats/parquet/parquet_metadata.h"
#include "formats/parquet/parquet_reader.h"

namespace {

void DecodeStatistics(const tarn::ParquetFileMetaData& metadata,
                      const std::vector<tarn::ParquetColumn>& columns) {
  std::vector<const tarn::ParquetColumn*> leaves = tarn::ParquetLeafColumns(columns);
  for (const tarn::ParquetRowGroup& group : metadata.row_groups) {
    for (size_t c = 0; c < group.columns.size() && c < leaves.size(); c++) {
      const auto& chunk = group.columns[c];
      if (leaves[c] == nullptr || !chunk.meta_data || !chunk.meta_data->statistics) continue;
      const tarn::ParquetStatistics& statistics = *chunk.meta_data->statistics;
      for (const auto* bytes :
           {&statistics.min, &statistics.max, &statistics.min_value, &statistics.max_value}) {
        if (*bytes) tarn::ParquetStatisticValue(*leaves[c], **bytes).ToString();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto metadata = tarn::ParseParquetFileMetaData(data, size);
    if (metadata.ok()) {
      auto columns = tarn::BuildParquetColumns(metadata.value());
      if (columns.ok()) DecodeStatistics(metadata.value(), columns.value());
    }
    size_t header_size = 0;
    auto header = tarn::ParseParquetPageHeader(data, size, &header_size);
    if (header.ok() && header_size > size) __builtin_trap();
  } catch (const tarn::TarnException& error) {
    // Corrupt input may be refused by throwing; internal errors are bugs.
    if (error.code() == tarn::ErrorCode::kInternal) __builtin_trap();
  }
  return 0;
}
