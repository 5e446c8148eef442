#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "formats/csv/csv_options.h"
#include "storage/compressed_stream.h"
#include "storage/file_system.h"
#include "vector/data_chunk.h"

namespace tarn {

// CsvScanPlan is the immutable description of how to read the files of one read_csv call,
// shared (read-only) by every scanner thread.
struct CsvScanPlan {
  CsvDialect dialect;
  bool header = false;
  int64_t skip_rows = 0;
  uint64_t physical_columns = 0;   // Fields per row in the file.
  std::vector<std::string> names;  // The CSV columns (first names.size() fields).
  std::vector<LogicalType> types;
  std::vector<bool> sniffed_types;  // Whether types[i] came from a sample (for error hints).
  std::string null_string;
  bool null_padding = false;
  bool ignore_errors = false;
  uint64_t max_line_size = 2 * 1024 * 1024;
  Compression compression = Compression::kAuto;
};

// CsvBlockPool keeps a few read blocks for reuse, so that scanning does not pay for fresh
// memory (and its page faults) per block. A block is handed out again only once the pool
// holds its last reference, i.e. no scanner and no output vector (whose strings may point
// into it) still uses it; a pool full of blocks in use hands out unpooled ones.
// Thread safety: none; one pool per thread, shared by the scanners it runs one at a time.
// Blocks may be released on other threads.
class CsvBlockPool {
 public:
  // A block of at least `capacity` + 1 bytes that nothing else references, uninitialized.
  std::shared_ptr<char[]> Acquire(size_t capacity);

 private:
  struct Block {
    std::shared_ptr<char[]> data;
    size_t capacity = 0;
  };
  std::vector<Block> blocks_;
};

// CsvScanner parses one file, or one byte range of an uncompressed file, into DataChunks.
// A range [start, end) owns the rows that begin inside it: a scanner of a range that starts
// mid-file skips to the first line break at or after start - 1, and finishes the row that
// crosses `end`. Only the columns in `output_columns` are converted; the other fields are
// only delimited. Strings of VARCHAR columns point into the read buffers, which the output
// vectors keep alive.
// Errors (bad values, ragged rows, unterminated quotes, lines over max_line_size) throw
// TarnException(kInvalidInput) naming the file and line; with ignore_errors the bad rows
// are skipped instead.
// Thread safety: none; one scanner per thread. The plan must outlive the scanner.
class CsvScanner {
 public:
  // `output_columns[i]` is the CSV column that fills output column i, or kSkipColumn for
  // an output column the caller fills (the file name). Read blocks come from `pool` when
  // given (which must outlive the scanner), else from a pool of the scanner's own.
  static Result<std::unique_ptr<CsvScanner>> Open(const CsvScanPlan& plan, const std::string& path,
                                                  uint64_t start, uint64_t end,
                                                  const std::vector<idx_t>& output_columns,
                                                  CsvBlockPool* pool = nullptr);
  ~CsvScanner();

  // Fills up to kVectorSize rows into the columns of `output` (which must be freshly Reset
  // and have the plan's types); returns the row count, 0 when done or when ignore_errors
  // dropped every row of the batch (check finished()). The chunk comes back with a
  // selection when ignore_errors dropped some rows.
  idx_t Scan(DataChunk& output);

  bool finished() const { return finished_; }
  // Bytes of the file (or compressed bytes) consumed so far.
  uint64_t BytesConsumed() const;
  const std::string& path() const { return path_; }

  // Whole-file range end.
  static constexpr uint64_t kEndOfFile = UINT64_MAX;
  static constexpr idx_t kSkipColumn = UINT64_MAX;

 private:
  struct FieldSlice {
    const char* data;
    uint32_t length;
    uint32_t flags;
  };
  enum class RowResult : uint8_t { kRow, kEmpty, kNeedMore, kEnd };

  CsvScanner(const CsvScanPlan& plan, std::string path, uint64_t start, uint64_t end,
             const std::vector<idx_t>& output_columns);
  Status Initialize();
  // Reads the next block, keeping the unparsed tail [position_, size_) at the front.
  void Refill();
  size_t ReadSource(char* target, size_t size);
  RowResult ParseRow(idx_t row, idx_t* field_count, bool* malformed);
  // The fast path of a block without quote characters and carriage returns: splits whole
  // rows of exactly physical_columns fields into rows [row, limit) by walking the
  // delimiter/newline bitmask, and returns the next free row. It stops before any row that
  // ParseRow must see (an empty, ragged or overlong row, the unfinished last row of the
  // block, or the end of the range), so results and errors are ParseRow's.
  idx_t ParseQuoteFreeRows(idx_t row, idx_t limit);
  // Moves past the next '\n'. False at the end of the input, or when `limit` bytes pass
  // without one.
  bool SkipLine(uint64_t limit = std::numeric_limits<uint64_t>::max());
  void ConvertColumn(idx_t slot, Vector& vector, idx_t rows, std::vector<bool>* dropped,
                     bool* any_dropped);
  [[noreturn]] void ThrowRowError(uint64_t row_offset, const std::string& message) const;
  uint64_t LineNumberAt(uint64_t offset) const;
  std::string ColumnLabel(idx_t csv_column) const;

  const CsvScanPlan& plan_;
  std::string path_;
  uint64_t range_start_;
  uint64_t range_end_;
  std::vector<idx_t> output_columns_;
  std::vector<int32_t> field_to_slot_;  // Per physical field: output slot or -1.

  std::unique_ptr<RandomAccessFile> file_;
  std::unique_ptr<InputStream> stream_;
  uint64_t read_offset_ = 0;  // Next file offset to read (random access).
  bool source_exhausted_ = false;
  bool finished_ = false;

  CsvBlockPool own_pool_;
  CsvBlockPool* pool_ = &own_pool_;

  std::shared_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  bool quote_free_ = false;  // buffer_[0, size_) has no quote character and no '\r'.
  size_t size_ = 0;
  size_t position_ = 0;
  uint64_t buffer_offset_ = 0;  // File offset of buffer_[0] (decompressed).
  std::vector<std::shared_ptr<char[]>> batch_buffers_;

  void ComputeSpecialMasks();
  // The next delimiter or line break at or after `p` (the sentinel at size_ ends the search).
  const char* NextSpecial(const char* p) const {
    size_t position = static_cast<size_t>(p - buffer_.get());
    size_t block = position >> 6;
    uint64_t mask = special_masks_[block] & (~uint64_t(0) << (position & 63));
    while (mask == 0) mask = special_masks_[++block];
    return buffer_.get() + (block << 6) + __builtin_ctzll(mask);
  }

  bool special_[256];
  // Bit i of word w is set when buffer_[64 * w + i] is a delimiter or line break.
  std::vector<uint64_t> special_masks_;
  // Per output slot, kVectorSize rows; rows are written before they are read.
  std::vector<std::unique_ptr<FieldSlice[]>> fields_;
  std::vector<uint64_t> row_offsets_;
  std::vector<uint32_t> keep_rows_;
  std::string scratch_;
  const char* bad_detail_ = nullptr;
  char bad_character_ = 0;
  int64_t bad_field_ = -1;
};

}  // namespace tarn
