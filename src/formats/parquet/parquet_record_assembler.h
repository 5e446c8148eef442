#pragma once

#include <memory>
#include <span>
#include <vector>

#include "formats/parquet/parquet_reader.h"

namespace tarn {

// ParquetRecordAssembler reads one nested column (a STRUCT, LIST or MAP of any depth) of one
// row group: it reads the level entries of a batch of records from every leaf, then builds
// the nested vector top down. Each value of a node is located, in every leaf below it, by
// the index of its first level entry; a LIST value's elements start at the entries whose
// repetition level is the list's, a STRUCT or LIST is NULL (a list empty) where the
// definition level stops above it. Leaves that disagree about the shape (a corrupt file)
// raise kInvalidInput naming the file, row group and leaf.
// Thread safety: none; one assembler per reader. Ownership: owns its leaf readers; `root`
// must outlive it (it lives in the ParquetFile).
class ParquetRecordAssembler {
 public:
  ParquetRecordAssembler(std::shared_ptr<const ParquetFile> file, idx_t row_group,
                         const ParquetField& root);
  ~ParquetRecordAssembler();

  // Reads the next `count` records into output[0, count).
  void Read(idx_t count, Vector& output);

 private:
  struct Leaf {
    std::unique_ptr<ParquetColumnReader> reader;
    Vector values;  // One slot per level entry of the batch.
    std::vector<uint8_t> definition;
    std::vector<uint8_t> repetition;
  };
  using Begins = std::span<std::vector<uint32_t>>;

  void AddLeaves(const ParquetField& field);
  // Fills output[offset, offset + rows) with values of `field`, whose leaves start at
  // leaves_[first_leaf]; begins[k][i] is the first entry of row i in the k-th of them.
  void Assemble(const ParquetField& field, idx_t first_leaf, Begins begins, idx_t rows,
                Vector& output, idx_t offset);
  void AssembleList(const ParquetField& field, idx_t first_leaf, Begins begins, idx_t rows,
                    Vector& output, idx_t offset);

  std::shared_ptr<const ParquetFile> file_;
  idx_t row_group_;
  const ParquetField& root_;
  std::vector<Leaf> leaves_;
};

}  // namespace tarn
