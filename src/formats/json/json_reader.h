#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/json/json_document.h"
#include "formats/json/json_options.h"
#include "formats/json/json_record_reader.h"
#include "formats/json/json_vector_writer.h"
#include "vector/data_chunk.h"

namespace tarn {

// JsonScanPlan is the immutable description of how to read the files of one read_json
// call, shared (read-only) by every scanner thread.
struct JsonScanPlan {
  std::vector<JsonFormat> file_formats;  // Per file, resolved (never kAuto).
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  // True: each record is an object whose members fill the columns of the same name.
  // False: one column ("json") holds each whole record.
  bool records_are_objects = true;
  bool types_inferred = true;  // Whether types came from a sample (for error hints).
  // Members match columns ignoring ASCII case when no column has exactly their name.
  bool case_insensitive = false;
  int64_t sample_size = 0;
  bool ignore_errors = false;
  uint64_t maximum_object_size = 16 * 1024 * 1024;
  Compression compression = Compression::kAuto;
};

// JsonScanner reads the records of one file, or of one byte range of an uncompressed
// newline-delimited file, into DataChunks: each record is parsed with simdjson and its
// members are converted to the plan's column types by JsonVectorWriter (objects into
// STRUCT and MAP columns, arrays into LIST columns, anything into VARCHAR columns as text);
// missing members are NULL, and members that no column names are ignored.
// Errors (malformed records, records over maximum_object_size, values that do not fit
// their column) throw TarnException(kInvalidInput) naming the file, byte offset, record
// number when known, and the field; with ignore_errors such records are skipped and
// counted instead.
// Thread safety: none; one scanner per thread. The plan must outlive the scanner.
class JsonScanner {
 public:
  static constexpr idx_t kSkipColumn = UINT64_MAX;

  // `output_columns[i]` is the plan column that fills output column i, or kSkipColumn for
  // an output column the caller fills (the file name).
  static Result<std::unique_ptr<JsonScanner>> Open(const JsonScanPlan& plan,
                                                   const std::string& path, JsonFormat format,
                                                   uint64_t start, uint64_t end,
                                                   const std::vector<idx_t>& output_columns);

  // Fills up to kVectorSize rows into `output` (freshly Reset, with the output types);
  // returns the row count, 0 when the input is done.
  idx_t Scan(DataChunk& output);

  bool finished() const { return finished_; }
  uint64_t skipped_records() const { return skipped_records_; }
  uint64_t BytesConsumed() const { return reader_->BytesConsumed(); }

 private:
  JsonScanner(const JsonScanPlan& plan, const std::vector<idx_t>& output_columns);
  // Fills row `row` from the record; false (after counting it) when ignore_errors skips it.
  bool ReadRecord(const JsonRecord& record, DataChunk& output, idx_t row);
  // Throws, or counts the record as skipped under ignore_errors.
  void RejectRecord(const JsonRecord& record, const std::string& problem);
  // A value of the record did not fit its column: `writer` holds where and why.
  void RejectValue(const JsonRecord& record, std::string_view field,
                   const JsonVectorWriter& writer);
  std::string Location(const JsonRecord& record) const;
  int64_t SlotOf(std::string_view key);

  const JsonScanPlan& plan_;
  std::string path_;
  std::unique_ptr<JsonRecordReader> reader_;
  JsonDocumentParser parser_;
  std::vector<idx_t> output_columns_;
  std::vector<JsonVectorWriter> writers_;  // Per output slot (unused for kSkipColumn).
  std::vector<int64_t> column_to_slot_;    // Per plan column: output slot or -1.
  std::unordered_map<std::string_view, idx_t> column_index_;
  std::unordered_map<std::string, idx_t> lower_column_index_;  // With case_insensitive.
  std::string scratch_key_;
  idx_t next_column_ = 0;  // The plan column expected next (members usually come in order).
  std::vector<uint64_t> slot_generation_;
  uint64_t generation_ = 0;
  std::string scratch_;
  uint64_t skipped_records_ = 0;
  bool finished_ = false;
};

// The outcome of sniffing: the resolved format and the inferred (or declared) schema.
struct JsonSchema {
  std::vector<JsonFormat> file_formats;  // Per file.
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  bool records_are_objects = true;
  uint64_t sampled_records = 0;
  uint64_t sampled_bytes = 0;
};

// Detects the format of each file (when options.format is kAuto) from its first non-blank
// byte: '[' is an array; otherwise the file is newline-delimited if its first record
// ends on its first line, and unstructured if not. Then infers the columns from the first
// sample_size records of the files, in order (unless options.columns declares them): the
// union of the members of object records in first-seen order, each typed by
// JsonTypeNode. Records that are not objects give one column "json".
Result<JsonSchema> SniffJson(const std::vector<std::string>& files, const JsonReadOptions& options);

}  // namespace tarn
