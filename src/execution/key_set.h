#pragma once

#include "execution/group_hash_table.h"
#include "types/logical_type.h"

namespace tarn {

// KeySet is an immutable set of encoded values of one type, built at plan time for
// `x IN (constants)` and uncorrelated `x IN (SELECT ...)`. Thread safety: read-only after
// construction, shared by all threads.
struct KeySet {
  LogicalType type;
  GroupHashTable table;
};

}  // namespace tarn
