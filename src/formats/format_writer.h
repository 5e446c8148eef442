#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "vector/data_chunk.h"

namespace tarn {

// One option of a file writer, as written in COPY ... (HEADER, DELIMITER '|'): `name` is
// lower case; `value` is absent for a bare flag (HEADER means HEADER true).
struct WriterOption {
  std::string name;
  std::optional<Value> value;
};

// An option's name as users write it in messages: "DELIMITER".
std::string OptionDisplayName(const std::string& name);
// Option values, converted with a kInvalidOption error naming the option when they do not fit.
Result<bool> WriterOptionBool(const WriterOption& option);
Result<std::string> WriterOptionString(const WriterOption& option);
Result<int64_t> WriterOptionInteger(const WriterOption& option);
// The kInvalidOption error for an option a writer does not know, listing those it does.
Status UnknownWriterOption(const std::string& format, const WriterOption& option,
                           const std::string& known);

// OutputFile appends bytes to a new local file through a buffer and tracks the write
// offset. It only ever creates files (O_EXCL): placing a finished file under its final
// name is the caller's job (COPY writes to a temporary name and renames).
// Errors throw a kIo TarnException naming the path (it is used inside query execution).
// Thread safety: none; one writer at a time. Ownership: owns the descriptor.
class OutputFile {
 public:
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Creates `path`, which must not exist yet.
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path);

  void Write(std::string_view bytes);
  // Bytes written so far (the offset of the next byte).
  uint64_t offset() const { return offset_; }
  // Flushes the buffer, fsyncs and closes the file.
  void Close();
  const std::string& path() const { return path_; }

 private:
  OutputFile(std::string path, int descriptor) : path_(std::move(path)), descriptor_(descriptor) {}
  void Flush();

  std::string path_;
  int descriptor_;
  uint64_t offset_ = 0;
  std::string buffer_;
};

// A run of rows encoded by a FileFormatWriter, ready to append to a file: a row group of a
// Parquet file, a slice of CSV or JSON text (compressed on its own when the file is).
struct EncodedBlock {
  virtual ~EncodedBlock() = default;
  std::string bytes;
  idx_t row_count = 0;
};

// The per-file state of a FileFormatWriter (the Parquet row group list for the footer).
struct FileWriteState {
  virtual ~FileWriteState() = default;
};

// FileFormatWriter turns rows into the bytes of one file format. It is made once per COPY
// for the columns stored in the files, and then used by many threads:
//   Encode       converts rows into an EncodedBlock; thread-safe (const, no shared state),
//                so pipeline threads encode and compress blocks in parallel;
//   BeginFile, AppendBlock, FinishFile
//                write one file front to back; called by one thread at a time per file.
// Blocks are appended in the order the rows should appear in the file.
class FileFormatWriter {
 public:
  virtual ~FileFormatWriter() = default;

  // The file name extension for files this writer makes: "csv", "csv.gz", "parquet".
  virtual std::string FileExtension() const = 0;
  // How many rows to gather before encoding a block (a Parquet row group).
  virtual idx_t RowsPerBlock() const = 0;
  // Encodes the rows of `chunks` (dense, with the writer's column types).
  virtual std::unique_ptr<EncodedBlock> Encode(const std::vector<DataChunk>& chunks) const = 0;
  virtual std::unique_ptr<FileWriteState> BeginFile(OutputFile& file) const = 0;
  virtual void AppendBlock(FileWriteState& state, OutputFile& file, EncodedBlock& block) const = 0;
  virtual void FinishFile(FileWriteState& state, OutputFile& file) const = 0;
};

}  // namespace tarn
