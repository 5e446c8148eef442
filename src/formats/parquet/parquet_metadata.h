#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace tarn {

// The parts of the Parquet file metadata (the Thrift structures of the format's
// specification) that tarn reads. Field ids and enum values follow the specification;
// fields tarn does not need are skipped when parsing. Plain value types: copies are
// independent; thread safety as for any value.

enum class ParquetPhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ParquetConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class ParquetRepetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class ParquetEncoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class ParquetCodec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class ParquetPageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3
};

enum class ParquetTimeUnit { kMillis, kMicros, kNanos };

// The LogicalType union: which member is set, and the parameters of those that have any.
struct ParquetLogicalType {
  enum class Kind {
    kNone,
    kString,
    kMap,
    kList,
    kEnum,
    kDecimal,
    kDate,
    kTime,
    kTimestamp,
    kInteger,
    kUnknown,
    kJson,
    kBson,
    kUuid,
    kFloat16,
    kOther,
  };
  Kind kind = Kind::kNone;
  int32_t decimal_scale = 0;
  int32_t decimal_precision = 0;
  bool adjusted_to_utc = false;
  ParquetTimeUnit unit = ParquetTimeUnit::kMillis;
  int8_t bit_width = 0;
  bool is_signed = true;
};

struct ParquetSchemaElement {
  std::optional<ParquetPhysicalType> type;
  int32_t type_length = 0;
  std::optional<ParquetRepetition> repetition;
  std::string name;
  int32_t num_children = 0;
  std::optional<ParquetConvertedType> converted_type;
  int32_t scale = 0;
  int32_t precision = 0;
  std::optional<int32_t> field_id;
  ParquetLogicalType logical_type;
};

struct ParquetStatistics {
  std::optional<std::string> max;  // Deprecated signed-order fields.
  std::optional<std::string> min;
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
};

struct ParquetColumnMetaData {
  ParquetPhysicalType type = ParquetPhysicalType::kInt32;
  std::vector<ParquetEncoding> encodings;
  std::vector<std::string> path_in_schema;
  ParquetCodec codec = ParquetCodec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<ParquetStatistics> statistics;
};

struct ParquetColumnChunk {
  std::optional<std::string> file_path;
  int64_t file_offset = 0;
  std::optional<ParquetColumnMetaData> meta_data;
};

struct ParquetRowGroup {
  std::vector<ParquetColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
};

struct ParquetKeyValue {
  std::string key;
  std::optional<std::string> value;
};

struct ParquetFileMetaData {
  int32_t version = 0;
  std::vector<ParquetSchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<ParquetRowGroup> row_groups;
  std::vector<ParquetKeyValue> key_value_metadata;
  std::optional<std::string> created_by;
};

struct ParquetDataPageHeader {
  int32_t num_values = 0;
  ParquetEncoding encoding = ParquetEncoding::kPlain;
  ParquetEncoding definition_level_encoding = ParquetEncoding::kRle;
  ParquetEncoding repetition_level_encoding = ParquetEncoding::kRle;
};

struct ParquetDictionaryPageHeader {
  int32_t num_values = 0;
  ParquetEncoding encoding = ParquetEncoding::kPlain;
  bool is_sorted = false;
};

struct ParquetDataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  ParquetEncoding encoding = ParquetEncoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct ParquetPageHeader {
  ParquetPageType type = ParquetPageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<ParquetDataPageHeader> data_page_header;
  std::optional<ParquetDictionaryPageHeader> dictionary_page_header;
  std::optional<ParquetDataPageHeaderV2> data_page_header_v2;
};

// Parses the FileMetaData of a footer. Errors (kInvalidInput) say what is malformed and at
// which byte of `data`.
Result<ParquetFileMetaData> ParseParquetFileMetaData(const uint8_t* data, size_t size);

// Parses one page header at the start of `data`; `*header_size` receives its length in bytes.
Result<ParquetPageHeader> ParseParquetPageHeader(const uint8_t* data, size_t size,
                                                 size_t* header_size);

// Names as the specification spells them, for parquet_schema() and parquet_metadata().
const char* ParquetPhysicalTypeName(ParquetPhysicalType type);
const char* ParquetConvertedTypeName(ParquetConvertedType type);
const char* ParquetRepetitionName(ParquetRepetition repetition);
const char* ParquetEncodingName(ParquetEncoding encoding);
const char* ParquetCodecName(ParquetCodec codec);
// "STRING", "DECIMAL(10,2)", "TIMESTAMP(MICROS,true)", "INTEGER(8,false)", or "" for none.
std::string ParquetLogicalTypeToString(const ParquetLogicalType& type);

}  // namespace tarn
