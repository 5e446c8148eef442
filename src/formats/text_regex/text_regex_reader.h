#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "common/status.h"
#include "storage/compressed_stream.h"
#include "storage/file_system.h"
#include "vector/data_chunk.h"

namespace tarn {

// How the lines of a text file become rows.
enum class TextLineLayout : uint8_t {
  kRegex,      // Capture group i of `pattern` fills column i.
  kApacheLog,  // The columns of apache_log.h from a common or combined log line.
};

// TextRegexPlan is the immutable description of one read_text_regex / read_apache_log
// call, shared (read-only) by every scanner thread. A line that does not match the pattern
// (in full) gives a row of NULLs, as Hive's RegexSerDe does; an empty line gives no row.
struct TextRegexPlan {
  std::string function_name = "read_text_regex";  // For messages.
  TextLineLayout layout = TextLineLayout::kRegex;
  std::shared_ptr<const re2::RE2> pattern;  // Compiled; thread-safe to match with.
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  // A captured value that does not convert to its column's type skips the line (counted)
  // instead of failing the query.
  bool ignore_errors = false;
  uint64_t max_line_size = 2 * 1024 * 1024;
  Compression compression = Compression::kAuto;
};

// TextRegexScanner reads the lines of one file, or of one byte range of an uncompressed
// file, into DataChunks. A range [start, end) owns the lines that begin inside it: a
// scanner of a range that starts mid-file skips to the first line break at or after
// start - 1, and finishes the line that crosses `end`. Lines end at '\n' (a '\r' before it
// is dropped). Captured text converts to the column types with the rules of CAST; a value
// that does not convert throws TarnException(kInvalidInput) naming the file, line and
// column (or, with ignore_errors, drops the line and counts it).
// Thread safety: none; one scanner per thread. The plan must outlive the scanner.
class TextRegexScanner {
 public:
  // `output_columns[i]` is the plan column that fills output column i.
  static Result<std::unique_ptr<TextRegexScanner>> Open(const TextRegexPlan& plan,
                                                        const std::string& path, uint64_t start,
                                                        uint64_t end,
                                                        const std::vector<idx_t>& output_columns);
  ~TextRegexScanner();

  // Fills up to kVectorSize rows into `output` (initialized with the projected types);
  // returns the row count, 0 only when the range is done. The chunk comes back with a
  // selection when ignore_errors dropped some lines.
  idx_t Scan(DataChunk& output);

  bool finished() const { return finished_; }
  uint64_t skipped_lines() const { return skipped_lines_; }
  // Bytes of the file (compressed bytes for compressed files) consumed so far.
  uint64_t BytesConsumed() const;

  static constexpr uint64_t kEndOfFile = UINT64_MAX;

 private:
  enum class Conversion : uint8_t { kText, kCast, kApacheTime };
  struct Failure {
    idx_t row = 0;
    idx_t slot = 0;
    std::string text;
  };

  TextRegexScanner(const TextRegexPlan& plan, std::string path, uint64_t start, uint64_t end,
                   const std::vector<idx_t>& output_columns);
  Status Initialize();
  // The next line of the range (without its line break) and the offset where it starts;
  // false when the range has no more lines. The view is valid until the next call.
  bool NextLine(std::string_view* line, uint64_t* offset);
  // Like NextLine, ignoring the range end.
  bool ReadLine(std::string_view* line, uint64_t* offset);
  // Reads more bytes after the unconsumed tail; false at the end of the source.
  bool ReadMore();
  // Splits a line into per-plan-column texts (nullopt: NULL). False when it does not match.
  bool ParseLine(std::string_view line);
  // 1-based line number in the file of row `row` of the current batch.
  uint64_t LineNumberOf(idx_t row) const;
  idx_t ScanBatch(DataChunk& output);

  const TextRegexPlan& plan_;
  std::string path_;
  uint64_t range_start_;
  uint64_t range_end_;
  std::vector<idx_t> output_columns_;
  std::vector<Conversion> conversions_;  // Per output slot.
  std::vector<Vector> staging_;          // Per output slot: the text of kCast columns.

  std::unique_ptr<InputStream> stream_;     // Whole files, possibly compressed.
  std::unique_ptr<RandomAccessFile> file_;  // Ranges of uncompressed files.
  uint64_t read_offset_ = 0;                // Next offset to read from file_.
  bool source_exhausted_ = false;
  bool finished_ = false;

  std::string buffer_;
  size_t size_ = 0;
  size_t position_ = 0;
  size_t searched_ = 0;         // buffer_[position_, searched_) has no '\n'.
  uint64_t buffer_offset_ = 0;  // Offset in the (decompressed) file of buffer_[0].
  uint64_t lines_read_ = 0;     // Lines of the range read so far.

  std::vector<re2::StringPiece> groups_;                 // Capture groups of one line.
  std::vector<std::optional<std::string_view>> fields_;  // Per plan column, for one line.
  std::vector<uint64_t> row_lines_;                      // Per batch row: lines_read_ at that row.
  std::vector<uint64_t> row_offsets_;                    // Per batch row: the line's offset.
  uint64_t skipped_lines_ = 0;
};

}  // namespace tarn
