#include "catalog/crawler/schema_merge.h"

#include <gtest/gtest.h>

namespace tarn {
namespace {

CatalogColumn Column(const std::string& name, const LogicalType& type) {
  return CatalogColumn{name, type, ""};
}

TEST(SchemaMergeTest, NumericWidening) {
  EXPECT_EQ(*WidenType(TypeId::kInteger, TypeId::kBigint), LogicalType(TypeId::kBigint));
  EXPECT_EQ(*WidenType(TypeId::kBigint, TypeId::kInteger), LogicalType(TypeId::kBigint));
  EXPECT_EQ(*WidenType(TypeId::kInteger, TypeId::kDouble), LogicalType(TypeId::kDouble));
  EXPECT_EQ(*WidenType(TypeId::kDate, TypeId::kTimestamp), LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(*WidenType(TypeId::kNull, TypeId::kVarchar), LogicalType(TypeId::kVarchar));
  EXPECT_FALSE(WidenType(TypeId::kVarchar, TypeId::kBigint).has_value());
  EXPECT_FALSE(WidenType(TypeId::kDate, TypeId::kVarchar).has_value());
  EXPECT_FALSE(WidenType(TypeId::kBoolean, TypeId::kInteger).has_value());
  EXPECT_EQ(*WidenType(TypeId::kVarchar, TypeId::kVarchar), LogicalType(TypeId::kVarchar));
}

TEST(SchemaMergeTest, DecimalWidening) {
  // DECIMAL(10,2) has 8 integer digits; DECIMAL(6,4) has 2: the result keeps 8 and 4.
  EXPECT_EQ(*WidenType(LogicalType::Decimal(10, 2), LogicalType::Decimal(6, 4)),
            LogicalType::Decimal(12, 4));
  // BIGINT needs 19 integer digits.
  EXPECT_EQ(*WidenType(LogicalType::Decimal(10, 2), TypeId::kBigint), LogicalType::Decimal(21, 2));
  EXPECT_EQ(*WidenType(LogicalType::Decimal(10, 2), TypeId::kInteger), LogicalType::Decimal(12, 2));
  EXPECT_EQ(*WidenType(LogicalType::Decimal(10, 2), TypeId::kDouble), LogicalType(TypeId::kDouble));
  EXPECT_EQ(*WidenType(LogicalType::Decimal(38, 10), LogicalType::Decimal(38, 20)),
            LogicalType::Decimal(38, 20));
}

TEST(SchemaMergeTest, NestedWidening) {
  LogicalType left = LogicalType::Struct({{"a", TypeId::kInteger}});
  LogicalType right = LogicalType::Struct({{"a", TypeId::kBigint}, {"b", TypeId::kVarchar}});
  EXPECT_EQ(*WidenType(left, right),
            LogicalType::Struct({{"a", TypeId::kBigint}, {"b", TypeId::kVarchar}}));
  EXPECT_EQ(*WidenType(LogicalType::List(TypeId::kInteger), LogicalType::List(TypeId::kDouble)),
            LogicalType::List(TypeId::kDouble));
  EXPECT_FALSE(WidenType(LogicalType::List(TypeId::kInteger), LogicalType::List(TypeId::kVarchar)));
}

TEST(SchemaMergeTest, UnionOfColumnsInOrderOfAppearance) {
  auto merged = MergeColumns({Column("id", TypeId::kInteger), Column("name", TypeId::kVarchar)},
                             {Column("ID", TypeId::kBigint), Column("score", TypeId::kDouble)});
  ASSERT_TRUE(merged.has_value());
  ASSERT_EQ(merged->size(), 3u);
  EXPECT_EQ((*merged)[0].name, "id");
  EXPECT_EQ((*merged)[0].type, LogicalType(TypeId::kBigint));
  EXPECT_EQ((*merged)[1].name, "name");
  EXPECT_EQ((*merged)[2].name, "score");
}

TEST(SchemaMergeTest, TooLittleOverlapOrConflictingTypesAreIncompatible) {
  // One of three shared: fewer than half of the smaller (3) schema.
  EXPECT_FALSE(MergeColumns({Column("a", TypeId::kBigint), Column("b", TypeId::kBigint),
                             Column("c", TypeId::kBigint)},
                            {Column("a", TypeId::kBigint), Column("x", TypeId::kBigint),
                             Column("y", TypeId::kBigint), Column("z", TypeId::kBigint)})
                   .has_value());
  // Two of four shared: exactly half is enough.
  EXPECT_TRUE(MergeColumns({Column("a", TypeId::kBigint), Column("b", TypeId::kBigint),
                            Column("c", TypeId::kBigint), Column("d", TypeId::kBigint)},
                           {Column("a", TypeId::kBigint), Column("b", TypeId::kBigint),
                            Column("y", TypeId::kBigint), Column("z", TypeId::kBigint)})
                  .has_value());
  EXPECT_FALSE(
      MergeColumns({Column("a", TypeId::kVarchar)}, {Column("a", TypeId::kBigint)}).has_value());
}

TEST(SchemaMergeTest, DescribesChanges) {
  EXPECT_EQ(DescribeColumnChanges({Column("a", TypeId::kInteger)},
                                  {Column("a", TypeId::kBigint), Column("b", TypeId::kVarchar)}),
            "added column b VARCHAR; widened a INTEGER -> BIGINT");
  EXPECT_EQ(DescribeColumnChanges({Column("a", TypeId::kInteger)}, {Column("a", TypeId::kInteger)}),
            "");
}

}  // namespace
}  // namespace tarn
