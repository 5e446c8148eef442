#pragma once

#include <memory>
#include <string>
#include <vector>

#include "execution/physical_operator.h"
#include "formats/format_writer.h"

namespace tarn {

// What COPY does when its output is already there.
enum class ExistingOutput : uint8_t {
  kError,      // The default: a target file that exists, or a non-empty partition directory.
  kOverwrite,  // OVERWRITE / OVERWRITE_OR_IGNORE: files with the same names are replaced.
  kAppend,     // APPEND (partitioned): new files get fresh names beside the old ones.
};

// Everything PhysicalCopyToFile needs to know, fixed when the COPY statement is bound.
struct CopyToFileInfo {
  // The output file, or the root directory when partitioned.
  std::string path;
  std::vector<std::string> names;  // The query's columns.
  std::vector<LogicalType> types;
  // Hive partition keys (query column indexes), in folder order; empty for one file.
  std::vector<idx_t> partition_columns;
  // The query columns stored in the files: all but the partition keys.
  std::vector<idx_t> data_columns;
  std::shared_ptr<const FileFormatWriter> writer;
  ExistingOutput existing = ExistingOutput::kError;
};

// PhysicalCopyToFile is the root sink of COPY ... TO: it writes the rows it receives into
// one file, or into one file per Hive partition (dir/key=value/data_0.ext).
//
// Order and parallelism: every pipeline thread copies its chunks, split by partition,
// into a per-thread buffer for its current input batch (a scan morsel). Finished batches are
// released to their targets in input order once no running thread can still produce an
// earlier batch; a target cuts its ordered rows into blocks of the writer's RowsPerBlock
// (Parquet row groups), which the thread that completed them encodes and compresses in
// parallel; blocks are appended to the file strictly in order. So the output keeps the
// input's row order, as a query result would.
//
// Atomicity: each file is written under a temporary name in its own folder
// (".tmp-<random>-data_0.parquet"), fsynced, and renamed into place only after every file
// of the COPY is complete. When the query fails, the temporary files and the folders the
// COPY created are removed, so nothing partial is left behind.
// Thread safety: as PhysicalOperator; the global state is guarded by one mutex, and
// encoding runs outside it.
class PhysicalCopyToFile : public PhysicalOperator {
 public:
  PhysicalCopyToFile(CopyToFileInfo info, double estimated_rows);

  // Checks the target before the query runs: the folder exists, the file or partition
  // folder is not in the way (unless overwriting or appending).
  static Status CheckTarget(const CopyToFileInfo& info);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context,
                                                    GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                  DataChunk& input) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;
  std::vector<std::string> Details() const override;

  // Rows written, after execution.
  static idx_t RowsWritten(ExecutionContext& context, const PhysicalCopyToFile& op);
  // The files written, after execution (final names, in creation order).
  static std::vector<std::string> FilesWritten(ExecutionContext& context,
                                               const PhysicalCopyToFile& op);

  const CopyToFileInfo& info() const { return info_; }

 private:
  CopyToFileInfo info_;
};

}  // namespace tarn
