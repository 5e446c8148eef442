#pragma once

#include <string_view>
#include <vector>

#include "common/arena.h"
#include "vector/data_chunk.h"

namespace tarn {

// How one key column orders: direction and where NULLs go.
struct KeyOrder {
  bool descending = false;
  bool nulls_first = false;
};

// Encodes the values of several columns of each row into one byte string whose memcmp
// order is the SQL order of the rows (per KeyOrder) and whose byte equality is SQL
// "not distinct" equality (NULL equals NULL; -0.0 equals 0.0; all NaNs are equal and sort
// above every number). One mechanism serves sorting, grouping, joins, DISTINCT and IN.
// Thread safety: stateless functions; the Arena belongs to the caller.
//
// `rows` selects physical rows (null: rows 0..count-1). `orders` may be empty (all
// ascending, NULLs first). Keys are written into `arena`; keys[i] views them.
void EncodeKeys(const std::vector<const Vector*>& columns, const uint32_t* rows, idx_t count,
                const std::vector<KeyOrder>& orders, Arena& arena, std::string_view* keys);

// Whether `key` is what EncodeKeys writes for one ascending column holding the non-NULL
// string `text` (a cheap check that a remembered group key still matches a value).
bool StringKeyMatches(std::string_view key, std::string_view text);

// A fast 64-bit hash of key bytes.
uint64_t HashKey(std::string_view key);

}  // namespace tarn
