// libFuzzer target: the Parquet page decoders and record assembly. The input describes one
// column chunk: byte 0 picks the column's schema (kSchemas below), byte 1 the codec, bytes
// 2-3 the row count (little endian, 1 + value % 5000); the rest are the chunk's bytes (page
// headers and pages). The target wraps them in a file with a footer that describes that one
// chunk and reads every row, as a scan would.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/exception.h"
#include "formats/parquet/parquet_reader.h"
#include "formats/parquet/thrift_compact_writer.h"
#include "fuzz_input_file.h"

namespace {

// One schema element (parquet.thrift SchemaElement fields tarn reads).
struct Element {
  const char* name;
  int repetition;  // 0 required, 1 optional, 2 repeated
  int physical;    // -1: group
  int children;
  int converted;  // -1: none
  int type_length = 0;
  int precision = 0;
  int scale = 0;
};

constexpr int kBoolean = 0, kInt32 = 1, kInt64 = 2, kInt96 = 3, kFloat = 4, kDouble = 5,
              kByteArray = 6, kFixed = 7;
constexpr int kUtf8 = 0, kList = 3, kDecimal = 5;

// Column schemas, each with exactly one leaf. Keep in step with make_fuzz_corpus.py.
const std::vector<std::vector<Element>> kSchemas = {
    {{"c", 1, kInt32, 0, -1}},
    {{"c", 1, kInt64, 0, -1}},
    {{"c", 1, kByteArray, 0, kUtf8}},
    {{"c", 1, kBoolean, 0, -1}},
    {{"c", 1, kDouble, 0, -1}},
    {{"c", 1, kFloat, 0, -1}},
    {{"c", 0, kInt32, 0, -1}},
    {{"c", 1, kFixed, 0, kDecimal, 16, 38, 10}},
    {{"c", 1, kInt96, 0, -1}},
    {{"c", 1, -1, 1, kList}, {"list", 2, -1, 1, -1}, {"element", 1, kInt32, 0, -1}},
    {{"c", 1, -1, 1, kList}, {"list", 2, -1, 1, -1}, {"element", 1, kInt64, 0, -1}},
    {{"c", 1, -1, 1, kList}, {"list", 2, -1, 1, -1}, {"element", 1, kByteArray, 0, kUtf8}},
    {{"c", 1, -1, 1, kList},
     {"list", 2, -1, 1, -1},
     {"element", 1, -1, 1, kList},
     {"list", 2, -1, 1, -1},
     {"element", 1, kInt32, 0, -1}},
    {{"c", 1, -1, 1, -1}, {"x", 1, kInt32, 0, -1}},
    {{"c", 1, -1, 1, kList}, {"list", 2, -1, 1, -1}, {"element", 1, kBoolean, 0, -1}},
    {{"c", 1, -1, 1, kList}, {"list", 2, -1, 1, -1}, {"element", 1, kDouble, 0, -1}},
    {{"c", 2, kInt32, 0, -1}},
};
const int kCodecs[] = {0, 1, 2, 6, 7};  // UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW

std::string BuildFile(const std::vector<Element>& schema, int codec, int64_t rows,
                      const uint8_t* chunk, size_t chunk_size) {
  std::string file = "PAR1";
  file.append(reinterpret_cast<const char*>(chunk), chunk_size);
  tarn::ThriftCompactWriter footer;
  footer.BeginStruct();
  footer.FieldI32(1, 1);
  footer.FieldListBegin(2, tarn::ThriftType::kStruct, static_cast<uint32_t>(schema.size() + 1));
  footer.BeginStruct();
  footer.FieldBinary(4, "schema");
  footer.FieldI32(5, 1);
  footer.EndStruct();
  std::vector<std::string> path;
  int leaf_type = kInt32;
  for (const Element& element : schema) {
    footer.BeginStruct();
    if (element.physical >= 0) footer.FieldI32(1, element.physical);
    if (element.type_length > 0) footer.FieldI32(2, element.type_length);
    footer.FieldI32(3, element.repetition);
    footer.FieldBinary(4, element.name);
    if (element.children > 0) footer.FieldI32(5, element.children);
    if (element.converted >= 0) footer.FieldI32(6, element.converted);
    if (element.precision > 0) {
      footer.FieldI32(7, element.scale);
      footer.FieldI32(8, element.precision);
    }
    footer.EndStruct();
    path.push_back(element.name);
    if (element.physical >= 0) leaf_type = element.physical;
  }
  footer.FieldI64(3, rows);
  footer.FieldListBegin(4, tarn::ThriftType::kStruct, 1);
  footer.BeginStruct();
  footer.FieldListBegin(1, tarn::ThriftType::kStruct, 1);
  footer.BeginStruct();
  footer.FieldI64(2, 4);
  footer.FieldStructBegin(3);
  footer.FieldI32(1, leaf_type);
  footer.FieldListBegin(2, tarn::ThriftType::kI32, 1);
  footer.ListI32(0);
  footer.FieldListBegin(3, tarn::ThriftType::kBinary, static_cast<uint32_t>(path.size()));
  for (const std::string& part : path) footer.ListBinary(part);
  footer.FieldI32(4, codec);
  footer.FieldI64(5, rows);
  footer.FieldI64(6, static_cast<int64_t>(chunk_size));
  footer.FieldI64(7, static_cast<int64_t>(chunk_size));
  footer.FieldI64(9, 4);
  footer.EndStruct();
  footer.EndStruct();
  footer.FieldI64(2, static_cast<int64_t>(chunk_size));
  footer.FieldI64(3, rows);
  footer.EndStruct();
  footer.EndStruct();
  std::string bytes = footer.Release();
  file += bytes;
  auto length = static_cast<uint32_t>(bytes.size());
  file.append(reinterpret_cast<const char*>(&length), 4);
  file += "PAR1";
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const std::vector<Element>& schema = kSchemas[data[0] % kSchemas.size()];
  int codec = kCodecs[data[1] % (sizeof(kCodecs) / sizeof(kCodecs[0]))];
  int64_t rows = 1 + (data[2] | (data[3] << 8)) % 5000;
  static tarn::FuzzInputFile input(".parquet");
  std::string file = BuildFile(schema, codec, rows, data + 4, size - 4);
  if (!input.Write(file.data(), file.size())) return 0;
  try {
    auto opened = tarn::ParquetFile::Open(input.path());
    if (!opened.ok()) return 0;
    std::shared_ptr<const tarn::ParquetFile> parquet = std::move(opened).value();
    for (const tarn::ParquetColumn& column : parquet->columns()) {
      if (!column.unsupported.empty()) continue;
      tarn::ParquetColumnReader reader(parquet, 0, column);
      tarn::Vector vector(column.type);
      for (int64_t done = 0; done < rows; done += tarn::kVectorSize) {
        vector.Reset();
        auto count = static_cast<tarn::idx_t>(std::min<int64_t>(tarn::kVectorSize, rows - done));
        reader.Read(count, vector);
        for (tarn::idx_t row = 0; row < count; row++) vector.GetValue(row);
      }
    }
  } catch (const tarn::TarnException& error) {
    if (error.code() == tarn::ErrorCode::kInternal) __builtin_trap();
  }
  return 0;
}
