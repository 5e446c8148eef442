#pragma once

#include <optional>
#include <vector>

#include "execution/group_hash_table.h"
#include "types/logical_type.h"
#include "types/value.h"

namespace tarn {

// KeySet is an immutable set of encoded values of one type, built at plan time for
// `x IN (constants)` and uncorrelated `x IN (SELECT ...)`. Thread safety: read-only after
// construction, shared by all threads.
struct KeySet {
  LogicalType type;
  GroupHashTable table;
  // The non-NULL constants of an IN list, for scans that skip data by them (filter
  // pushdown); absent for IN (SELECT ...).
  std::optional<std::vector<Value>> values;
};

}  // namespace tarn
