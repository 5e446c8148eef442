#include "execution/copy_to_statement.h"

#include <algorithm>

#include "formats/csv/csv_writer.h"
#include "formats/json/json_writer.h"
#include "formats/parquet/parquet_writer.h"

namespace tarn {

namespace {

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "gzip" / "zstd" for a compressed path, "" otherwise.
std::string CompressionForPath(const std::string& path) {
  std::string lower = Lower(path);
  if (EndsWith(lower, ".gz") || EndsWith(lower, ".gzip")) return "gzip";
  if (EndsWith(lower, ".zst") || EndsWith(lower, ".zstd")) return "zstd";
  return "";
}

Result<CopyFormat> ParseFormat(const CopyOption& option) {
  if (option.values.size() != 1 || option.values[0].is_null()) {
    return Status::Error(ErrorCode::kInvalidOption, "FORMAT needs one value: csv, json or parquet");
  }
  std::string name = Lower(option.values[0].ToString());
  if (name == "csv" || name == "tsv") return CopyFormat::kCsv;
  if (name == "json" || name == "ndjson" || name == "jsonl") return CopyFormat::kJson;
  if (name == "parquet") return CopyFormat::kParquet;
  return Status::Error(ErrorCode::kInvalidOption, "unknown FORMAT '" + option.values[0].ToString() +
                                                      "'; COPY supports csv, json and parquet");
}

Result<bool> OptionBool(const CopyOption& option) {
  WriterOption writer_option{option.name, std::nullopt};
  if (option.is_list || option.values.size() > 1) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "option " + OptionDisplayName(option.name) + " takes one value");
  }
  if (!option.values.empty()) writer_option.value = option.values[0];
  return WriterOptionBool(writer_option);
}

}  // namespace

CopyFormat CopyFormatForPath(const std::string& path) {
  std::string lower = Lower(path);
  for (const char* suffix : {".gz", ".gzip", ".zst", ".zstd"}) {
    if (EndsWith(lower, suffix)) {
      lower.resize(lower.size() - std::string(suffix).size());
      break;
    }
  }
  if (EndsWith(lower, ".parquet") || EndsWith(lower, ".pq")) return CopyFormat::kParquet;
  if (EndsWith(lower, ".json") || EndsWith(lower, ".ndjson") || EndsWith(lower, ".jsonl")) {
    return CopyFormat::kJson;
  }
  return CopyFormat::kCsv;
}

Result<CopyToFileInfo> BindCopyTo(const std::string& path, const std::vector<std::string>& names,
                                  const std::vector<LogicalType>& types,
                                  const std::vector<CopyOption>& options) {
  CopyToFileInfo info;
  info.path = path;
  info.names = names;
  info.types = types;
  CopyFormat format = CopyFormatForPath(path);
  std::vector<WriterOption> writer_options;
  bool has_compression = false;
  bool overwrite = false;
  bool append = false;
  for (const auto& option : options) {
    if (option.name == "format") {
      TARN_ASSIGN_OR_RETURN(format, ParseFormat(option));
    } else if (option.name == "partition_by") {
      if (option.values.empty()) {
        return Status::Error(ErrorCode::kInvalidOption, "PARTITION_BY needs column names");
      }
      for (const auto& value : option.values) {
        std::string name = value.ToString();
        std::optional<idx_t> found;
        for (idx_t i = 0; i < names.size(); i++) {
          if (Lower(names[i]) == Lower(name)) found = i;
        }
        if (!found) {
          return Status::Error(ErrorCode::kBinder,
                               "PARTITION_BY column \"" + name + "\" is not in the query's output");
        }
        if (std::find(info.partition_columns.begin(), info.partition_columns.end(), *found) !=
            info.partition_columns.end()) {
          return Status::Error(ErrorCode::kInvalidOption,
                               "PARTITION_BY names column \"" + name + "\" twice");
        }
        info.partition_columns.push_back(*found);
      }
    } else if (option.name == "overwrite_or_ignore" || option.name == "overwrite") {
      TARN_ASSIGN_OR_RETURN(bool value, OptionBool(option));
      overwrite = overwrite || value;
    } else if (option.name == "append") {
      TARN_ASSIGN_OR_RETURN(append, OptionBool(option));
    } else {
      if (option.is_list || option.values.size() > 1) {
        return Status::Error(ErrorCode::kInvalidOption, "option " + OptionDisplayName(option.name) +
                                                            " takes one value, not a list");
      }
      if (option.name == "compression") has_compression = true;
      WriterOption writer_option{option.name, std::nullopt};
      if (!option.values.empty()) writer_option.value = option.values[0];
      writer_options.push_back(std::move(writer_option));
    }
  }
  if (overwrite && append) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "OVERWRITE_OR_IGNORE and APPEND cannot be used together");
  }
  info.existing = overwrite ? ExistingOutput::kOverwrite
                            : (append ? ExistingOutput::kAppend : ExistingOutput::kError);
  if (!has_compression && format != CopyFormat::kParquet) {
    std::string compression = CompressionForPath(path);
    if (!compression.empty())
      writer_options.push_back({"compression", Value::Varchar(compression)});
  }
  if (info.partition_columns.size() == names.size() && !names.empty()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "PARTITION_BY cannot name every column: the files would have none");
  }
  std::vector<std::string> data_names;
  std::vector<LogicalType> data_types;
  for (idx_t i = 0; i < names.size(); i++) {
    if (std::find(info.partition_columns.begin(), info.partition_columns.end(), i) !=
        info.partition_columns.end()) {
      continue;
    }
    info.data_columns.push_back(i);
    data_names.push_back(names[i]);
    data_types.push_back(types[i]);
  }
  switch (format) {
    case CopyFormat::kCsv: {
      TARN_ASSIGN_OR_RETURN(auto writer, CsvWriter::Create(data_names, data_types, writer_options));
      info.writer = std::move(writer);
      break;
    }
    case CopyFormat::kJson: {
      TARN_ASSIGN_OR_RETURN(auto writer,
                            JsonWriter::Create(data_names, data_types, writer_options));
      info.writer = std::move(writer);
      break;
    }
    case CopyFormat::kParquet: {
      TARN_ASSIGN_OR_RETURN(auto writer,
                            ParquetWriter::Create(data_names, data_types, writer_options));
      info.writer = std::move(writer);
      break;
    }
  }
  return info;
}

Result<std::unique_ptr<TableRef>> CopyFromSource(const std::string& path,
                                                 const std::vector<CopyOption>& options) {
  CopyFormat format = CopyFormatForPath(path);
  auto ref = std::make_unique<TableRef>();
  ref->kind = TableRefKind::kTableFunction;
  for (const auto& option : options) {
    if (option.name == "format") {
      TARN_ASSIGN_OR_RETURN(format, ParseFormat(option));
      continue;
    }
    if (option.is_list || option.values.size() > 1) {
      return Status::Error(ErrorCode::kInvalidOption, "option " + OptionDisplayName(option.name) +
                                                          " takes one value, not a list");
    }
    auto value = std::make_unique<ParsedExpression>();
    value->kind = ExpressionKind::kConstant;
    value->position = option.position;
    value->value = option.values.empty() ? Value::Boolean(true) : option.values[0];
    std::string name = option.name == "delimiter" ? "delim" : option.name;
    if (name == "null") name = "nullstr";
    ref->named_arguments.emplace_back(name, std::move(value));
  }
  switch (format) {
    case CopyFormat::kCsv:
      ref->name = "read_csv";
      break;
    case CopyFormat::kJson:
      ref->name = "read_json";
      break;
    case CopyFormat::kParquet:
      ref->name = "read_parquet";
      break;
  }
  auto argument = std::make_unique<ParsedExpression>();
  argument->kind = ExpressionKind::kConstant;
  argument->value = Value::Varchar(path);
  ref->arguments.push_back(std::move(argument));
  return ref;
}

}  // namespace tarn
