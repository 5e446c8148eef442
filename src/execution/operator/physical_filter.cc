#include "execution/operator/physical_filter.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>

#include "execution/expression_executor.h"

namespace tarn {

namespace {

// After this many chunks the conjuncts are put in order again from what was measured.
constexpr uint32_t kReorderInterval = 16;

// Whether evaluating `expression` can neither fail nor have effects, so that it may run
// before or after any other conjunct: column references, constants, comparisons, IN sets,
// NULL tests and boolean connectives.
bool CanReorder(const BoundExpression& expression) {
  switch (expression.kind) {
    case BoundExpressionKind::kColumnRef:
    case BoundExpressionKind::kConstant:
    case BoundExpressionKind::kInSet:
    case BoundExpressionKind::kIsNull:
    case BoundExpressionKind::kIsNotNull:
    case BoundExpressionKind::kAnd:
    case BoundExpressionKind::kOr:
    case BoundExpressionKind::kNot:
      break;
    case BoundExpressionKind::kFunction: {
      static const char* const kComparisons[] = {"=", "<>", "<", "<=", ">", ">="};
      if (std::none_of(std::begin(kComparisons), std::end(kComparisons),
                       [&](const char* name) { return expression.name == name; })) {
        return false;
      }
      break;
    }
    default:
      return false;
  }
  return std::all_of(expression.children.begin(), expression.children.end(),
                     [](const BoundExpressionPtr& child) { return CanReorder(*child); });
}

struct FilterState : OperatorState {
  ExpressionExecutor executor;
  std::vector<uint32_t> rows;
  // Adaptive conjunct order: the order used, and per conjunct the rows it saw, the rows
  // that passed and the time it took, since the last reordering.
  std::vector<size_t> order;
  std::vector<double> seen, passed, seconds;
  uint32_t chunks = 0;
  std::vector<uint32_t> current, selected;
};

}  // namespace

PhysicalFilter::PhysicalFilter(BoundExpressionPtr predicate, std::vector<LogicalType> types,
                               double estimated_rows)
    : PhysicalOperator("FILTER", std::move(types), estimated_rows),
      predicate_(std::move(predicate)) {
  adaptive_ = predicate_->kind == BoundExpressionKind::kAnd && predicate_->children.size() > 1 &&
              CanReorder(*predicate_);
}

std::unique_ptr<OperatorState> PhysicalFilter::GetOperatorState(ExecutionContext&) const {
  auto state = std::make_unique<FilterState>();
  if (adaptive_) {
    size_t conjuncts = predicate_->children.size();
    state->order.resize(conjuncts);
    std::iota(state->order.begin(), state->order.end(), size_t{0});
    state->seen.assign(conjuncts, 0);
    state->passed.assign(conjuncts, 0);
    state->seconds.assign(conjuncts, 0);
  }
  return state;
}

OperatorResult PhysicalFilter::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                       OperatorState& state) const {
  auto& filter_state = static_cast<FilterState&>(state);
  filter_state.rows.resize(input.size());
  idx_t count = adaptive_
                    ? SelectAdaptive(input, state)
                    : filter_state.executor.Select(*predicate_, input, filter_state.rows.data());
  output.Reference(input);
  if (count < input.size()) output.Slice(filter_state.rows.data(), count);
  return OperatorResult::kNeedMoreInput;
}

// Runs the conjuncts one after the other, each over the rows the previous ones kept, in
// the order measured to discard rows at the least cost: ascending time per row divided by
// the share of rows discarded (the best order for independent conjuncts).
idx_t PhysicalFilter::SelectAdaptive(DataChunk& input, OperatorState& state) const {
  using Clock = std::chrono::steady_clock;
  auto& filter_state = static_cast<FilterState&>(state);
  idx_t count = input.size();
  std::vector<uint32_t>& current = filter_state.current;
  std::vector<uint32_t>& selected = filter_state.selected;
  current.resize(count);
  std::iota(current.begin(), current.end(), uint32_t{0});
  selected.resize(count);
  idx_t remaining = count;
  for (size_t conjunct : filter_state.order) {
    if (remaining == 0) break;
    DataChunk narrowed;
    narrowed.Reference(input);
    if (remaining < count) narrowed.Slice(current.data(), remaining);
    Clock::time_point start = Clock::now();
    idx_t kept =
        filter_state.executor.Select(*predicate_->children[conjunct], narrowed, selected.data());
    filter_state.seconds[conjunct] += std::chrono::duration<double>(Clock::now() - start).count();
    filter_state.seen[conjunct] += static_cast<double>(remaining);
    filter_state.passed[conjunct] += static_cast<double>(kept);
    for (idx_t i = 0; i < kept; i++) selected[i] = current[selected[i]];
    std::copy(selected.begin(), selected.begin() + static_cast<std::ptrdiff_t>(kept),
              current.begin());
    remaining = kept;
  }
  std::copy(current.begin(), current.begin() + static_cast<std::ptrdiff_t>(remaining),
            filter_state.rows.begin());
  if (++filter_state.chunks % kReorderInterval == 0) {
    size_t conjuncts = filter_state.order.size();
    std::vector<double> rank(conjuncts);
    for (size_t c = 0; c < conjuncts; c++) {
      if (filter_state.seen[c] == 0) {
        rank[c] = std::numeric_limits<double>::infinity();
        continue;
      }
      double cost = filter_state.seconds[c] / filter_state.seen[c];
      double discarded = 1 - filter_state.passed[c] / filter_state.seen[c];
      rank[c] = cost / std::max(discarded, 1e-6);
    }
    std::stable_sort(filter_state.order.begin(), filter_state.order.end(),
                     [&](size_t a, size_t b) { return rank[a] < rank[b]; });
    std::fill(filter_state.seen.begin(), filter_state.seen.end(), 0);
    std::fill(filter_state.passed.begin(), filter_state.passed.end(), 0);
    std::fill(filter_state.seconds.begin(), filter_state.seconds.end(), 0);
  }
  return remaining;
}

}  // namespace tarn
