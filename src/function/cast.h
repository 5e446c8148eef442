#pragma once

#include "types/logical_type.h"
#include "vector/vector.h"

namespace tarn {

// Converts `count` dense rows of `source` into `result` (whose type is the target).
// NULL stays NULL. With try_cast a value that does not convert becomes NULL; otherwise
// the first such value throws kConversion naming the value and both types, e.g.
//   Could not convert string 'abc' to INTEGER
//   Could not convert BIGINT value 3000000000 to INTEGER: the value is out of range
// Numeric narrowing that overflows throws kOutOfRange (or NULL under try_cast).
// Rules follow PostgreSQL: DOUBLE -> INTEGER rounds half away from zero; DECIMAL rescaling
// rounds half away from zero; VARCHAR parses with the strict parsers of numeric.h and
// date_time.h; everything casts to VARCHAR with Value::ToString's formatting.
void CastVector(const Vector& source, Vector& result, idx_t count, bool try_cast);

// Whether a CAST from `from` to `to` exists at all (explicitly).
bool CastExists(const LogicalType& from, const LogicalType& to);

// Whether the binder may insert the cast silently (function arguments, comparisons,
// INSERT targets): numeric widening (INTEGER -> BIGINT -> DECIMAL -> DOUBLE), DATE ->
// TIMESTAMP, NULL -> anything. VARCHAR never converts implicitly except from string
// literals, which the binder handles itself.
bool CanCastImplicitly(const LogicalType& from, const LogicalType& to);

}  // namespace tarn
