#include "formats/csv/csv_writer.h"

#include <charconv>
#include <cstring>

#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {

namespace {

template <class T>
void AppendInteger(T value, std::string* out) {
  char buffer[48];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

Result<char> SingleCharacter(const WriterOption& option) {
  TARN_ASSIGN_OR_RETURN(std::string text, WriterOptionString(option));
  if (text == "\\t") text = "\t";
  if (text.size() != 1) {
    return Status::Error(ErrorCode::kInvalidOption, "option " + OptionDisplayName(option.name) +
                                                        " must be a single character, got '" +
                                                        text + "'");
  }
  return text[0];
}

}  // namespace

void AppendValueText(const Vector& vector, idx_t row, std::string* out) {
  const LogicalType& type = vector.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      out->append(vector.Data<bool>()[row] ? "true" : "false");
      return;
    case TypeId::kInteger:
      AppendInteger(vector.Data<int32_t>()[row], out);
      return;
    case TypeId::kBigint:
      AppendInteger(vector.Data<int64_t>()[row], out);
      return;
    case TypeId::kDouble:
      out->append(numeric::FormatDouble(vector.Data<double>()[row]));
      return;
    case TypeId::kDecimal: {
      int128_t unscaled = type.physical() == PhysicalType::kInt128 ? vector.Data<int128_t>()[row]
                                                                   : vector.Data<int64_t>()[row];
      out->append(numeric::FormatDecimal(unscaled, type.scale()));
      return;
    }
    case TypeId::kDate:
      out->append(date_time::FormatDate(vector.Data<int32_t>()[row]));
      return;
    case TypeId::kTimestamp:
      out->append(date_time::FormatTimestamp(vector.Data<int64_t>()[row]));
      return;
    case TypeId::kInterval:
      out->append(date_time::FormatInterval(vector.Data<Interval>()[row]));
      return;
    case TypeId::kVarchar:
      out->append(vector.Data<std::string_view>()[row]);
      return;
    default:
      out->append(vector.GetValue(row).ToString());
      return;
  }
}

Result<std::unique_ptr<CsvWriter>> CsvWriter::Create(std::vector<std::string> names,
                                                     std::vector<LogicalType> types,
                                                     const std::vector<WriterOption>& options) {
  CsvWriteOptions parsed;
  bool escape_set = false;
  for (const auto& option : options) {
    const std::string& name = option.name;
    if (name == "delimiter" || name == "delim" || name == "sep") {
      TARN_ASSIGN_OR_RETURN(parsed.delimiter, SingleCharacter(option));
    } else if (name == "quote") {
      TARN_ASSIGN_OR_RETURN(parsed.quote, SingleCharacter(option));
    } else if (name == "escape") {
      TARN_ASSIGN_OR_RETURN(parsed.escape, SingleCharacter(option));
      escape_set = true;
    } else if (name == "header") {
      TARN_ASSIGN_OR_RETURN(parsed.header, WriterOptionBool(option));
    } else if (name == "nullstr" || name == "null") {
      TARN_ASSIGN_OR_RETURN(parsed.null_string, WriterOptionString(option));
    } else if (name == "compression") {
      TARN_ASSIGN_OR_RETURN(std::string text, WriterOptionString(option));
      TARN_ASSIGN_OR_RETURN(parsed.compression, ParseBlockCodec(text));
      if (parsed.compression != BlockCodec::kUncompressed &&
          parsed.compression != BlockCodec::kGzip && parsed.compression != BlockCodec::kZstd) {
        return Status::Error(ErrorCode::kInvalidOption,
                             "COMPRESSION for CSV must be gzip, zstd or none, got '" + text + "'");
      }
    } else {
      return UnknownWriterOption("csv", option,
                                 "DELIMITER, QUOTE, ESCAPE, HEADER, NULLSTR, COMPRESSION");
    }
  }
  if (!escape_set) parsed.escape = parsed.quote;
  if (parsed.delimiter == parsed.quote || parsed.delimiter == '\n' || parsed.delimiter == '\r') {
    return Status::Error(ErrorCode::kInvalidOption,
                         "the CSV delimiter cannot be the quote character or a line break");
  }
  return std::unique_ptr<CsvWriter>(new CsvWriter(std::move(names), std::move(types), parsed));
}

std::string CsvWriter::FileExtension() const {
  switch (options_.compression) {
    case BlockCodec::kGzip:
      return "csv.gz";
    case BlockCodec::kZstd:
      return "csv.zst";
    default:
      return "csv";
  }
}

void CsvWriter::AppendField(std::string_view text, bool is_string, std::string* out) const {
  bool needs_quotes = is_string && text == options_.null_string;
  for (char c : text) {
    if (c == options_.delimiter || c == options_.quote || c == options_.escape || c == '\n' ||
        c == '\r') {
      needs_quotes = true;
      break;
    }
  }
  if (!needs_quotes) {
    out->append(text);
    return;
  }
  out->push_back(options_.quote);
  for (char c : text) {
    if (c == options_.quote || (c == options_.escape && options_.escape != options_.quote)) {
      out->push_back(options_.escape);
    }
    out->push_back(c);
  }
  out->push_back(options_.quote);
}

std::unique_ptr<EncodedBlock> CsvWriter::Encode(const std::vector<DataChunk>& chunks) const {
  auto block = std::make_unique<EncodedBlock>();
  std::string text;
  std::string field;
  for (const auto& chunk : chunks) {
    for (idx_t row = 0; row < chunk.size(); row++) {
      for (idx_t column = 0; column < chunk.ColumnCount(); column++) {
        if (column > 0) text.push_back(options_.delimiter);
        const Vector& vector = chunk.column(column);
        if (!vector.validity().RowIsValid(row)) {
          text.append(options_.null_string);
          continue;
        }
        TypeId id = vector.type().id();
        if (id == TypeId::kVarchar) {
          AppendField(vector.Data<std::string_view>()[row], true, &text);
          continue;
        }
        field.clear();
        AppendValueText(vector, row, &field);
        if (id == TypeId::kInteger || id == TypeId::kBigint || id == TypeId::kBoolean) {
          // Digits, signs and letters: quoting matters only for unusual delimiters.
          if (field.find(options_.delimiter) == std::string::npos) {
            text.append(field);
            continue;
          }
        }
        AppendField(field, false, &text);
      }
      text.push_back('\n');
    }
    block->row_count += chunk.size();
  }
  if (options_.compression == BlockCodec::kUncompressed) {
    block->bytes = std::move(text);
  } else {
    Compress(options_.compression, text, &block->bytes).ThrowIfError();
  }
  return block;
}

std::unique_ptr<FileWriteState> CsvWriter::BeginFile(OutputFile& file) const {
  if (options_.header) {
    std::string line;
    for (size_t i = 0; i < names_.size(); i++) {
      if (i > 0) line.push_back(options_.delimiter);
      AppendField(names_[i], false, &line);
    }
    line.push_back('\n');
    if (options_.compression == BlockCodec::kUncompressed) {
      file.Write(line);
    } else {
      std::string compressed;
      Compress(options_.compression, line, &compressed).ThrowIfError();
      file.Write(compressed);
    }
  }
  return std::make_unique<FileWriteState>();
}

void CsvWriter::AppendBlock(FileWriteState&, OutputFile& file, EncodedBlock& block) const {
  file.Write(block.bytes);
}

}  // namespace tarn
