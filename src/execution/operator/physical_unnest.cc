#include "execution/operator/physical_unnest.h"

#include <algorithm>

#include "execution/expression_executor.h"

namespace tarn {

namespace {

struct UnnestState : OperatorState {
  ExpressionExecutor executor;
  DataChunk lists;  // The list expressions evaluated over the current input chunk.
  bool evaluated = false;
  idx_t row = 0;      // Next logical input row.
  idx_t element = 0;  // Next element within that row.
};

}  // namespace

PhysicalUnnest::PhysicalUnnest(std::vector<BoundExpressionPtr> lists,
                               std::vector<LogicalType> types, bool outer, bool ordinality,
                               double estimated_rows)
    : PhysicalOperator("UNNEST", std::move(types), estimated_rows),
      lists_(std::move(lists)),
      outer_(outer),
      ordinality_(ordinality) {}

std::unique_ptr<OperatorState> PhysicalUnnest::GetOperatorState(ExecutionContext&) const {
  auto state = std::make_unique<UnnestState>();
  std::vector<LogicalType> types;
  for (const auto& list : lists_) types.push_back(list->type);
  state->lists.Initialize(types);
  return state;
}

OperatorResult PhysicalUnnest::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                       OperatorState& state_base) const {
  auto& state = static_cast<UnnestState&>(state_base);
  if (!state.evaluated) {
    state.lists.Reset();
    for (size_t i = 0; i < lists_.size(); i++) {
      state.executor.Execute(*lists_[i], input, state.lists.column(i));
    }
    state.lists.SetSize(input.size());
    state.evaluated = true;
    state.row = 0;
    state.element = 0;
  }
  // Pick the output rows: (logical input row, element index or -1 for a padding NULL).
  std::vector<uint32_t> logical_rows;
  std::vector<int64_t> positions;
  const idx_t capacity = output.capacity();
  while (state.row < input.size() && logical_rows.size() < capacity) {
    idx_t length = 0;
    for (size_t i = 0; i < lists_.size(); i++) {
      const Vector& list = state.lists.column(i);
      if (list.validity().RowIsValid(state.row)) {
        length = std::max<idx_t>(length, list.Data<ListEntry>()[state.row].length);
      }
    }
    if (length == 0) {
      if (outer_) {
        logical_rows.push_back(static_cast<uint32_t>(state.row));
        positions.push_back(-1);
      }
      state.row++;
      continue;
    }
    while (state.element < length && logical_rows.size() < capacity) {
      logical_rows.push_back(static_cast<uint32_t>(state.row));
      positions.push_back(static_cast<int64_t>(state.element));
      state.element++;
    }
    if (state.element == length) {
      state.row++;
      state.element = 0;
    }
  }
  idx_t count = logical_rows.size();
  std::vector<uint32_t> input_rows(count);
  for (idx_t r = 0; r < count; r++) input_rows[r] = input.RowIndex(logical_rows[r]);
  idx_t input_width = input.ColumnCount();
  for (idx_t c = 0; c < input_width; c++) {
    output.column(c).CopyFrom(input.column(c), input_rows.data(), count, 0);
  }
  idx_t column = input_width;
  std::vector<uint32_t> element_rows(count);
  std::vector<bool> present(count);
  for (size_t i = 0; i < lists_.size(); i++) {
    const Vector& list = state.lists.column(i);
    for (idx_t r = 0; r < count; r++) {
      idx_t logical = logical_rows[r];
      ListEntry entry =
          list.validity().RowIsValid(logical) ? list.Data<ListEntry>()[logical] : ListEntry{0, 0};
      present[r] = positions[r] >= 0 && static_cast<uint64_t>(positions[r]) < entry.length;
      element_rows[r] = present[r] ? static_cast<uint32_t>(entry.offset + positions[r]) : 0;
    }
    const Vector& elements = list.child(0);
    bool is_map = list.type().id() == TypeId::kMap;
    idx_t parts = is_map ? 2 : 1;
    for (idx_t part = 0; part < parts; part++) {
      const Vector& source = is_map ? elements.child(part) : elements;
      Vector& target = output.column(column++);
      if (count > 0) target.CopyFrom(source, element_rows.data(), count, 0);
      for (idx_t r = 0; r < count; r++) {
        if (!present[r]) target.validity().SetInvalid(r);
      }
    }
  }
  if (ordinality_) {
    Vector& target = output.column(column);
    for (idx_t r = 0; r < count; r++) {
      if (positions[r] < 0) {
        target.validity().SetInvalid(r);
      } else {
        target.Data<int64_t>()[r] = positions[r] + 1;
      }
    }
  }
  output.SetSize(count);
  if (state.row < input.size()) return OperatorResult::kHaveMoreOutput;
  state.evaluated = false;
  return OperatorResult::kNeedMoreInput;
}

std::vector<std::string> PhysicalUnnest::Details() const {
  std::vector<std::string> details;
  for (const auto& list : lists_) details.push_back(list->ToString());
  if (outer_) details.push_back("keeps rows without elements");
  if (ordinality_) details.push_back("with ordinality");
  return details;
}

}  // namespace tarn
