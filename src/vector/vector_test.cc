#include "vector/vector.h"

#include <gtest/gtest.h>

#include "vector/data_chunk.h"

namespace tarn {
namespace {

TEST(ValidityMaskTest, AllValidUntilARowIsInvalidated) {
  ValidityMask mask(100);
  EXPECT_TRUE(mask.AllValid());
  EXPECT_TRUE(mask.RowIsValid(99));
  mask.SetInvalid(64);
  EXPECT_FALSE(mask.AllValid());
  EXPECT_FALSE(mask.RowIsValid(64));
  EXPECT_TRUE(mask.RowIsValid(63));
  EXPECT_TRUE(mask.RowIsValid(65));
  mask.SetValid(64);
  EXPECT_TRUE(mask.RowIsValid(64));
}

TEST(VectorTest, SetAndGetValuesOfEveryType) {
  Vector integers(LogicalType(TypeId::kInteger), 4);
  integers.SetValue(0, Value::Integer(-7));
  integers.SetValue(1, Value());
  EXPECT_EQ(integers.GetValue(0), Value::Integer(-7));
  EXPECT_TRUE(integers.GetValue(1).is_null());

  Vector decimals(LogicalType::Decimal(38, 2), 2);
  int128_t big = static_cast<int128_t>(1) << 100;
  decimals.SetValue(0, Value::Decimal(big, 38, 2));
  EXPECT_EQ(decimals.GetValue(0).GetInt128(), big);

  Vector strings(LogicalType(TypeId::kVarchar), 2);
  {
    std::string temporary = "a string that outlives its source";
    strings.SetValue(0, Value::Varchar(temporary));
  }
  EXPECT_EQ(strings.GetValue(0).GetString(), "a string that outlives its source");

  Vector dates(LogicalType(TypeId::kDate), 1);
  dates.SetValue(0, Value::Date(18262));
  EXPECT_EQ(dates.GetValue(0).ToString(), "2020-01-01");
}

TEST(VectorTest, CopyFromGathersSelectedRowsAndNulls) {
  Vector source(LogicalType(TypeId::kBigint), 8);
  for (int i = 0; i < 8; i++) source.SetValue(i, Value::Bigint(i * 10));
  source.validity().SetInvalid(5);
  Vector target(LogicalType(TypeId::kBigint), 8);
  uint32_t rows[] = {7, 5, 1};
  target.CopyFrom(source, rows, 3, 2);
  EXPECT_EQ(target.GetValue(2), Value::Bigint(70));
  EXPECT_TRUE(target.GetValue(3).is_null());
  EXPECT_EQ(target.GetValue(4), Value::Bigint(10));
}

TEST(VectorTest, StringsSurviveTheSourceVector) {
  Vector target(LogicalType(TypeId::kVarchar), 2);
  {
    Vector source(LogicalType(TypeId::kVarchar), 2);
    source.SetValue(0, Value::Varchar("kept alive by sharing"));
    target.CopyFrom(source, nullptr, 1, 0);
  }
  EXPECT_EQ(target.GetValue(0).GetString(), "kept alive by sharing");
  target.MakeStringsOwned(1);
  EXPECT_EQ(target.GetValue(0).GetString(), "kept alive by sharing");
}

TEST(VectorTest, ResetGivesASharedVectorItsOwnBuffer) {
  Vector original(LogicalType(TypeId::kInteger), 2);
  original.SetValue(0, Value::Integer(1));
  Vector view;
  view.Reference(original);
  view.Reset();
  view.SetValue(0, Value::Integer(2));
  EXPECT_EQ(original.GetValue(0), Value::Integer(1));
  EXPECT_EQ(view.GetValue(0), Value::Integer(2));
}

TEST(VectorTest, ResetRestoresFullCapacityAfterTheShortVectorIsGone) {
  Vector view(LogicalType(TypeId::kBigint));
  {
    Vector short_vector(LogicalType(TypeId::kBigint), 3);
    short_vector.SetValue(0, Value::Bigint(7));
    view.Reference(short_vector);
  }
  // The view now owns the short buffer alone; callers still write kVectorSize rows.
  view.Reset();
  ASSERT_GE(view.capacity(), kVectorSize);
  view.SetValue(kVectorSize - 1, Value::Bigint(9));
  EXPECT_EQ(view.GetValue(kVectorSize - 1), Value::Bigint(9));
}

TEST(DataChunkTest, SliceComposesSelectionsAndFlattenApplies) {
  DataChunk chunk({LogicalType(TypeId::kInteger)});
  for (int i = 0; i < 10; i++) chunk.column(0).SetValue(i, Value::Integer(i));
  chunk.SetSize(10);
  uint32_t even[] = {0, 2, 4, 6, 8};
  chunk.Slice(even, 5);
  uint32_t second_and_last[] = {1, 4};
  chunk.Slice(second_and_last, 2);
  ASSERT_EQ(chunk.size(), 2u);
  EXPECT_EQ(chunk.GetValue(0, 0), Value::Integer(2));
  EXPECT_EQ(chunk.GetValue(0, 1), Value::Integer(8));
  chunk.Flatten();
  EXPECT_FALSE(chunk.HasSelection());
  EXPECT_EQ(chunk.column(0).GetValue(1), Value::Integer(8));
}

TEST(DataChunkTest, AppendGrowsPastTheVectorSize) {
  DataChunk source({LogicalType(TypeId::kVarchar)});
  for (idx_t i = 0; i < kVectorSize; i++)
    source.column(0).SetValue(i, Value::Varchar("v" + std::to_string(i)));
  source.SetSize(kVectorSize);
  DataChunk target({LogicalType(TypeId::kVarchar)});
  target.Append(source);
  target.Append(source);
  ASSERT_EQ(target.size(), 2 * kVectorSize);
  EXPECT_EQ(target.GetValue(0, kVectorSize + 5).GetString(), "v5");
}

Value IntegerList(std::vector<int> values) {
  std::vector<Value> elements;
  for (int value : values) elements.push_back(Value::Integer(value));
  return Value::List(LogicalType(TypeId::kInteger), std::move(elements));
}

TEST(NestedVectorTest, ListsGatherTheirElementsThroughASelection) {
  LogicalType type = LogicalType::List(LogicalType(TypeId::kInteger));
  Vector lists(type, 4);
  lists.SetValue(0, IntegerList({1, 2}));
  lists.SetValue(1, Value());
  lists.SetValue(2, IntegerList({}));
  lists.SetValue(3, IntegerList({7, 8, 9}));
  EXPECT_EQ(lists.list_size(), 5u);

  Vector gathered(type, 4);
  uint32_t selection[] = {3, 1, 0};
  gathered.CopyFrom(lists, selection, 3, 0);
  EXPECT_EQ(gathered.GetValue(0), IntegerList({7, 8, 9}));
  EXPECT_TRUE(gathered.GetValue(1).is_null());
  EXPECT_EQ(gathered.GetValue(2), IntegerList({1, 2}));
  // Only the selected rows' elements were copied.
  EXPECT_EQ(gathered.list_size(), 5u);
  EXPECT_EQ(gathered.GetValue(0).ToString(), "[7, 8, 9]");
}

TEST(NestedVectorTest, ListChildGrowsPastItsFirstCapacity) {
  LogicalType type = LogicalType::List(LogicalType(TypeId::kVarchar));
  Vector lists(type, 2);
  std::vector<Value> many;
  for (int i = 0; i < 5000; i++) many.push_back(Value::Varchar("value " + std::to_string(i)));
  lists.SetValue(0, Value::List(LogicalType(TypeId::kVarchar), many));
  lists.SetValue(1, Value::List(LogicalType(TypeId::kVarchar), {Value::Varchar("last")}));
  EXPECT_EQ(lists.list_size(), 5001u);
  EXPECT_EQ(lists.GetValue(0).children()[4999].GetString(), "value 4999");
  EXPECT_EQ(lists.GetValue(1).ToString(), "['last']");
}

TEST(NestedVectorTest, StructRowsAndNullStructs) {
  LogicalType type = LogicalType::Struct(
      {{"a", LogicalType(TypeId::kInteger)}, {"b", LogicalType(TypeId::kVarchar)}});
  Vector structs(type, 3);
  structs.SetValue(0, Value::Struct(type, {Value::Integer(1), Value::Varchar("x")}));
  structs.SetValue(1, Value::Null(type));
  structs.SetValue(2, Value::Struct(type, {Value(), Value::Varchar("z")}));
  EXPECT_EQ(structs.GetValue(0).ToString(), "{'a': 1, 'b': 'x'}");
  EXPECT_TRUE(structs.GetValue(1).is_null());
  EXPECT_FALSE(structs.child(0).validity().RowIsValid(1));
  EXPECT_EQ(structs.GetValue(2).ToString(), "{'a': NULL, 'b': 'z'}");

  // A vector that references another must get fresh children when reset, never write
  // into the shared ones.
  Vector view(type, 3);
  view.Reference(structs);
  view.Reset();
  view.SetValue(0, Value::Struct(type, {Value::Integer(5), Value::Varchar("y")}));
  EXPECT_EQ(structs.GetValue(0).ToString(), "{'a': 1, 'b': 'x'}");
  EXPECT_EQ(view.GetValue(0).ToString(), "{'a': 5, 'b': 'y'}");
}

TEST(NestedVectorTest, TypeNamesParseInSqlAndHiveSpelling) {
  auto hive = ParseTypeName("ARRAY<STRUCT<x:INT,y:STRING>>");
  ASSERT_TRUE(hive.ok());
  EXPECT_EQ(hive.value().ToString(), "STRUCT(x INTEGER, y VARCHAR)[]");
  auto sql = ParseTypeName("STRUCT(x INTEGER, y VARCHAR)[]");
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(sql.value(), hive.value());
  auto map = ParseTypeName("map<string, list(bigint)>");
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map.value().ToString(), "MAP(VARCHAR, BIGINT[])");
  EXPECT_FALSE(ParseTypeName("STRUCT(a INT, a INT)").ok());
  EXPECT_FALSE(ParseTypeName("MAP(INT)").ok());
  EXPECT_FALSE(ParseTypeName("ARRAY<INT").ok());
  std::string deep;
  for (int i = 0; i < 100; i++) deep += "LIST(";
  deep += "INT";
  for (int i = 0; i < 100; i++) deep += ")";
  EXPECT_FALSE(ParseTypeName(deep).ok());
}

}  // namespace
}  // namespace tarn
