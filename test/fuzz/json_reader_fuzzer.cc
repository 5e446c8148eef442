// libFuzzer target: the JSON reader. The input is a file's contents; the target infers its
// schema as read_json does (format and types from a sample) and reads every record into
// vectors, then does the same as newline-delimited records with errors ignored.

#include <cstddef>
#include <cstdint>

#include "common/exception.h"
#include "formats/json/json_reader.h"
#include "fuzz_input_file.h"

namespace {

void ReadWhole(const std::string& path, const tarn::JsonReadOptions& options) {
  auto schema = tarn::SniffJson({path}, options);
  if (!schema.ok()) return;
  tarn::JsonScanPlan plan;
  plan.file_formats = schema.value().file_formats;
  plan.names = schema.value().names;
  plan.types = schema.value().types;
  plan.records_are_objects = schema.value().records_are_objects;
  plan.sample_size = options.sample_size;
  plan.ignore_errors = options.ignore_errors;
  plan.maximum_object_size = options.maximum_object_size;
  plan.compression = options.compression;
  std::vector<tarn::idx_t> columns;
  for (tarn::idx_t i = 0; i < plan.types.size(); i++) columns.push_back(i);
  auto scanner = tarn::JsonScanner::Open(plan, path, plan.file_formats[0], 0,
                                         tarn::JsonRecordReader::kEndOfFile, columns);
  if (!scanner.ok()) return;
  tarn::DataChunk chunk;
  chunk.Initialize(plan.types);
  while (true) {
    chunk.Reset();
    tarn::idx_t rows = scanner.value()->Scan(chunk);
    if (rows == 0) break;
    for (tarn::idx_t column = 0; column < chunk.ColumnCount(); column++) {
      for (tarn::idx_t row = 0; row < rows; row++) chunk.column(column).GetValue(row).ToString();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tarn::FuzzInputFile input(".json");
  if (!input.Write(data, size)) return 0;
  tarn::JsonReadOptions options;
  options.sample_size = 64;
  options.maximum_object_size = 1 << 20;
  options.compression = tarn::Compression::kNone;
  for (bool lines : {false, true}) {
    options.format = lines ? tarn::JsonFormat::kNewlineDelimited : tarn::JsonFormat::kAuto;
    options.ignore_errors = lines;
    try {
      ReadWhole(input.path(), options);
    } catch (const tarn::TarnException& error) {
      if (error.code() == tarn::ErrorCode::kInternal) __builtin_trap();
    }
  }
  return 0;
}
