#include "optimizer/limit_pushdown.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "optimizer/row_estimates.h"

namespace tarn {

namespace {

constexpr idx_t kUnlimited = std::numeric_limits<idx_t>::max();

idx_t SaturatingAdd(idx_t a, idx_t b) { return a > kUnlimited - b ? kUnlimited : a + b; }

// Rows of its input an operator with this limit and offset needs; nullopt for all of them.
std::optional<idx_t> InputCap(std::optional<idx_t> limit, idx_t offset) {
  if (!limit) return std::nullopt;
  idx_t cap = SaturatingAdd(*limit, offset);
  if (cap == kUnlimited) return std::nullopt;
  return cap;
}

void Push(LogicalOperatorPtr& op, std::optional<idx_t> cap);

// Puts a LIMIT `cap` over `input` and pushes the cap further into it. Only done where the
// input is expected to hold more rows than the cap: a LIMIT reads its input on one thread,
// which costs more than it saves when it would not cut anything.
void LimitInput(LogicalOperatorPtr& input, idx_t cap) {
  bool already_limited = input->kind == LogicalKind::kLimit && input->offset == 0 && input->limit &&
                         *input->limit <= cap;
  if (!already_limited && static_cast<double>(cap) < input->estimated_rows) {
    auto limit = std::make_unique<LogicalOperator>();
    limit->kind = LogicalKind::kLimit;
    limit->types = input->types;
    limit->limit = cap;
    limit->estimated_rows = static_cast<double>(cap);
    limit->children.push_back(std::move(input));
    input = std::move(limit);
  }
  Push(input, cap);
}

// Pushes into `op` the knowledge that whoever reads it needs at most `cap` of its rows
// (any `cap` of them: no order is promised above a point a cap reaches), and looks for
// limits further down.
void Push(LogicalOperatorPtr& op, std::optional<idx_t> cap) {
  switch (op->kind) {
    case LogicalKind::kLimit: {
      if (cap) op->limit = std::min(op->limit.value_or(kUnlimited), *cap);
      Push(op->children[0], InputCap(op->limit, op->offset));
      return;
    }
    case LogicalKind::kProjection:
      Push(op->children[0], cap);
      return;
    case LogicalKind::kOrder:
      // A sort needs all of its input; what it outputs can be cut to a top-N.
      if (cap) op->limit = std::min(op->limit.value_or(kUnlimited), *cap);
      Push(op->children[0], std::nullopt);
      return;
    case LogicalKind::kUnion:
      for (auto& child : op->children) {
        if (cap) {
          LimitInput(child, *cap);
        } else {
          Push(child, std::nullopt);
        }
      }
      return;
    case LogicalKind::kJoin: {
      // The preserved side of an outer join yields at least one row per row, so `cap` of
      // its rows are enough; no other join promises that.
      std::optional<size_t> preserved;
      if (op->join_type == PhysicalJoinType::kLeft || op->join_type == PhysicalJoinType::kMark) {
        preserved = 0;
      } else if (op->join_type == PhysicalJoinType::kRight) {
        preserved = 1;
      }
      for (size_t i = 0; i < op->children.size(); i++) {
        if (cap && preserved == i) {
          LimitInput(op->children[i], *cap);
        } else {
          Push(op->children[i], std::nullopt);
        }
      }
      return;
    }
    case LogicalKind::kGet:
      if (cap) op->limit = std::min(op->limit.value_or(kUnlimited), *cap);
      return;
    default:
      // Filters, aggregates, windows, unnests and the rest may drop or combine rows.
      for (auto& child : op->children) Push(child, std::nullopt);
      return;
  }
}

bool HasLimit(const LogicalOperator& op) {
  if (op.limit) return true;
  return std::any_of(op.children.begin(), op.children.end(),
                     [](const LogicalOperatorPtr& child) { return HasLimit(*child); });
}

}  // namespace

void PushDownLimits(LogicalOperatorPtr& plan) {
  // Plans without a LIMIT (or top-N) keep the estimates they came with.
  if (!HasLimit(*plan)) return;
  Push(plan, std::nullopt);
  RecomputeRowEstimates(*plan);
}

}  // namespace tarn
