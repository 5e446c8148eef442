#include "formats/parquet/parquet_record_assembler.h"

#include "common/exception.h"

namespace tarn {

namespace {

idx_t LeafCount(const ParquetField& field) {
  if (field.kind == ParquetField::Kind::kLeaf) return 1;
  idx_t count = 0;
  for (const ParquetField& child : field.children) count += LeafCount(child);
  return count;
}

}  // namespace

ParquetRecordAssembler::ParquetRecordAssembler(std::shared_ptr<const ParquetFile> file,
                                               idx_t row_group, const ParquetField& root)
    : file_(std::move(file)), row_group_(row_group), root_(root) {
  AddLeaves(root_);
}

ParquetRecordAssembler::~ParquetRecordAssembler() = default;

void ParquetRecordAssembler::AddLeaves(const ParquetField& field) {
  if (field.kind == ParquetField::Kind::kLeaf) {
    Leaf leaf;
    leaf.reader = std::make_unique<ParquetColumnReader>(file_, row_group_, field.leaf);
    leaf.values = Vector(field.leaf.type);
    leaves_.push_back(std::move(leaf));
    return;
  }
  for (const ParquetField& child : field.children) AddLeaves(child);
}

void ParquetRecordAssembler::Read(idx_t count, Vector& output) {
  std::vector<std::vector<uint32_t>> begins(leaves_.size());
  for (size_t k = 0; k < leaves_.size(); k++) {
    Leaf& leaf = leaves_[k];
    leaf.values.Reset();
    leaf.definition.clear();
    leaf.repetition.clear();
    idx_t entries =
        leaf.reader->ReadRecords(count, leaf.values, &leaf.definition, &leaf.repetition);
    begins[k].reserve(count);
    for (idx_t entry = 0; entry < entries; entry++) {
      if (leaf.repetition[entry] == 0) begins[k].push_back(static_cast<uint32_t>(entry));
    }
    if (begins[k].size() != count) {
      leaf.reader->FailCorrupt("read " + std::to_string(begins[k].size()) + " records instead of " +
                               std::to_string(count));
    }
  }
  Assemble(root_, 0, Begins(begins), count, output, 0);
}

void ParquetRecordAssembler::Assemble(const ParquetField& field, idx_t first_leaf, Begins begins,
                                      idx_t rows, Vector& output, idx_t offset) {
  switch (field.kind) {
    case ParquetField::Kind::kLeaf: {
      const Leaf& leaf = leaves_[first_leaf];
      output.CopyFrom(leaf.values, begins[0].data(), rows, offset);
      return;
    }
    case ParquetField::Kind::kStruct: {
      const std::vector<uint8_t>& definition = leaves_[first_leaf].definition;
      ValidityMask& validity = output.validity();
      for (idx_t i = 0; i < rows; i++) {
        if (definition[begins[0][i]] < field.definition_level) validity.SetInvalid(offset + i);
      }
      idx_t leaf = first_leaf;
      size_t position = 0;
      for (size_t c = 0; c < field.children.size(); c++) {
        idx_t count = LeafCount(field.children[c]);
        Assemble(field.children[c], leaf, begins.subspan(position, count), rows, output.child(c),
                 offset);
        leaf += count;
        position += count;
      }
      return;
    }
    case ParquetField::Kind::kList:
      AssembleList(field, first_leaf, begins, rows, output, offset);
      return;
  }
}

void ParquetRecordAssembler::AssembleList(const ParquetField& field, idx_t first_leaf,
                                          Begins begins, idx_t rows, Vector& output, idx_t offset) {
  const int list_level = field.definition_level;
  const int element_level = field.element_definition_level;
  const auto repetition_level = static_cast<uint8_t>(field.repetition_level);
  std::vector<std::vector<uint32_t>> element_begins(begins.size());
  auto* entries = output.Data<ListEntry>();
  ValidityMask& validity = output.validity();
  idx_t base = output.list_size();
  idx_t elements = 0;
  for (idx_t i = 0; i < rows; i++) {
    const Leaf& first = leaves_[first_leaf];
    uint8_t level = first.definition[begins[0][i]];
    idx_t row_elements = 0;
    if (level < list_level) {
      validity.SetInvalid(offset + i);
    } else if (level >= element_level) {
      for (size_t k = 0; k < begins.size(); k++) {
        const Leaf& leaf = leaves_[first_leaf + k];
        uint32_t start = begins[k][i];
        if ((leaf.definition[start] >= element_level) != (level >= element_level)) {
          leaf.reader->FailCorrupt("its definition levels disagree with the column's other leaves");
        }
        std::vector<uint32_t>& starts = element_begins[k];
        size_t before = starts.size();
        starts.push_back(start);
        size_t end = leaf.repetition.size();
        for (size_t entry = start + 1; entry < end; entry++) {
          uint8_t repetition = leaf.repetition[entry];
          if (repetition < repetition_level) break;
          if (repetition == repetition_level) {
            if (leaf.definition[entry] < element_level) {
              leaf.reader->FailCorrupt("a repeated entry has no element (definition level " +
                                       std::to_string(leaf.definition[entry]) + ")");
            }
            starts.push_back(static_cast<uint32_t>(entry));
          }
        }
        idx_t count = starts.size() - before;
        if (k == 0) {
          row_elements = count;
        } else if (count != row_elements) {
          leaf.reader->FailCorrupt("a list has " + std::to_string(count) + " elements here but " +
                                   std::to_string(row_elements) + " in another leaf");
        }
      }
    }
    entries[offset + i] = ListEntry{base + elements, row_elements};
    elements += row_elements;
  }
  idx_t start = output.ReserveListElements(elements);
  output.set_list_size(start + elements);
  if (elements > 0) {
    Assemble(field.children[0], first_leaf, Begins(element_begins), elements, output.child(0),
             start);
  }
}

}  // namespace tarn
