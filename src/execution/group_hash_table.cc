#include "execution/group_hash_table.h"

#include <algorithm>
#include <cstring>

#include "execution/key_encoder.h"

namespace tarn {

namespace {

// Empty keys (an aggregate without GROUP BY) have no bytes and may have a null data
// pointer, which memcmp must not see.
inline bool KeysEqual(std::string_view a, std::string_view b) {
  size_t size = a.size();
  if (size != b.size()) return false;
  if (size <= 16) {
    // Short keys (encoded integers) compare inline: a library call costs more.
    for (size_t i = 0; i < size; i++) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  return std::memcmp(a.data(), b.data(), size) == 0;
}

// Keys are hashed, and their slots prefetched, this many at a time before they are
// looked up, so that the cache misses of a large table overlap.
constexpr idx_t kPrefetchBatch = 32;

}  // namespace

GroupHashTable::GroupHashTable(size_t initial_slots)
    : arena_(std::min<size_t>(64 * 1024, initial_slots * 16)) {
  slots_.assign(initial_slots, Slot{0, kNotFound});
  mask_ = slots_.size() - 1;
}

void GroupHashTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{0, kNotFound});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.group == kNotFound) continue;
    uint64_t position = slot.hash & mask_;
    while (slots_[position].group != kNotFound) position = (position + 1) & mask_;
    slots_[position] = slot;
  }
}

uint32_t GroupHashTable::FindOrInsertOne(std::string_view key, uint64_t hash, bool* inserted) {
  uint64_t position = hash & mask_;
  while (true) {
    Slot& slot = slots_[position];
    if (slot.group == kNotFound) break;
    if (slot.hash == hash && KeysEqual(keys_[slot.group], key)) {
      *inserted = false;
      return slot.group;
    }
    position = (position + 1) & mask_;
  }
  auto group = static_cast<uint32_t>(keys_.size());
  keys_.push_back(arena_.AddString(key));
  hashes_.push_back(hash);
  slots_[position] = Slot{hash, group};
  *inserted = true;
  if (keys_.size() * 2 > slots_.size()) Grow();
  return group;
}

void GroupHashTable::FindOrInsert(const std::string_view* keys, idx_t count, uint32_t* group_ids,
                                  std::vector<uint32_t>* new_group_rows) {
  uint64_t hashes[kPrefetchBatch];
  for (idx_t begin = 0; begin < count; begin += kPrefetchBatch) {
    idx_t end = std::min(count, begin + kPrefetchBatch);
    for (idx_t i = begin; i < end; i++) {
      hashes[i - begin] = HashKey(keys[i]);
      __builtin_prefetch(&slots_[hashes[i - begin] & mask_]);
    }
    for (idx_t i = begin; i < end; i++) {
      bool inserted;
      group_ids[i] = FindOrInsertOne(keys[i], hashes[i - begin], &inserted);
      if (inserted && new_group_rows) new_group_rows->push_back(static_cast<uint32_t>(i));
    }
  }
}

uint32_t GroupHashTable::FindOne(std::string_view key, uint64_t hash) const {
  uint64_t position = hash & mask_;
  while (true) {
    const Slot& slot = slots_[position];
    if (slot.group == kNotFound) return kNotFound;
    if (slot.hash == hash && KeysEqual(keys_[slot.group], key)) return slot.group;
    position = (position + 1) & mask_;
  }
}

void GroupHashTable::Find(const std::string_view* keys, idx_t count, uint32_t* group_ids) const {
  uint64_t hashes[kPrefetchBatch];
  for (idx_t begin = 0; begin < count; begin += kPrefetchBatch) {
    idx_t end = std::min(count, begin + kPrefetchBatch);
    for (idx_t i = begin; i < end; i++) {
      hashes[i - begin] = HashKey(keys[i]);
      __builtin_prefetch(&slots_[hashes[i - begin] & mask_]);
    }
    for (idx_t i = begin; i < end; i++) group_ids[i] = FindOne(keys[i], hashes[i - begin]);
  }
}

size_t GroupHashTable::MemoryUsage() const {
  return slots_.size() * sizeof(Slot) + keys_.size() * (sizeof(std::string_view) + 8) +
         arena_.BytesAllocated();
}

PackedGroupHashTable::PackedGroupHashTable(size_t initial_slots) {
  slots_.assign(initial_slots, Slot{0, 0, kNotFound});
  mask_ = slots_.size() - 1;
}

void PackedGroupHashTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{0, 0, kNotFound});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.group == kNotFound) continue;
    uint64_t position = Hash(slot.key, slot.nulls) & mask_;
    while (slots_[position].group != kNotFound) position = (position + 1) & mask_;
    slots_[position] = slot;
  }
}

uint32_t PackedGroupHashTable::Insert(uint64_t position, uint64_t key, uint32_t nulls) {
  auto group = static_cast<uint32_t>(keys_.size());
  keys_.push_back(key);
  nulls_.push_back(nulls);
  slots_[position] = Slot{key, nulls, group};
  if (keys_.size() * 2 > slots_.size()) Grow();
  return group;
}

uint32_t PackedGroupHashTable::FindOrInsertOne(uint64_t key, uint32_t nulls, bool* inserted) {
  uint64_t position = Hash(key, nulls) & mask_;
  while (true) {
    const Slot& slot = slots_[position];
    if (slot.group == kNotFound) break;
    if (slot.key == key && slot.nulls == nulls) {
      *inserted = false;
      return slot.group;
    }
    position = (position + 1) & mask_;
  }
  *inserted = true;
  return Insert(position, key, nulls);
}

void PackedGroupHashTable::FindOrInsert(const uint64_t* keys, const uint32_t* nulls, idx_t count,
                                        uint32_t* group_ids,
                                        std::vector<uint32_t>* new_group_rows) {
  uint64_t positions[kPrefetchBatch];
  for (idx_t begin = 0; begin < count; begin += kPrefetchBatch) {
    idx_t end = std::min(count, begin + kPrefetchBatch);
    for (idx_t i = begin; i < end; i++) {
      positions[i - begin] = Hash(keys[i], nulls[i]);
      __builtin_prefetch(&slots_[positions[i - begin] & mask_]);
    }
    for (idx_t i = begin; i < end; i++) {
      uint64_t key = keys[i];
      uint32_t key_nulls = nulls[i];
      // The mask may change when an insert grows the table, so it is applied here.
      uint64_t position = positions[i - begin] & mask_;
      uint32_t group;
      while (true) {
        const Slot& slot = slots_[position];
        if (slot.group == kNotFound) {
          group = Insert(position, key, key_nulls);
          if (new_group_rows) new_group_rows->push_back(static_cast<uint32_t>(i));
          break;
        }
        if (slot.key == key && slot.nulls == key_nulls) {
          group = slot.group;
          break;
        }
        position = (position + 1) & mask_;
      }
      group_ids[i] = group;
    }
  }
}

void PackedGroupHashTable::Find(const uint64_t* keys, const uint32_t* nulls, idx_t count,
                                uint32_t* group_ids) const {
  uint64_t positions[kPrefetchBatch];
  for (idx_t begin = 0; begin < count; begin += kPrefetchBatch) {
    idx_t end = std::min(count, begin + kPrefetchBatch);
    for (idx_t i = begin; i < end; i++) {
      positions[i - begin] = Hash(keys[i], nulls[i]) & mask_;
      __builtin_prefetch(&slots_[positions[i - begin]]);
    }
    for (idx_t i = begin; i < end; i++) {
      uint64_t position = positions[i - begin];
      uint32_t group = kNotFound;
      while (true) {
        const Slot& slot = slots_[position];
        if (slot.group == kNotFound) break;
        if (slot.key == keys[i] && slot.nulls == nulls[i]) {
          group = slot.group;
          break;
        }
        position = (position + 1) & mask_;
      }
      group_ids[i] = group;
    }
  }
}

size_t PackedGroupHashTable::MemoryUsage() const {
  return slots_.size() * sizeof(Slot) + keys_.capacity() * sizeof(uint64_t) +
         nulls_.capacity() * sizeof(uint32_t);
}

}  // namespace tarn
