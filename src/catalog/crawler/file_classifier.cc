#include "catalog/crawler/file_classifier.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <memory>

#include "formats/csv/csv_sniffer.h"
#include "formats/hive_partitioning.h"
#include "formats/json/json_table_function.h"
#include "formats/text_regex/apache_log.h"
#include "function/table_function.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

// Bytes of (decompressed) text the content checks look at.
constexpr size_t kSampleSize = 64 * 1024;

Status Unreadable(const std::string& path, const std::string& why) {
  return Status::Error(ErrorCode::kInvalidInput, "\"" + path + "\": " + why);
}

// The first kSampleSize decompressed bytes (fewer for a shorter file).
Result<std::string> ReadSample(const std::string& path, Compression compression) {
  TARN_ASSIGN_OR_RETURN(std::unique_ptr<InputStream> stream, OpenInputStream(path, compression));
  std::string sample(kSampleSize, '\0');
  size_t filled = 0;
  while (filled < sample.size()) {
    TARN_ASSIGN_OR_RETURN(size_t count,
                          stream->Read(sample.data() + filled, sample.size() - filled));
    if (count == 0) break;
    filled += count;
  }
  sample.resize(filled);
  return sample;
}

bool StartsWithParquetMagic(const std::string& path) {
  auto file = RandomAccessFile::Open(path);
  if (!file.ok()) return false;
  char magic[4] = {0, 0, 0, 0};
  auto count = file.value()->ReadAt(0, magic, 4);
  return count.ok() && count.value() == 4 && std::memcmp(magic, "PAR1", 4) == 0;
}

bool LooksLikeJson(std::string_view sample) {
  size_t i = 0;
  if (sample.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < sample.size() &&
         (sample[i] == ' ' || sample[i] == '\t' || sample[i] == '\n' || sample[i] == '\r')) {
    i++;
  }
  return i < sample.size() && (sample[i] == '{' || sample[i] == '[');
}

bool LooksBinary(std::string_view sample) { return sample.find('\0') != std::string_view::npos; }

// The columns of a bound scan without columns that came from key=value folders of the
// path (readers that detect Hive partitioning add them; the crawler records them as
// partition keys instead).
std::vector<CatalogColumn> ColumnsOf(const TableScanBinding& binding, const std::string& path) {
  std::vector<HivePartitions::KeyValue> keys = HivePartitions::ParsePath(path);
  std::vector<CatalogColumn> columns;
  for (size_t i = 0; i < binding.names().size(); i++) {
    const std::string& name = binding.names()[i];
    bool from_folder =
        std::any_of(keys.begin(), keys.end(), [&](const auto& key) { return key.first == name; });
    if (from_folder && i >= binding.names().size() - keys.size()) continue;
    columns.push_back(CatalogColumn{name, binding.types()[i], ""});
  }
  return columns;
}

Result<std::unique_ptr<TableScanBinding>> BindFunction(const std::string& function,
                                                       const std::string& path, bool disable_hive) {
  const TableFunctionBinder* binder = TableFunctionRegistry::Get().Find(function);
  if (binder == nullptr) {
    return Status::Error(ErrorCode::kInternal, "table function " + function + " is not available");
  }
  TableFunctionInput input;
  input.positional.push_back(Value::Varchar(path));
  if (disable_hive) input.named["hive_partitioning"] = Value::Boolean(false);
  return (*binder)(input);
}

Result<FileSchema> ClassifyParquet(const std::string& path) {
  auto binding = BindFunction("read_parquet", path, true);
  if (!binding.ok()) return Unreadable(path, "corrupt Parquet file: " + binding.status().message());
  FileSchema schema;
  schema.format = "parquet";
  schema.columns = ColumnsOf(*binding.value(), path);
  double rows = binding.value()->EstimatedRows();
  schema.row_count = rows >= 0 ? static_cast<int64_t>(rows) : -1;
  return schema;
}

Result<FileSchema> ClassifyJson(const std::string& path, Compression compression) {
  JsonReadOptions options;
  options.patterns = {path};
  options.hive_partitioning = false;
  options.compression = compression;
  auto binding = JsonTableBinding::BindOptions(options, "read_json");
  if (!binding.ok()) return Unreadable(path, "invalid JSON: " + binding.status().message());
  FileSchema schema;
  schema.format = "json";
  schema.compression = compression;
  schema.columns = ColumnsOf(*binding.value(), path);
  return schema;
}

Result<FileSchema> ClassifyApacheLog(const std::string& path, Compression compression) {
  auto binding = BindFunction("read_apache_log", path, false);
  if (!binding.ok()) {
    return Unreadable(path, "unreadable Apache access log: " + binding.status().message());
  }
  FileSchema schema;
  schema.format = "apache_log";
  schema.compression = compression;
  schema.columns = ColumnsOf(*binding.value(), path);
  return schema;
}

Result<FileSchema> ClassifyCsv(const std::string& path, Compression compression) {
  CsvReadOptions options;
  options.patterns = {path};
  options.compression = compression;
  auto sniffed = SniffCsv(path, options);
  if (!sniffed.ok()) {
    return Unreadable(path, "no classifier recognized the file: " + sniffed.status().message());
  }
  const CsvSchema& csv = sniffed.value();
  if (csv.names.size() < 2) {
    return Unreadable(path,
                      "no classifier recognized the file (not Parquet, JSON or an Apache "
                      "access log, and CSV sniffing found a single column)");
  }
  FileSchema schema;
  schema.format = "csv";
  schema.compression = compression;
  schema.dialect = csv.dialect;
  schema.header = csv.header;
  for (size_t i = 0; i < csv.names.size(); i++) {
    schema.columns.push_back(CatalogColumn{csv.names[i], csv.types[i], ""});
  }
  return schema;
}

Result<FileSchema> ClassifyUnguarded(const std::string& path) {
  TARN_ASSIGN_OR_RETURN(uint64_t size, FileSize(path));
  if (size == 0) return Unreadable(path, "empty file");
  if (StartsWithParquetMagic(path)) return ClassifyParquet(path);
  TARN_ASSIGN_OR_RETURN(Compression compression, DetectCompression(path));
  auto sample = ReadSample(path, compression);
  if (!sample.ok()) return Unreadable(path, sample.status().message());
  if (sample.value().empty()) return Unreadable(path, "empty after decompression");
  if (LooksBinary(sample.value())) {
    return Unreadable(path, "binary data that is not Parquet (a NUL byte in the first " +
                                std::to_string(sample.value().size()) + " bytes)");
  }
  if (LooksLikeJson(sample.value())) return ClassifyJson(path, compression);
  if (LooksLikeApacheLog(sample.value())) return ClassifyApacheLog(path, compression);
  return ClassifyCsv(path, compression);
}

}  // namespace

bool FileSchema::SameLayout(const FileSchema& other) const {
  if (format != other.format || compression != other.compression) return false;
  if (format != "csv") return true;
  return header == other.header && dialect.delimiter == other.dialect.delimiter &&
         dialect.quote == other.dialect.quote && dialect.escape == other.dialect.escape;
}

Result<FileSchema> ClassifyFile(const std::string& path) {
  try {
    return ClassifyUnguarded(path);
  } catch (const std::exception& error) {
    return Unreadable(path, error.what());
  }
}

const char* CompressionPropertyValue(Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
    default:
      return "none";
  }
}

}  // namespace tarn
