#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/arena.h"
#include "formats/parquet/parquet_encoding.h"
#include "formats/parquet/parquet_metadata.h"
#include "storage/block_codec.h"
#include "storage/file_system.h"
#include "types/value.h"
#include "vector/vector.h"

namespace tarn {

// How the physical values of a leaf column become values of its tarn type. The column
// reader dispatches on this once per batch, never per value.
enum class ParquetConversion : uint8_t {
  kBoolean,              // BOOLEAN -> BOOLEAN
  kInt32,                // INT32 -> INTEGER / DATE
  kUint32,               // INT32 holding UINT32 -> BIGINT
  kInt32ToDecimal64,     // INT32 unscaled decimal -> DECIMAL(p <= 18)
  kInt32ToDecimal128,    // INT32 unscaled decimal -> DECIMAL(p > 18)
  kInt64,                // INT64 -> BIGINT / TIMESTAMP(micros) / DECIMAL(p <= 18)
  kInt64ToDecimal128,    // INT64 unscaled decimal -> DECIMAL(p > 18)
  kUint64,               // INT64 holding UINT64 -> DECIMAL(20,0)
  kInt64MillisToMicros,  // TIMESTAMP(MILLIS) -> TIMESTAMP
  kInt64NanosToMicros,   // TIMESTAMP(NANOS) -> TIMESTAMP
  kInt32TimeMillis,      // TIME(MILLIS) -> VARCHAR 'HH:MM:SS.fff'
  kInt64TimeMicros,      // TIME(MICROS) -> VARCHAR
  kInt64TimeNanos,       // TIME(NANOS) -> VARCHAR
  kInt96,                // INT96 (Julian day + nanoseconds) -> TIMESTAMP
  kFloat,                // FLOAT -> DOUBLE
  kDouble,               // DOUBLE -> DOUBLE
  kString,               // BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY -> VARCHAR (bytes as they are)
  kUuid,                 // FIXED_LEN_BYTE_ARRAY(16) UUID -> VARCHAR canonical text
  kBinaryToDecimal64,    // big-endian two's complement bytes -> DECIMAL(p <= 18)
  kBinaryToDecimal128,   // big-endian two's complement bytes -> DECIMAL(p > 18)
  kFloat16,              // FIXED_LEN_BYTE_ARRAY(2) FLOAT16 -> DOUBLE
  kInterval,             // FIXED_LEN_BYTE_ARRAY(12) INTERVAL -> INTERVAL
};

struct ParquetField;
class ParquetRecordAssembler;

// One top-level field of a Parquet schema as tarn sees it. A flat field maps to one leaf
// column chunk, described by the members below. A nested field (a group, a LIST, a MAP or a
// repeated field) spans several leaves: `field` then holds its tree, whose leaves are
// ParquetColumns of their own (named by their dotted path), and the members that describe
// one leaf (conversion, element, levels) are unused.
struct ParquetColumn {
  std::string name;
  LogicalType type;
  ParquetConversion conversion = ParquetConversion::kString;
  ParquetSchemaElement element;  // The leaf's schema element (the field itself when flat).
  idx_t first_leaf = 0;          // Index of its first column chunk in a row group.
  idx_t leaf_count = 1;
  int max_definition_level = 0;
  int max_repetition_level = 0;
  std::string unsupported;  // Non-empty: the error to give when the column is read.
  std::shared_ptr<const ParquetField> field;  // Nested columns only.

  bool nested() const { return field != nullptr; }
};

// One node of a nested column's tree, built from the schema by the format's rules
// (including the backward-compatible two-level lists and repeated fields without a LIST
// annotation, which read as lists of required elements). Levels follow the Dremel
// encoding: a value of this node exists in a record where a leaf's definition level is at
// least `definition_level`. Immutable once built.
struct ParquetField {
  enum class Kind : uint8_t { kLeaf, kStruct, kList };
  Kind kind = Kind::kLeaf;
  std::string name;
  LogicalType type;  // LIST and MAP are both Kind::kList (a MAP's element is the key/value struct).
  int definition_level = 0;
  // kList: the definition level at which a list has at least one element (one more than
  // definition_level), and the repetition level of its elements.
  int element_definition_level = 0;
  int repetition_level = 0;
  std::vector<ParquetField> children;  // kStruct: fields; kList: the element.
  ParquetColumn leaf;                  // kLeaf: the column chunk it reads.
};

// The leaf columns of `columns` in column chunk order: a flat column is its own leaf.
std::vector<const ParquetColumn*> ParquetLeafColumns(const std::vector<ParquetColumn>& columns);

// Maps a parsed schema to tarn columns, or an error naming the malformed element.
Result<std::vector<ParquetColumn>> BuildParquetColumns(const ParquetFileMetaData& metadata);

// A min/max statistic (PLAIN-encoded bytes) as a value of the column's tarn type, or a
// NULL VARCHAR when the bytes do not have the expected length.
Value ParquetStatisticValue(const ParquetColumn& column, std::string_view bytes);

// ParquetFile is one opened Parquet file: its footer metadata and derived columns.
// Thread safety: immutable after Open; the file handle's ReadAt is safe from several
// threads, so one ParquetFile serves every thread of a scan.
class ParquetFile {
 public:
  // Opens `path`, checks the magic bytes and parses the footer. Errors name the file.
  static Result<std::shared_ptr<ParquetFile>> Open(const std::string& path);

  const std::string& path() const { return file_->path(); }
  uint64_t size() const { return file_->size(); }
  const ParquetFileMetaData& metadata() const { return metadata_; }
  const std::vector<ParquetColumn>& columns() const { return columns_; }
  const RandomAccessFile& file() const { return *file_; }

 private:
  ParquetFile() = default;
  std::unique_ptr<RandomAccessFile> file_;
  ParquetFileMetaData metadata_;
  std::vector<ParquetColumn> columns_;
};

// ParquetColumnReader reads the values of one flat column in one row group, batch by
// batch, straight into Vector buffers. Pages are decompressed once; strings are views into
// the decompressed page (or the dictionary page), kept alive through Vector::KeepAlive.
// The dictionary of the chunk is decoded once, into values of the output type.
// Levels are decoded with the general RLE decoder so that record assembly for nested
// columns (repetition levels) can be added on top of NextPage / the level buffers.
// Errors throw TarnException (kInvalidInput / kIo) naming the file, row group, column and
// byte offset. Thread safety: none; one reader per thread.
class ParquetColumnReader {
 public:
  // Reads the column chunk's bytes from the file.
  ParquetColumnReader(std::shared_ptr<const ParquetFile> file, idx_t row_group,
                      const ParquetColumn& column);

  ~ParquetColumnReader();

  // Reads the next `count` rows into output[0, count) (output must have room for them).
  // Nested columns are assembled from the levels of all their leaves.
  void Read(idx_t count, Vector& output);

  // For one leaf of a nested column: reads the level entries of the next `records` records
  // into output[0, n), growing it as needed (NULL where an entry has no value), appends
  // their definition and repetition levels, and returns n.
  idx_t ReadRecords(idx_t records, Vector& output, std::vector<uint8_t>* definition,
                    std::vector<uint8_t>* repetition);

  [[noreturn]] void FailCorrupt(const std::string& why) const;

 private:
  void Dispatch(idx_t count, Vector& output, std::vector<uint8_t>* definition,
                std::vector<uint8_t>* repetition, idx_t* entries);
  template <class Physical, class Output, class Convert>
  void ReadWith(idx_t count, Vector& output, std::vector<uint8_t>* definition,
                std::vector<uint8_t>* repetition, idx_t* entries, Convert convert);
  template <class Physical, class Output, class Convert>
  idx_t ReadRecordsTyped(idx_t records, Vector& output, std::vector<uint8_t>* definition,
                         std::vector<uint8_t>* repetition, Convert convert);
  template <class Physical, class Output, class Convert>
  void ReadPageEntries(idx_t batch, Vector& output, idx_t offset,
                       const std::shared_ptr<Arena>& batch_arena, Convert& convert);
  void BufferPageLevels(idx_t num_values);
  template <class Physical, class Output, class Convert>
  void ReadTyped(idx_t count, Vector& output, Convert convert);
  template <class Physical, class Output, class Convert>
  void DecodeValues(Output* target, idx_t count, Convert& convert);
  template <class Physical>
  void DecodePhysical(Physical* target, idx_t count);
  template <class Physical, class Output, class Convert>
  void DecodeDictionary(const uint8_t* data, size_t size, idx_t count, Convert convert);

  template <class Physical, class Output, class Convert>
  void NextPage(Convert& convert);
  void PrepareDataPage(const uint8_t* values, size_t values_size, idx_t num_values,
                       ParquetEncoding encoding);
  const uint8_t* DecompressPage(const ParquetPageHeader& header, const uint8_t* data,
                                size_t compressed_size, size_t uncompressed_size);
  [[noreturn]] void Fail(const std::string& why) const;
  std::string Where() const;

  std::shared_ptr<const ParquetFile> file_;
  idx_t row_group_;
  const ParquetColumn& column_;
  BlockCodec codec_ = BlockCodec::kUncompressed;
  uint64_t chunk_offset_ = 0;  // File offset of chunk_[0].
  std::shared_ptr<uint8_t[]> chunk_;
  size_t chunk_size_ = 0;
  size_t chunk_position_ = 0;
  size_t page_offset_ = 0;  // Chunk position of the current page header, for errors.
  int64_t values_remaining_in_chunk_ = 0;

  // Current data page.
  std::shared_ptr<void> page_owner_;  // Keeps the decompressed page alive.
  idx_t page_values_left_ = 0;
  ParquetEncoding page_encoding_ = ParquetEncoding::kPlain;
  bool page_is_dictionary_encoded_ = false;
  RleBitPackedDecoder definition_levels_;
  const uint8_t* values_ = nullptr;  // PLAIN / BYTE_STREAM_SPLIT data of the page.
  size_t values_size_ = 0;
  size_t values_position_ = 0;
  idx_t page_value_index_ = 0;      // Non-null values consumed from the page.
  idx_t page_value_count_ = 0;      // Non-null values the page holds (BYTE_STREAM_SPLIT).
  uint64_t boolean_bit_ = 0;        // PLAIN booleans: next bit.
  RleBitPackedDecoder rle_values_;  // Dictionary indices or RLE booleans.
  std::unique_ptr<DeltaBinaryPackedDecoder> delta_;
  std::vector<std::string_view> page_strings_;  // DELTA_(LENGTH_)BYTE_ARRAY values.
  std::shared_ptr<std::string> page_string_storage_;

  // Dictionary of the chunk, as values of the output type.
  std::vector<uint8_t> dictionary_;
  idx_t dictionary_size_ = 0;
  std::shared_ptr<void> dictionary_owner_;
  std::shared_ptr<Arena> dictionary_arena_;

  // Nested leaves: the levels of the whole current page, decoded when it is loaded.
  RleBitPackedDecoder repetition_levels_;
  std::vector<uint8_t> page_definition_levels_;
  std::vector<uint8_t> page_repetition_levels_;
  idx_t page_level_position_ = 0;
  bool buffer_levels_ = false;  // Set by ReadRecords.
  idx_t chunk_entries_read_ = 0;

  // Nested columns: the readers of the leaves and the assembly of their levels.
  std::unique_ptr<ParquetRecordAssembler> assembler_;

  std::vector<uint8_t> definition_buffer_;
  std::vector<uint32_t> index_buffer_;
  std::vector<uint8_t> scratch_;  // Non-null values before they are spread over NULLs.
  std::vector<uint8_t> physical_scratch_;
};

}  // namespace tarn
