#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "function/table_function.h"
#include "storage/compressed_stream.h"
#include "types/logical_type.h"

namespace tarn {

// How the records of a JSON file are laid out.
enum class JsonFormat : uint8_t {
  kAuto,              // Detected from the first bytes of the first file.
  kNewlineDelimited,  // One value per line (NDJSON, JSON Lines); splittable.
  kArray,             // One top-level array whose elements are the records.
  kUnstructured,      // Values one after another, possibly spanning lines.
};

const char* JsonFormatName(JsonFormat format);

// JsonReadOptions are the user's options of one read_json call. A value type.
struct JsonReadOptions {
  std::vector<std::string> patterns;  // Paths or globs, as given.
  JsonFormat format = JsonFormat::kAuto;
  // `columns`: names and types of the columns to read; disables inference.
  std::vector<std::pair<std::string, LogicalType>> columns;
  int64_t sample_size = 20480;  // Records used for inference; -1 = every record.
  bool ignore_errors = false;
  uint64_t maximum_object_size = 16 * 1024 * 1024;
  bool filename_column = false;
  // `case_insensitive`: member names match columns ignoring ASCII case (as Hive's JSON
  // SerDe does) when no column has exactly the member's name.
  bool case_insensitive = false;
  // Hive partition columns from key=value folders: true, false, or absent to detect them.
  std::optional<bool> hive_partitioning;
  Compression compression = Compression::kAuto;
};

// Reads the arguments of read_json(...) (`function_name` is used in messages): one
// path/glob or a list of them, and the named options. Unknown options or bad values give
// kInvalidOption naming the option and the accepted values.
Result<JsonReadOptions> ParseJsonOptions(const TableFunctionInput& input,
                                         const std::string& function_name);

}  // namespace tarn
