#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "function/function.h"
#include "types/value.h"

namespace tarn {

struct KeySet;

enum class BoundExpressionKind : uint8_t {
  kConstant,        // value
  kColumnRef,       // column_index into the operator's input chunk
  kFunction,        // function(children...)
  kCast,            // children[0] cast to type (try_cast)
  kAnd,             // children[0] AND children[1] ... (three-valued)
  kOr,              // children[0] OR children[1] ...
  kNot,             // NOT children[0]
  kIsNull,          // children[0] IS NULL
  kIsNotNull,       // children[0] IS NOT NULL
  kCase,            // when0, then0, when1, then1, ..., else (always present)
  kInSet,           // children[0] IN key_set (constants of one type); negated
  kAggregateRef,    // only during binding: the aggregate numbered column_index
  kOuterColumnRef,  // only during binding: column_index of the enclosing query's scope,
                    // referenced from a correlated subquery; decorrelation removes it
};

// BoundExpression is a resolved, typed expression tree evaluated by ExpressionExecutor.
// Column references are positions in the chunk the owning operator receives.
// Ownership: unique_ptr tree; Copy() for deep copies. Immutable after planning.
struct BoundExpression {
  BoundExpressionKind kind = BoundExpressionKind::kConstant;
  LogicalType type;
  Value value;                            // kConstant
  idx_t column_index = 0;                 // kColumnRef, kAggregateRef
  BoundScalarFunction function;           // kFunction
  bool try_cast = false;                  // kCast
  bool negated = false;                   // kInSet
  std::shared_ptr<const KeySet> key_set;  // kInSet
  bool set_has_null = false;              // kInSet: the list contained NULL
  std::string name;                       // For EXPLAIN: column name or function name.
  std::vector<std::unique_ptr<BoundExpression>> children;

  static std::unique_ptr<BoundExpression> Constant(Value value);
  static std::unique_ptr<BoundExpression> ColumnRef(idx_t index, LogicalType type,
                                                    std::string name);
  std::unique_ptr<BoundExpression> Copy() const;
  std::string ToString() const;
  // Structural equality: same operation on equal inputs (IN sets must be the same object).
  bool Equals(const BoundExpression& other) const;
  bool IsConstant() const;  // No column refs, no volatile functions.
  bool IsVolatile() const;
};

using BoundExpressionPtr = std::unique_ptr<BoundExpression>;

// Calls `visit` on every kColumnRef node (for remapping and usage analysis).
void VisitColumnRefs(BoundExpression& expression,
                     const std::function<void(BoundExpression&)>& visit);
void ForEachColumnRef(const BoundExpression& expression,
                      const std::function<void(const BoundExpression&)>& visit);

}  // namespace tarn
