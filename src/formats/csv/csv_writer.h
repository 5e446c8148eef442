#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/format_writer.h"
#include "storage/block_codec.h"

namespace tarn {

// How COPY ... (FORMAT csv) writes text.
struct CsvWriteOptions {
  char delimiter = ',';
  char quote = '"';
  char escape = '"';
  bool header = true;
  std::string null_string;
  // kUncompressed, kGzip or kZstd; each encoded block is its own gzip member / zstd frame,
  // which concatenate into one valid stream.
  BlockCodec compression = BlockCodec::kUncompressed;
};

// CsvWriter writes rows as RFC 4180 text: one line per row ending in '\n', fields joined
// by the delimiter, NULL as the null string (empty by default), and a field quoted when it
// contains the delimiter, the quote or escape character or a line break, or equals the
// null string (so an empty string stays distinguishable from NULL). Dates, timestamps,
// decimals and intervals use the same text as tarn's results.
// Thread safety: see FileFormatWriter. Immutable after Create.
class CsvWriter : public FileFormatWriter {
 public:
  // Options: DELIMITER (DELIM, SEP), QUOTE, ESCAPE, HEADER, NULLSTR (NULL), COMPRESSION.
  static Result<std::unique_ptr<CsvWriter>> Create(std::vector<std::string> names,
                                                   std::vector<LogicalType> types,
                                                   const std::vector<WriterOption>& options);

  std::string FileExtension() const override;
  idx_t RowsPerBlock() const override { return 32768; }
  std::unique_ptr<EncodedBlock> Encode(const std::vector<DataChunk>& chunks) const override;
  std::unique_ptr<FileWriteState> BeginFile(OutputFile& file) const override;
  void AppendBlock(FileWriteState& state, OutputFile& file, EncodedBlock& block) const override;
  void FinishFile(FileWriteState& state, OutputFile& file) const override {}

  const CsvWriteOptions& options() const { return options_; }

 private:
  CsvWriter(std::vector<std::string> names, std::vector<LogicalType> types, CsvWriteOptions options)
      : names_(std::move(names)), types_(std::move(types)), options_(std::move(options)) {}
  void AppendField(std::string_view text, bool is_string, std::string* out) const;

  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  CsvWriteOptions options_;
};

// Appends the text of vector row `row` (valid) as tarn prints it: 1.5, 2024-01-31,
// 2024-01-31 10:00:00, 12.50 ... Shared by the text writers.
void AppendValueText(const Vector& vector, idx_t row, std::string* out);

}  // namespace tarn
