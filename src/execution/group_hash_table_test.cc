#include "execution/group_hash_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "execution/key_encoder.h"

namespace tarn {
namespace {

TEST(GroupHashTableTest, AssignsDenseGroupsInOrderOfFirstAppearance) {
  GroupHashTable table;
  std::vector<std::string> storage = {"b", "a", "b", "c", "a"};
  std::vector<std::string_view> keys(storage.begin(), storage.end());
  std::vector<uint32_t> groups(keys.size());
  std::vector<uint32_t> new_rows;
  table.FindOrInsert(keys.data(), keys.size(), groups.data(), &new_rows);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 1, 0, 2, 1}));
  EXPECT_EQ(new_rows, (std::vector<uint32_t>{0, 1, 3}));
  EXPECT_EQ(table.size(), 3u);
  std::string_view missing = "z";
  uint32_t found;
  table.Find(&missing, 1, &found);
  EXPECT_EQ(found, GroupHashTable::kNotFound);
}

TEST(GroupHashTableTest, StringKeyMatchesOnlyTheEncodingOfItsText) {
  Vector column{LogicalType(TypeId::kVarchar), 4};
  auto* data = column.Data<std::string_view>();
  std::string with_nul("a\0b", 3);
  data[0] = "ab";
  data[1] = "";
  data[2] = with_nul;
  column.validity().SetInvalid(3);
  Arena arena(256);
  std::string_view keys[4];
  EncodeKeys({&column}, nullptr, 4, {}, arena, keys);
  EXPECT_TRUE(StringKeyMatches(keys[0], "ab"));
  EXPECT_FALSE(StringKeyMatches(keys[0], "ac"));
  EXPECT_FALSE(StringKeyMatches(keys[0], "a"));
  EXPECT_TRUE(StringKeyMatches(keys[1], ""));
  EXPECT_FALSE(StringKeyMatches(keys[1], "ab"));
  // A value with NUL bytes is escaped in its key, so it never matches as it is.
  EXPECT_FALSE(StringKeyMatches(keys[2], with_nul));
  // NULL's key matches no text, not even the empty string.
  EXPECT_FALSE(StringKeyMatches(keys[3], ""));
}

TEST(GroupHashTableTest, GrowsAndKeepsEveryKey) {
  GroupHashTable table;
  std::vector<std::string> storage;
  for (int i = 0; i < 100000; i++) storage.push_back("key-" + std::to_string(i));
  std::vector<std::string_view> keys(storage.begin(), storage.end());
  std::vector<uint32_t> groups(keys.size());
  table.FindOrInsert(keys.data(), keys.size(), groups.data(), nullptr);
  EXPECT_EQ(table.size(), 100000u);
  std::vector<uint32_t> again(keys.size());
  table.Find(keys.data(), keys.size(), again.data());
  EXPECT_EQ(groups, again);
  for (uint32_t i = 0; i < 100000; i++) ASSERT_EQ(groups[i], i);
}

TEST(GroupHashTableTest, KeysOwnTheirBytes) {
  GroupHashTable table;
  {
    std::string temporary = "temporary";
    std::string_view key = temporary;
    uint32_t group;
    table.FindOrInsert(&key, 1, &group, nullptr);
  }
  EXPECT_EQ(table.key(0), "temporary");
}

TEST(PackedGroupHashTableTest, NullMaskDistinguishesEqualValueBits) {
  PackedGroupHashTable table(4);
  std::vector<uint64_t> keys = {0, 0, 7, 0, 7, 0};
  std::vector<uint32_t> nulls = {0, 1, 0, 1, 0, 3};
  std::vector<uint32_t> groups(keys.size());
  std::vector<uint32_t> new_rows;
  table.FindOrInsert(keys.data(), nulls.data(), keys.size(), groups.data(), &new_rows);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 1, 2, 1, 2, 3}));
  EXPECT_EQ(new_rows, (std::vector<uint32_t>{0, 1, 2, 5}));
  EXPECT_EQ(table.key(2), 7u);
  EXPECT_EQ(table.nulls(3), 3u);
  uint64_t missing_key = 7;
  uint32_t missing_nulls = 1;
  uint32_t found;
  table.Find(&missing_key, &missing_nulls, 1, &found);
  EXPECT_EQ(found, PackedGroupHashTable::kNotFound);
}

TEST(PackedGroupHashTableTest, GrowsAndKeepsEveryKey) {
  PackedGroupHashTable table(2);
  std::vector<uint64_t> keys;
  for (uint64_t i = 0; i < 100000; i++) keys.push_back(i * 0x100000001ULL);
  std::vector<uint32_t> nulls(keys.size(), 0);
  std::vector<uint32_t> groups(keys.size());
  table.FindOrInsert(keys.data(), nulls.data(), keys.size(), groups.data(), nullptr);
  EXPECT_EQ(table.size(), 100000u);
  std::vector<uint32_t> again(keys.size());
  table.Find(keys.data(), nulls.data(), keys.size(), again.data());
  EXPECT_EQ(groups, again);
  for (uint32_t i = 0; i < 100000; i++) ASSERT_EQ(groups[i], i);
  bool inserted;
  EXPECT_EQ(table.FindOrInsertOne(keys[500], 0, &inserted), 500u);
  EXPECT_FALSE(inserted);
}

Vector MakeColumn(LogicalType type, const std::vector<Value>& values) {
  Vector column(type, values.size());
  for (size_t i = 0; i < values.size(); i++) column.SetValue(i, values[i]);
  return column;
}

std::vector<std::string_view> Encode(const std::vector<const Vector*>& columns, idx_t count,
                                     const std::vector<KeyOrder>& orders, Arena& arena) {
  std::vector<std::string_view> keys(count);
  EncodeKeys(columns, nullptr, count, orders, arena, keys.data());
  return keys;
}

TEST(KeyEncoderTest, ByteOrderIsSqlOrder) {
  Arena arena;
  Vector numbers = MakeColumn(
      LogicalType(TypeId::kBigint),
      {Value::Bigint(-5), Value::Bigint(3), Value::Bigint(-100), Value(), Value::Bigint(0)});
  auto keys = Encode({&numbers}, 5, {KeyOrder{false, false}}, arena);
  // -100 < -5 < 0 < 3 < NULL (NULLS LAST)
  EXPECT_LT(keys[2], keys[0]);
  EXPECT_LT(keys[0], keys[4]);
  EXPECT_LT(keys[4], keys[1]);
  EXPECT_LT(keys[1], keys[3]);
  auto descending = Encode({&numbers}, 5, {KeyOrder{true, true}}, arena);
  // DESC NULLS FIRST: NULL < 3 < 0 < -5 < -100
  EXPECT_LT(descending[3], descending[1]);
  EXPECT_LT(descending[1], descending[4]);
  EXPECT_LT(descending[0], descending[2]);
}

TEST(KeyEncoderTest, StringsAndDoublesOrderAndCompareCorrectly) {
  Arena arena;
  Vector strings = MakeColumn(LogicalType(TypeId::kVarchar),
                              {Value::Varchar("ab"), Value::Varchar("a"),
                               Value::Varchar(std::string("a\0b", 3)), Value::Varchar("b")});
  auto keys = Encode({&strings}, 4, {}, arena);
  EXPECT_LT(keys[1], keys[2]);  // "a" < "a\0b"
  EXPECT_LT(keys[2], keys[0]);  // "a\0b" < "ab"
  EXPECT_LT(keys[0], keys[3]);
  Vector doubles = MakeColumn(
      LogicalType(TypeId::kDouble),
      {Value::Double(-0.0), Value::Double(0.0), Value::Double(-1.5), Value::Double(2.5)});
  auto double_keys = Encode({&doubles}, 4, {}, arena);
  EXPECT_EQ(double_keys[0], double_keys[1]);  // -0.0 groups with 0.0
  EXPECT_LT(double_keys[2], double_keys[0]);
  EXPECT_LT(double_keys[1], double_keys[3]);
}

TEST(KeyEncoderTest, MultiColumnKeysDoNotRunTogether) {
  Arena arena;
  Vector first =
      MakeColumn(LogicalType(TypeId::kVarchar), {Value::Varchar("a"), Value::Varchar("ab")});
  Vector second =
      MakeColumn(LogicalType(TypeId::kVarchar), {Value::Varchar("bc"), Value::Varchar("c")});
  auto keys = Encode({&first, &second}, 2, {}, arena);
  EXPECT_NE(keys[0], keys[1]);  // ("a", "bc") differs from ("ab", "c")
}

}  // namespace
}  // namespace tarn
