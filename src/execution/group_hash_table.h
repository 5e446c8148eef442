#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/arena.h"
#include "types/logical_type.h"

namespace tarn {

// GroupHashTable maps encoded keys (see key_encoder.h) to dense group numbers 0, 1, 2...
// in order of first appearance. Open addressing with linear probing over slots that store
// the full 64-bit hash, so most mismatches are rejected without touching key bytes.
// It owns copies of its keys. Thread safety: none; each thread builds its own and they
// are merged with Merge().
class GroupHashTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  // `initial_slots` must be a power of two; small tables (one per group of a DISTINCT
  // aggregate) start small and grow.
  explicit GroupHashTable(size_t initial_slots = 1024);

  // For each key, the existing group or a new one. Rows that created a group are appended
  // to `new_group_rows` (may be null).
  void FindOrInsert(const std::string_view* keys, idx_t count, uint32_t* group_ids,
                    std::vector<uint32_t>* new_group_rows);
  uint32_t FindOrInsertOne(std::string_view key, uint64_t hash, bool* inserted);
  // For each key, its group or kNotFound.
  void Find(const std::string_view* keys, idx_t count, uint32_t* group_ids) const;
  uint32_t FindOne(std::string_view key, uint64_t hash) const;

  idx_t size() const { return keys_.size(); }
  std::string_view key(uint32_t group) const { return keys_[group]; }
  uint64_t hash(uint32_t group) const { return hashes_[group]; }
  size_t MemoryUsage() const;

 private:
  struct Slot {
    uint64_t hash;
    uint32_t group;
  };
  void Grow();

  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<std::string_view> keys_;
  std::vector<uint64_t> hashes_;
  Arena arena_;
};

// PackedGroupHashTable maps keys packed into one 64-bit integer plus a mask of NULL key
// columns to dense group numbers 0, 1, 2... in order of first appearance. It serves GROUP
// BY over integer-like columns whose value bits fit in 64, without encoding byte strings.
// Open addressing with linear probing; slots store the full key. Thread safety: none.
class PackedGroupHashTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  explicit PackedGroupHashTable(size_t initial_slots = 1024);

  // A hash of a key with good high bits (spill partitions use them) and low bits (slots).
  static uint64_t Hash(uint64_t key, uint32_t nulls) {
    uint64_t hash = key ^ (uint64_t(nulls) * 0x9E3779B97F4A7C15ULL);
    hash ^= hash >> 33;
    hash *= 0xFF51AFD7ED558CCDULL;
    hash ^= hash >> 33;
    hash *= 0xC4CEB9FE1A85EC53ULL;
    hash ^= hash >> 33;
    return hash;
  }

  // For each key, the existing group or a new one. Rows that created a group are appended
  // to `new_group_rows` (may be null).
  void FindOrInsert(const uint64_t* keys, const uint32_t* nulls, idx_t count, uint32_t* group_ids,
                    std::vector<uint32_t>* new_group_rows);
  uint32_t FindOrInsertOne(uint64_t key, uint32_t nulls, bool* inserted);
  // For each key, its group or kNotFound.
  void Find(const uint64_t* keys, const uint32_t* nulls, idx_t count, uint32_t* group_ids) const;

  idx_t size() const { return keys_.size(); }
  uint64_t key(uint32_t group) const { return keys_[group]; }
  uint32_t nulls(uint32_t group) const { return nulls_[group]; }
  size_t MemoryUsage() const;

 private:
  struct Slot {
    uint64_t key;
    uint32_t nulls;
    uint32_t group;
  };
  void Grow();
  uint32_t Insert(uint64_t position, uint64_t key, uint32_t nulls);

  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> nulls_;
};

}  // namespace tarn
