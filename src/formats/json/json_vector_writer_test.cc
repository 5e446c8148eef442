#include "formats/json/json_vector_writer.h"

#include <gtest/gtest.h>

#include "formats/json/json_document.h"

namespace tarn {
namespace {

LogicalType Type(const char* name) { return ParseTypeName(name).ValueOrThrow(); }

simdjson::dom::element Parse(JsonDocumentParser& parser, std::string_view text) {
  simdjson::dom::element root;
  EXPECT_EQ(parser.Parse(text, &root), simdjson::SUCCESS);
  return root;
}

TEST(JsonVectorWriterTest, WritesNestedValuesIntoChildren) {
  LogicalType type = Type("STRUCT(a INTEGER, b VARCHAR[], c STRUCT(d DOUBLE))");
  Vector vector(type);
  JsonVectorWriter writer(type);
  JsonDocumentParser parser;
  ASSERT_TRUE(writer.Write(Parse(parser, R"({"b": ["x", 2, null], "a": 7, "zz": 1})"), vector, 0));
  ASSERT_TRUE(writer.Write(Parse(parser, R"({"c": {"d": 1}, "b": []})"), vector, 1));
  ASSERT_TRUE(writer.Write(Parse(parser, "null"), vector, 2));
  EXPECT_EQ(vector.GetValue(0).ToString(), "{'a': 7, 'b': ['x', '2', NULL], 'c': NULL}");
  EXPECT_EQ(vector.GetValue(1).ToString(), "{'a': NULL, 'b': [], 'c': {'d': 1.0}}");
  EXPECT_TRUE(vector.GetValue(2).is_null());
  // A NULL struct row has NULL fields.
  EXPECT_FALSE(vector.child(0).validity().RowIsValid(2));
  EXPECT_EQ(vector.child(1).list_size(), 3u);
}

TEST(JsonVectorWriterTest, ReportsWhereAValueDoesNotFit) {
  LogicalType type = Type("STRUCT(list BIGINT[])");
  Vector vector(type);
  JsonVectorWriter strict(type);
  JsonDocumentParser parser;
  EXPECT_FALSE(strict.Write(Parse(parser, R"({"list": [1, "two"]})"), vector, 0));
  EXPECT_EQ(strict.failure_path(), ".list[1]");
  EXPECT_EQ(strict.failure_type().ToString(), "BIGINT");

  Vector lenient_vector(type);
  JsonVectorWriter lenient(type, JsonVectorWriter::OnMismatch::kNull);
  EXPECT_TRUE(lenient.Write(Parse(parser, R"({"list": [1, "two"]})"), lenient_vector, 0));
  EXPECT_TRUE(lenient.Write(Parse(parser, R"({"list": {"x": 1}})"), lenient_vector, 1));
  EXPECT_EQ(lenient_vector.GetValue(0).ToString(), "{'list': [1, NULL]}");
  EXPECT_EQ(lenient_vector.GetValue(1).ToString(), "{'list': NULL}");
}

TEST(JsonVectorWriterTest, GrowsListChildrenBeyondOneChunk) {
  LogicalType type = Type("INTEGER[][]");
  Vector vector(type);
  JsonVectorWriter writer(type);
  JsonDocumentParser parser;
  std::string text = "[";
  for (int i = 0; i < 3000; i++) text += (i ? ",[" : "[") + std::to_string(i) + "]";
  text += "]";
  for (idx_t row = 0; row < 4; row++) ASSERT_TRUE(writer.Write(Parse(parser, text), vector, row));
  EXPECT_EQ(vector.list_size(), 12000u);
  EXPECT_EQ(vector.child(0).list_size(), 12000u);
  EXPECT_EQ(vector.GetValue(3).children()[2999].ToString(), "[2999]");
}

}  // namespace
}  // namespace tarn
