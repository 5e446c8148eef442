#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/format_writer.h"
#include "storage/block_codec.h"

namespace tarn {

// How COPY ... (FORMAT parquet) lays out a file.
struct ParquetWriteOptions {
  BlockCodec compression = BlockCodec::kSnappy;
  int64_t row_group_size = 122880;
  // A column chunk is dictionary-encoded only while its dictionary (plain-encoded) stays
  // within this many bytes, its values repeat at least 5 times on average, and the result
  // is smaller than PLAIN; otherwise it falls back to PLAIN.
  int64_t dictionary_size_limit = 1 << 20;
};

// ParquetWriter writes Parquet files: one row group per encoded block, one column chunk per
// column with all columns OPTIONAL (NULLs as definition levels, RLE). A column chunk is
// RLE_DICTIONARY encoded (with a PLAIN dictionary page) when that is smaller than PLAIN and
// its dictionary stays within the limits; otherwise PLAIN. Data pages are version 1, cut at
// about 1 MiB. Each column chunk carries min/max/null_count statistics (both the deprecated
// min/max and min_value/max_value) in the column type's sort order.
// Types: BOOLEAN, INTEGER -> INT32, BIGINT -> INT64, DOUBLE, VARCHAR -> BYTE_ARRAY (STRING),
// DATE -> INT32 (DATE), TIMESTAMP -> INT64 TIMESTAMP(MICROS, not adjusted to UTC),
// DECIMAL(p<=9) -> INT32, p<=18 -> INT64, wider -> FIXED_LEN_BYTE_ARRAY(16), all with the
// DECIMAL logical type; INTERVAL -> FIXED_LEN_BYTE_ARRAY(12) with the INTERVAL converted
// type (months, days, milliseconds: microseconds are truncated to milliseconds).
// Nested types: LIST as `optional group (LIST) { repeated group list { optional element } }`,
// MAP as `optional group (MAP) { repeated group key_value { required key; optional value } }`
// and STRUCT as an optional group; each leaf is a column chunk with definition and
// repetition levels and its own statistics, and data pages end at record boundaries.
// Thread safety: see FileFormatWriter. Immutable after Create.
class ParquetWriter : public FileFormatWriter {
 public:
  // Options: COMPRESSION (CODEC) snappy|zstd|gzip|lz4_raw|uncompressed, ROW_GROUP_SIZE,
  // DICTIONARY_SIZE_LIMIT.
  static Result<std::unique_ptr<ParquetWriter>> Create(std::vector<std::string> names,
                                                       std::vector<LogicalType> types,
                                                       const std::vector<WriterOption>& options);

  std::string FileExtension() const override { return "parquet"; }
  idx_t RowsPerBlock() const override { return static_cast<idx_t>(options_.row_group_size); }
  std::unique_ptr<EncodedBlock> Encode(const std::vector<DataChunk>& chunks) const override;
  std::unique_ptr<FileWriteState> BeginFile(OutputFile& file) const override;
  void AppendBlock(FileWriteState& state, OutputFile& file, EncodedBlock& block) const override;
  void FinishFile(FileWriteState& state, OutputFile& file) const override;

  const ParquetWriteOptions& options() const { return options_; }

 private:
  ParquetWriter(std::vector<std::string> names, std::vector<LogicalType> types,
                ParquetWriteOptions options)
      : names_(std::move(names)), types_(std::move(types)), options_(options) {}

  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  ParquetWriteOptions options_;
};

}  // namespace tarn
