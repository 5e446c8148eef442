#include "optimizer/common_subexpressions.h"

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tarn {

namespace {

// At most this many shared expressions per operator, which bounds the passes over its
// expressions (each pass shares one).
constexpr size_t kMaximumShared = 64;

constexpr idx_t kUnused = UINT64_MAX;

// One occurrence of a subexpression that could be shared.
struct Occurrence {
  BoundExpressionPtr* slot = nullptr;  // The pointer that holds it in its tree.
  uint64_t hash = 0;
  size_t size = 0;  // Nodes in the subtree.
  bool guarded = false;
};

struct Summary {
  uint64_t hash = 0;
  size_t size = 1;
  bool reads_columns = false;
  bool shareable = true;  // No volatile call, no reference left over from binding.
};

uint64_t Mix(uint64_t seed, uint64_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// Whether the operand `child` of `parent` is evaluated only for the rows some condition
// selects.
bool IsGuardedOperand(const BoundExpression& parent, size_t child) {
  if (child == 0) return false;
  switch (parent.kind) {
    case BoundExpressionKind::kCase:
    case BoundExpressionKind::kAnd:
    case BoundExpressionKind::kOr:
      return true;
    case BoundExpressionKind::kFunction: {
      const std::string& name = parent.function.name;
      return name == "coalesce" || name == "ifnull" || name == "nvl";
    }
    default:
      return false;
  }
}

// Adds to `occurrences` every subexpression of the tree in `slot` worth sharing, children
// before parents.
Summary Collect(BoundExpressionPtr& slot, bool guarded, std::vector<Occurrence>& occurrences) {
  BoundExpression& expression = *slot;
  Summary summary;
  summary.hash =
      Mix(static_cast<uint64_t>(expression.kind), static_cast<uint64_t>(expression.type.id()));
  switch (expression.kind) {
    case BoundExpressionKind::kConstant:
      summary.hash = Mix(summary.hash, std::hash<std::string>()(expression.value.ToSqlLiteral()));
      break;
    case BoundExpressionKind::kColumnRef:
      summary.hash = Mix(summary.hash, expression.column_index);
      summary.reads_columns = true;
      break;
    case BoundExpressionKind::kAggregateRef:
    case BoundExpressionKind::kOuterColumnRef:
      summary.reads_columns = true;
      summary.shareable = false;
      break;
    case BoundExpressionKind::kFunction:
      summary.hash = Mix(summary.hash, std::hash<std::string>()(expression.function.name));
      if (expression.function.is_volatile) summary.shareable = false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < expression.children.size(); i++) {
    Summary child =
        Collect(expression.children[i], guarded || IsGuardedOperand(expression, i), occurrences);
    summary.hash = Mix(summary.hash, child.hash);
    summary.size += child.size;
    summary.reads_columns = summary.reads_columns || child.reads_columns;
    summary.shareable = summary.shareable && child.shareable;
  }
  bool trivial = expression.kind == BoundExpressionKind::kColumnRef ||
                 expression.kind == BoundExpressionKind::kConstant;
  if (!trivial && summary.shareable && summary.reads_columns) {
    occurrences.push_back(Occurrence{&slot, summary.hash, summary.size, guarded});
  }
  return summary;
}

// The occurrences of the largest expression that occurs at least twice, once outside a
// guarded position (the earliest such expression among equally large ones); empty when
// there is none.
std::vector<BoundExpressionPtr*> FindLargestRepeated(const std::vector<Occurrence>& occurrences) {
  std::unordered_map<uint64_t, std::vector<size_t>> buckets;
  for (size_t i = 0; i < occurrences.size(); i++) buckets[occurrences[i].hash].push_back(i);
  std::vector<size_t> best;
  for (const auto& [hash, members] : buckets) {
    if (members.size() < 2) continue;
    std::vector<bool> grouped(members.size(), false);
    for (size_t a = 0; a < members.size(); a++) {
      if (grouped[a]) continue;
      const Occurrence& first = occurrences[members[a]];
      std::vector<size_t> equal = {members[a]};
      bool evaluated_always = !first.guarded;
      for (size_t b = a + 1; b < members.size(); b++) {
        const Occurrence& other = occurrences[members[b]];
        if (grouped[b] || other.size != first.size || !(*other.slot)->Equals(**first.slot)) {
          continue;
        }
        grouped[b] = true;
        equal.push_back(members[b]);
        evaluated_always = evaluated_always || !other.guarded;
      }
      if (equal.size() < 2 || !evaluated_always) continue;
      bool better = best.empty() || first.size > occurrences[best[0]].size ||
                    (first.size == occurrences[best[0]].size && equal[0] < best[0]);
      if (better) best = std::move(equal);
    }
  }
  std::vector<BoundExpressionPtr*> slots;
  for (size_t index : best) slots.push_back(occurrences[index].slot);
  return slots;
}

// Replaces references to shared columns (from `width` on) by their definitions.
void ExpandShared(BoundExpressionPtr& slot, const std::vector<BoundExpressionPtr>& definitions,
                  idx_t width) {
  if (slot->kind == BoundExpressionKind::kColumnRef && slot->column_index >= width) {
    slot = definitions[slot->column_index - width]->Copy();
    return;
  }
  for (auto& child : slot->children) ExpandShared(child, definitions, width);
}

// Shares the repeated subexpressions of `users`, expressions over the input of `op`, through
// a projection inserted below `op`. `guarded_users[i]` says that users[i] is evaluated only
// on the rows some condition selects.
void ShareWithin(LogicalOperator& op, const std::vector<BoundExpressionPtr*>& users,
                 const std::vector<bool>& guarded_users) {
  LogicalOperatorPtr& child = op.children[0];
  idx_t width = child->types.size();
  // Each definition reads input columns only; its users refer to column width + its index.
  std::vector<BoundExpressionPtr> definitions;
  while (definitions.size() < kMaximumShared) {
    std::vector<Occurrence> occurrences;
    for (size_t i = 0; i < users.size(); i++) Collect(*users[i], guarded_users[i], occurrences);
    std::vector<BoundExpressionPtr*> repeated = FindLargestRepeated(occurrences);
    if (repeated.empty()) break;
    BoundExpressionPtr definition = (*repeated[0])->Copy();
    ExpandShared(definition, definitions, width);
    idx_t column = width + definitions.size();
    LogicalType type = definition->type;
    definitions.push_back(std::move(definition));
    // Equal trees have equal sizes, so no occurrence lies inside another.
    for (BoundExpressionPtr* slot : repeated) *slot = BoundExpression::ColumnRef(column, type, "");
  }
  if (definitions.empty()) return;

  // The projection passes on the input columns the users still read, then the shared ones.
  std::vector<bool> used(width + definitions.size(), false);
  std::vector<std::string> names(width);
  for (BoundExpressionPtr* user : users) {
    ForEachColumnRef(**user, [&](const BoundExpression& reference) {
      used[reference.column_index] = true;
      if (reference.column_index < width && names[reference.column_index].empty()) {
        names[reference.column_index] = reference.name;
      }
    });
  }
  auto projection = std::make_unique<LogicalOperator>();
  projection->kind = LogicalKind::kProjection;
  projection->estimated_rows = child->estimated_rows;
  std::vector<idx_t> mapping(used.size(), kUnused);
  std::vector<std::string> shared_names(definitions.size());
  for (idx_t column = 0; column < width; column++) {
    if (!used[column]) continue;
    mapping[column] = projection->expressions.size();
    projection->expressions.push_back(
        BoundExpression::ColumnRef(column, child->types[column], names[column]));
  }
  size_t shared_count = 0;
  for (size_t k = 0; k < definitions.size(); k++) {
    if (!used[width + k]) continue;
    mapping[width + k] = projection->expressions.size();
    shared_names[k] = "shared_" + std::to_string(++shared_count);
    projection->expressions.push_back(std::move(definitions[k]));
  }
  for (const auto& expression : projection->expressions) {
    projection->types.push_back(expression->type);
  }
  for (BoundExpressionPtr* user : users) {
    VisitColumnRefs(**user, [&](BoundExpression& reference) {
      if (reference.column_index >= width) {
        reference.name = shared_names[reference.column_index - width];
      }
      reference.column_index = mapping[reference.column_index];
    });
  }
  projection->children.push_back(std::move(child));
  child = std::move(projection);
}

}  // namespace

void EliminateCommonSubexpressions(LogicalOperator& plan) {
  for (auto& child : plan.children) EliminateCommonSubexpressions(*child);
  std::vector<BoundExpressionPtr*> users;
  std::vector<bool> guarded_users;
  if (plan.kind == LogicalKind::kProjection) {
    for (auto& expression : plan.expressions) users.push_back(&expression);
    guarded_users.assign(users.size(), false);
  } else if (plan.kind == LogicalKind::kAggregate) {
    for (auto& group : plan.expressions) users.push_back(&group);
    guarded_users.assign(users.size(), false);
    for (auto& aggregate : plan.aggregates) {
      // A FILTER's condition (the last argument) guards the other arguments.
      for (size_t i = 0; i < aggregate.arguments.size(); i++) {
        users.push_back(&aggregate.arguments[i]);
        guarded_users.push_back(aggregate.function.filtered && i + 1 < aggregate.arguments.size());
      }
    }
  } else {
    return;
  }
  if (plan.children.size() != 1 || users.empty()) return;
  ShareWithin(plan, users, guarded_users);
}

}  // namespace tarn
