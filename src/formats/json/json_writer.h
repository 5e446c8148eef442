#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/format_writer.h"
#include "storage/block_codec.h"

namespace tarn {

// JsonWriter writes one JSON object per row: newline-delimited by default, or (ARRAY true)
// one top-level array of objects. Numbers (integers, decimals, finite doubles) and booleans
// are JSON numbers and booleans; NaN and infinities, like NULL, are null; dates, timestamps,
// intervals and strings are JSON strings. COMPRESSION gzip|zstd compresses each block
// separately (the results concatenate into one valid stream).
// Thread safety: see FileFormatWriter. Immutable after Create.
class JsonWriter : public FileFormatWriter {
 public:
  // Options: ARRAY, COMPRESSION.
  static Result<std::unique_ptr<JsonWriter>> Create(std::vector<std::string> names,
                                                    std::vector<LogicalType> types,
                                                    const std::vector<WriterOption>& options);

  std::string FileExtension() const override;
  idx_t RowsPerBlock() const override { return 32768; }
  std::unique_ptr<EncodedBlock> Encode(const std::vector<DataChunk>& chunks) const override;
  std::unique_ptr<FileWriteState> BeginFile(OutputFile& file) const override;
  void AppendBlock(FileWriteState& state, OutputFile& file, EncodedBlock& block) const override;
  void FinishFile(FileWriteState& state, OutputFile& file) const override;

 private:
  JsonWriter(std::vector<std::string> names, std::vector<LogicalType> types, bool array,
             BlockCodec compression);
  void WriteText(OutputFile& file, std::string_view text) const;

  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  // Each column's `"name":` with the name escaped.
  std::vector<std::string> keys_;
  bool array_;
  BlockCodec compression_;
};

}  // namespace tarn
