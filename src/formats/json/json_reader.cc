#include "formats/json/json_reader.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include "formats/json/json_type_tree.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {

namespace {

constexpr const char* kSkipHint = ". Use ignore_errors=true to skip such records";

std::string RecordLocation(const std::string& path, const JsonRecord& record) {
  std::string text = "\"" + path + "\" at byte offset " + std::to_string(record.offset);
  if (record.number > 0) text += " (record " + std::to_string(record.number) + ")";
  return text;
}

std::string TooLargeProblem(uint64_t maximum_object_size) {
  return "the record is larger than maximum_object_size (" + std::to_string(maximum_object_size) +
         " bytes); raise maximum_object_size=... to read it";
}

const char* ElementTypeName(simdjson::dom::element value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::OBJECT:
      return "an object";
    case element_type::ARRAY:
      return "an array";
    case element_type::INT64:
    case element_type::UINT64:
      return "an integer";
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

}  // namespace

JsonScanner::JsonScanner(const JsonScanPlan& plan, const std::vector<idx_t>& output_columns)
    : plan_(plan), output_columns_(output_columns) {}

Result<std::unique_ptr<JsonScanner>> JsonScanner::Open(const JsonScanPlan& plan,
                                                       const std::string& path, JsonFormat format,
                                                       uint64_t start, uint64_t end,
                                                       const std::vector<idx_t>& output_columns) {
  std::unique_ptr<JsonScanner> scanner(new JsonScanner(plan, output_columns));
  scanner->path_ = path;
  TARN_ASSIGN_OR_RETURN(
      scanner->reader_,
      JsonRecordReader::Open(path, format, plan.compression, start, end, plan.maximum_object_size));
  scanner->column_to_slot_.assign(plan.names.size(), -1);
  for (size_t slot = 0; slot < output_columns.size(); slot++) {
    idx_t column = output_columns[slot];
    if (column == kSkipColumn) continue;
    TARN_CHECK(column < plan.names.size(), "JSON scan column out of range");
    scanner->column_to_slot_[column] = static_cast<int64_t>(slot);
  }
  for (size_t c = 0; c < plan.names.size(); c++) {
    scanner->column_index_.emplace(std::string_view(plan.names[c]), c);
    if (plan.case_insensitive) {
      std::string lower = plan.names[c];
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      scanner->lower_column_index_.emplace(std::move(lower), c);
    }
  }
  scanner->slot_generation_.assign(output_columns.size(), 0);
  for (size_t slot = 0; slot < output_columns.size(); slot++) {
    idx_t column = output_columns[slot];
    scanner->writers_.emplace_back(column == kSkipColumn ? LogicalType(TypeId::kVarchar)
                                                         : plan.types[column]);
  }
  return scanner;
}

int64_t JsonScanner::SlotOf(std::string_view key) {
  idx_t column;
  if (next_column_ < plan_.names.size() && plan_.names[next_column_] == key) {
    column = next_column_;
  } else {
    auto found = column_index_.find(key);
    if (found != column_index_.end()) {
      column = found->second;
    } else if (plan_.case_insensitive) {
      scratch_key_.assign(key);
      for (char& ch : scratch_key_) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      auto lower = lower_column_index_.find(scratch_key_);
      if (lower == lower_column_index_.end()) return -1;
      column = lower->second;
    } else {
      return -1;
    }
  }
  next_column_ = column + 1;
  return column_to_slot_[column];
}

std::string JsonScanner::Location(const JsonRecord& record) const {
  return RecordLocation(path_, record);
}

void JsonScanner::RejectRecord(const JsonRecord& record, const std::string& problem) {
  if (plan_.ignore_errors) {
    skipped_records_++;
    return;
  }
  ThrowError(ErrorCode::kInvalidInput,
             "Error reading JSON in " + Location(record) + ": " + problem + kSkipHint);
}

void JsonScanner::RejectValue(const JsonRecord& record, std::string_view field,
                              const JsonVectorWriter& writer) {
  if (plan_.ignore_errors) {
    skipped_records_++;
    return;
  }
  simdjson::dom::element value = writer.failure_value();
  scratch_.clear();
  AppendJsonText(value, &scratch_);
  if (scratch_.size() > 60) scratch_ = scratch_.substr(0, 57) + "...";
  std::string message = "Error reading JSON in " + Location(record) + ": field \"" +
                        std::string(field) + writer.failure_path() + "\" holds " + scratch_ + " (" +
                        ElementTypeName(value) + "), which does not fit " +
                        (writer.failure_path().empty() ? "its column type " : "the type there, ") +
                        writer.failure_type().ToString();
  if (plan_.types_inferred) {
    message += ", inferred from the first " +
               (plan_.sample_size < 0 ? std::string("records")
                                      : std::to_string(plan_.sample_size) + " records") +
               ". Declare the type with columns={'" + std::string(field) +
               "': 'VARCHAR', ...}, or infer from more records with a larger sample_size "
               "(sample_size=-1 reads every record), or skip such records with "
               "ignore_errors=true";
  } else {
    message += ". Change its type in columns={...}, or skip such records with ignore_errors=true";
  }
  ThrowError(ErrorCode::kInvalidInput, message);
}

bool JsonScanner::ReadRecord(const JsonRecord& record, DataChunk& output, idx_t row) {
  if (record.kind == JsonRecord::Kind::kTooLarge) {
    RejectRecord(record, TooLargeProblem(plan_.maximum_object_size));
    return false;
  }
  if (record.kind == JsonRecord::Kind::kMalformed) {
    RejectRecord(record, "malformed file: " + record.problem);
    return false;
  }
  simdjson::dom::element root;
  simdjson::error_code error = parser_.Parse(record.data, record.size, true, &root);
  if (error != simdjson::SUCCESS) {
    RejectRecord(record, "malformed record: " + JsonErrorText(error));
    return false;
  }
  if (!plan_.records_are_objects) {
    for (size_t slot = 0; slot < output_columns_.size(); slot++) {
      if (output_columns_[slot] == kSkipColumn) continue;
      if (!writers_[slot].Write(root, output.column(slot), row)) {
        RejectValue(record, plan_.names[output_columns_[slot]], writers_[slot]);
        return false;
      }
    }
    return true;
  }
  if (root.type() != simdjson::dom::element_type::OBJECT) {
    RejectRecord(record, std::string("expected an object, found ") + ElementTypeName(root) +
                             " (records that are not objects are read when every sampled record is "
                             "one, into a column named json)");
    return false;
  }
  generation_++;
  next_column_ = 0;
  for (auto field : simdjson::dom::object(root)) {
    int64_t slot = SlotOf(field.key);
    if (slot < 0) continue;
    slot_generation_[slot] = generation_;
    Vector& vector = output.column(slot);
    if (!writers_[slot].Write(field.value, vector, row)) {
      RejectValue(record, field.key, writers_[slot]);
      return false;
    }
  }
  for (size_t slot = 0; slot < output_columns_.size(); slot++) {
    if (slot_generation_[slot] != generation_ && output_columns_[slot] != kSkipColumn) {
      JsonVectorWriter::SetNull(output.column(slot), row);
    }
  }
  return true;
}

idx_t JsonScanner::Scan(DataChunk& output) {
  idx_t row = 0;
  JsonRecord record;
  while (row < kVectorSize) {
    if (!reader_->Next(&record)) {
      finished_ = true;
      break;
    }
    if (ReadRecord(record, output, row)) row++;
  }
  output.SetSize(row);
  return row;
}

Result<JsonFormat> DetectJsonFormat(const std::string& path, Compression compression,
                                    uint64_t maximum_object_size) {
  // '[' starts an array file; otherwise an unstructured read of the first value tells
  // whether the first record ends on the first line.
  TARN_ASSIGN_OR_RETURN(auto stream, OpenInputStream(path, compression));
  char head[4096];
  size_t length = 0;
  while (length < sizeof(head)) {
    TARN_ASSIGN_OR_RETURN(size_t read, stream->Read(head + length, sizeof(head) - length));
    if (read == 0) break;
    length += read;
  }
  std::string_view text(head, length);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return JsonFormat::kNewlineDelimited;
  if (text[first] == '[') return JsonFormat::kArray;
  TARN_ASSIGN_OR_RETURN(auto reader,
                        JsonRecordReader::Open(path, JsonFormat::kUnstructured, compression, 0,
                                               JsonRecordReader::kEndOfFile, maximum_object_size));
  JsonRecord record;
  bool found;
  try {
    found = reader->Next(&record);
  } catch (const TarnException& error) {
    return Status::Error(error.code(), error.what());
  }
  if (found && record.kind == JsonRecord::Kind::kValue &&
      std::string_view(record.data, record.size).find('\n') != std::string_view::npos) {
    return JsonFormat::kUnstructured;
  }
  return JsonFormat::kNewlineDelimited;
}

Result<JsonSchema> SniffJson(const std::vector<std::string>& files,
                             const JsonReadOptions& options) {
  JsonSchema schema;
  for (const std::string& file : files) {
    JsonFormat format = options.format;
    if (format == JsonFormat::kAuto) {
      TARN_ASSIGN_OR_RETURN(
          format, DetectJsonFormat(file, options.compression, options.maximum_object_size));
    }
    schema.file_formats.push_back(format);
  }
  // Object records define the columns; other records count only when there are no objects.
  JsonTypeNode objects;
  JsonTypeNode others;
  JsonDocumentParser parser;
  uint64_t limit =
      options.sample_size < 0 ? UINT64_MAX : static_cast<uint64_t>(options.sample_size);
  for (size_t f = 0; f < files.size(); f++) {
    const std::string& file = files[f];
    if (schema.sampled_records >= limit) break;
    if (!options.columns.empty()) break;
    TARN_ASSIGN_OR_RETURN(
        auto reader,
        JsonRecordReader::Open(file, schema.file_formats[f], options.compression, 0,
                               JsonRecordReader::kEndOfFile, options.maximum_object_size));
    JsonRecord record;
    try {
      while (schema.sampled_records < limit && reader->Next(&record)) {
        std::string problem;
        simdjson::dom::element value;
        if (record.kind == JsonRecord::Kind::kTooLarge) {
          problem = TooLargeProblem(options.maximum_object_size);
        } else if (record.kind == JsonRecord::Kind::kMalformed) {
          problem = "malformed file: " + record.problem;
        } else {
          simdjson::error_code error = parser.Parse(record.data, record.size, true, &value);
          if (error != simdjson::SUCCESS) problem = "malformed record: " + JsonErrorText(error);
        }
        if (!problem.empty()) {
          if (options.ignore_errors) continue;
          return Status::Error(
              ErrorCode::kInvalidInput,
              "Error reading JSON in " + RecordLocation(file, record) + ": " + problem + kSkipHint);
        }
        if (value.type() == simdjson::dom::element_type::OBJECT) {
          objects.Observe(value);
        } else {
          others.Observe(value);
        }
        schema.sampled_records++;
        schema.sampled_bytes += record.size + 1;
      }
    } catch (const TarnException& error) {
      return Status::Error(error.code(), error.what());
    }
  }
  if (!options.columns.empty()) {
    for (const auto& [name, type] : options.columns) {
      schema.names.push_back(name);
      schema.types.push_back(type);
    }
    return schema;
  }
  if (objects.kind() == JsonKind::kObject) {
    for (const auto& [name, node] : objects.fields()) {
      schema.names.push_back(name);
      schema.types.push_back(node->ToLogicalType());
    }
  }
  if (schema.names.empty()) {
    // Scalars, arrays, a mix, or no records at all: one column holds each whole record.
    schema.records_are_objects = false;
    schema.names.push_back("json");
    schema.types.push_back(objects.kind() == JsonKind::kObject ? LogicalType(TypeId::kVarchar)
                                                               : others.ToLogicalType());
  }
  return schema;
}

}  // namespace tarn
