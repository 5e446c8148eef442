#include "formats/parquet/thrift_compact_writer.h"

#include <gtest/gtest.h>

#include "formats/parquet/thrift_compact_reader.h"

namespace tarn {
namespace {

TEST(ThriftCompactWriterTest, SmallFieldIdsUseOneHeaderByte) {
  ThriftCompactWriter writer;
  writer.BeginStruct();
  writer.FieldI32(1, 3);      // delta 1, type i32: 0x15, zigzag(3) = 6
  writer.FieldBool(2, true);  // delta 1, type true: 0x11
  writer.FieldI64(20, -1);    // delta 18 > 15: type byte 0x06, zigzag id 40, zigzag(-1) = 1
  writer.EndStruct();
  EXPECT_EQ(writer.bytes(), std::string("\x15\x06\x11\x06\x28\x01\x00", 7));
}

TEST(ThriftCompactWriterTest, ReaderDecodesWhatWriterEncodes) {
  ThriftCompactWriter writer;
  writer.BeginStruct();
  writer.FieldI32(1, -123456);
  writer.FieldI64(2, int64_t(1) << 40);
  writer.FieldBinary(4, "hello");
  writer.FieldStructBegin(5);
  writer.FieldBool(1, false);
  writer.FieldI16(3, -7);
  writer.EndStruct();
  writer.FieldListBegin(6, ThriftType::kStruct, 20);
  for (int i = 0; i < 20; i++) {
    writer.BeginStruct();
    writer.FieldI32(1, i);
    writer.EndStruct();
  }
  writer.FieldListBegin(7, ThriftType::kBinary, 2);
  writer.ListBinary("a");
  writer.ListBinary("bc");
  writer.FieldI32(100, 42);
  writer.EndStruct();
  std::string bytes = writer.Release();

  ThriftCompactReader reader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  reader.BeginStruct();
  auto field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 1);
  EXPECT_EQ(reader.ReadI32(), -123456);
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 2);
  EXPECT_EQ(reader.ReadI64(), int64_t(1) << 40);
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 4);
  EXPECT_EQ(reader.ReadBinary(), "hello");
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 5);
  EXPECT_EQ(field.type, ThriftType::kStruct);
  reader.BeginStruct();
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 1);
  EXPECT_FALSE(ThriftCompactReader::BooleanFieldValue(field));
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 3);
  EXPECT_EQ(reader.ReadI16(), -7);
  EXPECT_EQ(reader.ReadFieldHeader().type, ThriftType::kStop);
  reader.EndStruct();
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 6);
  auto list = reader.ReadListHeader();
  EXPECT_EQ(list.element_type, ThriftType::kStruct);
  ASSERT_EQ(list.size, 20u);
  for (int i = 0; i < 20; i++) {
    reader.BeginStruct();
    field = reader.ReadFieldHeader();
    EXPECT_EQ(field.id, 1);
    EXPECT_EQ(reader.ReadI32(), i);
    EXPECT_EQ(reader.ReadFieldHeader().type, ThriftType::kStop);
    reader.EndStruct();
  }
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 7);
  list = reader.ReadListHeader();
  ASSERT_EQ(list.size, 2u);
  EXPECT_EQ(reader.ReadBinary(), "a");
  EXPECT_EQ(reader.ReadBinary(), "bc");
  field = reader.ReadFieldHeader();
  EXPECT_EQ(field.id, 100);
  EXPECT_EQ(reader.ReadI32(), 42);
  EXPECT_EQ(reader.ReadFieldHeader().type, ThriftType::kStop);
  reader.EndStruct();
  EXPECT_EQ(reader.position(), bytes.size());
}

}  // namespace
}  // namespace tarn
