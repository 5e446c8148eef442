#include "formats/json/json_writer.h"

#include <cmath>

#include "formats/csv/csv_writer.h"
#include "formats/json/json_document.h"
#include "types/numeric.h"

namespace tarn {

namespace {

struct JsonFileState : FileWriteState {
  bool wrote_row = false;
};

}  // namespace

JsonWriter::JsonWriter(std::vector<std::string> names, std::vector<LogicalType> types, bool array,
                       BlockCodec compression)
    : names_(std::move(names)), types_(std::move(types)), array_(array), compression_(compression) {
  for (const auto& name : names_) {
    std::string key;
    AppendJsonString(name, &key);
    key.push_back(':');
    keys_.push_back(std::move(key));
  }
}

Result<std::unique_ptr<JsonWriter>> JsonWriter::Create(std::vector<std::string> names,
                                                       std::vector<LogicalType> types,
                                                       const std::vector<WriterOption>& options) {
  bool array = false;
  BlockCodec compression = BlockCodec::kUncompressed;
  for (const auto& option : options) {
    if (option.name == "array") {
      TARN_ASSIGN_OR_RETURN(array, WriterOptionBool(option));
    } else if (option.name == "compression") {
      TARN_ASSIGN_OR_RETURN(std::string text, WriterOptionString(option));
      TARN_ASSIGN_OR_RETURN(compression, ParseBlockCodec(text));
      if (compression != BlockCodec::kUncompressed && compression != BlockCodec::kGzip &&
          compression != BlockCodec::kZstd) {
        return Status::Error(ErrorCode::kInvalidOption,
                             "COMPRESSION for JSON must be gzip, zstd or none, got '" + text + "'");
      }
    } else {
      return UnknownWriterOption("json", option, "ARRAY, COMPRESSION");
    }
  }
  return std::unique_ptr<JsonWriter>(
      new JsonWriter(std::move(names), std::move(types), array, compression));
}

std::string JsonWriter::FileExtension() const {
  switch (compression_) {
    case BlockCodec::kGzip:
      return "json.gz";
    case BlockCodec::kZstd:
      return "json.zst";
    default:
      return "json";
  }
}

std::unique_ptr<EncodedBlock> JsonWriter::Encode(const std::vector<DataChunk>& chunks) const {
  auto block = std::make_unique<EncodedBlock>();
  std::string text;
  for (const auto& chunk : chunks) {
    for (idx_t row = 0; row < chunk.size(); row++) {
      // In array form rows are separated by ",\n"; AppendBlock adds the one between blocks.
      if (array_ && block->row_count + row > 0) text.append(",\n");
      text.push_back('{');
      for (idx_t column = 0; column < chunk.ColumnCount(); column++) {
        if (column > 0) text.push_back(',');
        text.append(keys_[column]);
        const Vector& vector = chunk.column(column);
        if (!vector.validity().RowIsValid(row)) {
          text.append("null");
          continue;
        }
        switch (vector.type().id()) {
          case TypeId::kBoolean:
          case TypeId::kInteger:
          case TypeId::kBigint:
          case TypeId::kDecimal:
            AppendValueText(vector, row, &text);
            break;
          case TypeId::kDouble: {
            double value = vector.Data<double>()[row];
            if (std::isfinite(value)) {
              text.append(numeric::FormatDouble(value));
            } else {
              text.append("null");
            }
            break;
          }
          case TypeId::kVarchar:
            AppendJsonString(vector.Data<std::string_view>()[row], &text);
            break;
          default: {
            std::string field;
            AppendValueText(vector, row, &field);
            AppendJsonString(field, &text);
          }
        }
      }
      text.append(array_ ? "}" : "}\n");
    }
    block->row_count += chunk.size();
  }
  if (compression_ == BlockCodec::kUncompressed) {
    block->bytes = std::move(text);
  } else {
    Compress(compression_, text, &block->bytes).ThrowIfError();
  }
  return block;
}

void JsonWriter::WriteText(OutputFile& file, std::string_view text) const {
  if (compression_ == BlockCodec::kUncompressed) {
    file.Write(text);
    return;
  }
  std::string compressed;
  Compress(compression_, text, &compressed).ThrowIfError();
  file.Write(compressed);
}

std::unique_ptr<FileWriteState> JsonWriter::BeginFile(OutputFile& file) const {
  if (array_) WriteText(file, "[");
  return std::make_unique<JsonFileState>();
}

void JsonWriter::AppendBlock(FileWriteState& state, OutputFile& file, EncodedBlock& block) const {
  auto& json_state = static_cast<JsonFileState&>(state);
  if (block.row_count == 0) return;
  if (array_) WriteText(file, json_state.wrote_row ? ",\n" : "\n");
  json_state.wrote_row = true;
  file.Write(block.bytes);
}

void JsonWriter::FinishFile(FileWriteState&, OutputFile& file) const {
  if (array_) WriteText(file, "\n]\n");
}

}  // namespace tarn
