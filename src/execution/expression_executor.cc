#include "execution/expression_executor.h"

#include <algorithm>
#include <cstring>

#include "execution/key_encoder.h"
#include "execution/key_set.h"
#include "function/cast.h"

namespace tarn {

namespace {

template <class T>
void FillTyped(T value, idx_t count, Vector& target) {
  T* data = target.Data<T>();
  for (idx_t i = 0; i < count; i++) data[i] = value;
}

template <class T>
void ScatterTyped(const Vector& source, const uint32_t* positions, idx_t count, Vector& target) {
  const T* input = source.Data<T>();
  T* output = target.Data<T>();
  for (idx_t i = 0; i < count; i++) output[positions[i]] = input[i];
}

}  // namespace

void FillConstant(const Value& value, idx_t count, Vector& target) {
  if (value.is_null() || target.type().id() == TypeId::kNull) {
    target.validity().SetAllInvalid(count);
    return;
  }
  const Value& typed = value.type() == target.type() ? value : value.CastTo(target.type());
  switch (target.type().physical()) {
    case PhysicalType::kBool:
      FillTyped<bool>(typed.GetBoolean(), count, target);
      break;
    case PhysicalType::kInt32:
      FillTyped<int32_t>(typed.GetInteger(), count, target);
      break;
    case PhysicalType::kInt64:
      FillTyped<int64_t>(static_cast<int64_t>(typed.GetInt128()), count, target);
      break;
    case PhysicalType::kInt128:
      FillTyped<int128_t>(typed.GetInt128(), count, target);
      break;
    case PhysicalType::kDouble:
      FillTyped<double>(typed.GetDouble(), count, target);
      break;
    case PhysicalType::kInterval:
      FillTyped<Interval>(typed.GetInterval(), count, target);
      break;
    case PhysicalType::kString:
      FillTyped<std::string_view>(target.AddString(typed.GetString()), count, target);
      break;
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      // Rare (nested constants): one value stored per row.
      target.validity().SetAllValid();
      for (idx_t i = 0; i < count; i++) target.SetValue(i, typed);
      break;
  }
}

void ScatterRows(const Vector& source, const uint32_t* positions, idx_t count, Vector& target) {
  switch (target.type().physical()) {
    case PhysicalType::kBool:
      ScatterTyped<uint8_t>(source, positions, count, target);
      break;
    case PhysicalType::kInt32:
      ScatterTyped<int32_t>(source, positions, count, target);
      break;
    case PhysicalType::kInt64:
      ScatterTyped<int64_t>(source, positions, count, target);
      break;
    case PhysicalType::kInt128:
      ScatterTyped<int128_t>(source, positions, count, target);
      break;
    case PhysicalType::kDouble:
      ScatterTyped<double>(source, positions, count, target);
      break;
    case PhysicalType::kInterval:
      ScatterTyped<Interval>(source, positions, count, target);
      break;
    case PhysicalType::kString:
      ScatterTyped<std::string_view>(source, positions, count, target);
      target.ShareStringStorage(source);
      break;
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      for (idx_t i = 0; i < count; i++) target.SetValue(positions[i], source.GetValue(i));
      return;
  }
  for (idx_t i = 0; i < count; i++) {
    target.validity().Set(positions[i], source.validity().RowIsValid(i));
  }
}

DataChunk& ExpressionExecutor::Scratch(const BoundExpression& expression, idx_t count) {
  auto& slot = scratch_[&expression];
  if (!slot || slot->capacity() < count) {
    std::vector<LogicalType> types;
    for (const auto& child : expression.children) types.push_back(child->type);
    slot = std::make_unique<DataChunk>(types, std::max<idx_t>(count, kVectorSize));
  } else {
    slot->Reset();
  }
  slot->SetSize(count);
  return *slot;
}

void ExpressionExecutor::Execute(const BoundExpression& expression, DataChunk& input,
                                 Vector& result) {
  Evaluate(expression, input, result);
}

void ExpressionExecutor::Evaluate(const BoundExpression& expression, DataChunk& input,
                                  Vector& result) {
  idx_t count = input.size();
  switch (expression.kind) {
    case BoundExpressionKind::kConstant:
      result.Reset();
      FillConstant(expression.value, count, result);
      return;
    case BoundExpressionKind::kColumnRef: {
      const Vector& column = input.column(expression.column_index);
      if (!input.HasSelection() && column.type() == result.type()) {
        result.Reference(column);
      } else {
        result.Reset();
        result.CopyFrom(column, input.selection(), count, 0);
      }
      return;
    }
    case BoundExpressionKind::kFunction: {
      DataChunk& arguments = Scratch(expression, count);
      for (size_t i = 0; i < expression.children.size(); i++) {
        Evaluate(*expression.children[i], input, arguments.column(i));
      }
      result.Reset();
      expression.function.kernel(arguments, expression.function.bind_data.get(), result);
      return;
    }
    case BoundExpressionKind::kCast: {
      DataChunk& arguments = Scratch(expression, count);
      Evaluate(*expression.children[0], input, arguments.column(0));
      result.Reset();
      CastVector(arguments.column(0), result, count, expression.try_cast);
      return;
    }
    case BoundExpressionKind::kAnd:
    case BoundExpressionKind::kOr: {
      bool is_and = expression.kind == BoundExpressionKind::kAnd;
      DataChunk& arguments = Scratch(expression, count);
      for (size_t i = 0; i < expression.children.size(); i++) {
        Evaluate(*expression.children[i], input, arguments.column(i));
      }
      result.Reset();
      bool* output = result.Data<bool>();
      for (idx_t row = 0; row < count; row++) {
        // Three-valued logic: a dominant value (FALSE for AND, TRUE for OR) wins over NULL.
        bool saw_null = false, dominant = false;
        for (size_t i = 0; i < expression.children.size(); i++) {
          const Vector& argument = arguments.column(i);
          if (!argument.validity().RowIsValid(row)) {
            saw_null = true;
          } else if (argument.Data<bool>()[row] != is_and) {
            dominant = true;
            break;
          }
        }
        if (dominant) {
          output[row] = !is_and;
        } else if (saw_null) {
          result.validity().SetInvalid(row);
        } else {
          output[row] = is_and;
        }
      }
      return;
    }
    case BoundExpressionKind::kNot: {
      DataChunk& arguments = Scratch(expression, count);
      Evaluate(*expression.children[0], input, arguments.column(0));
      result.Reset();
      const Vector& argument = arguments.column(0);
      for (idx_t row = 0; row < count; row++) {
        result.Data<bool>()[row] = !argument.Data<bool>()[row];
        if (!argument.validity().RowIsValid(row)) result.validity().SetInvalid(row);
      }
      return;
    }
    case BoundExpressionKind::kIsNull:
    case BoundExpressionKind::kIsNotNull: {
      DataChunk& arguments = Scratch(expression, count);
      Evaluate(*expression.children[0], input, arguments.column(0));
      result.Reset();
      bool want_null = expression.kind == BoundExpressionKind::kIsNull;
      const Vector& argument = arguments.column(0);
      for (idx_t row = 0; row < count; row++) {
        bool is_null =
            !argument.validity().RowIsValid(row) || argument.type().id() == TypeId::kNull;
        result.Data<bool>()[row] = is_null == want_null;
      }
      return;
    }
    case BoundExpressionKind::kCase:
      EvaluateCase(expression, input, result);
      return;
    case BoundExpressionKind::kInSet: {
      DataChunk& arguments = Scratch(expression, count);
      Evaluate(*expression.children[0], input, arguments.column(0));
      result.Reset();
      const Vector& argument = arguments.column(0);
      if (EvaluateSmallInSet(expression, argument, count, result)) return;
      Arena arena;
      std::vector<std::string_view> keys(count);
      EncodeKeys({&argument}, nullptr, count, {}, arena, keys.data());
      bool* output = result.Data<bool>();
      for (idx_t row = 0; row < count; row++) {
        if (!argument.validity().RowIsValid(row)) {
          result.validity().SetInvalid(row);
          continue;
        }
        bool found = expression.key_set->table.FindOne(keys[row], HashKey(keys[row])) !=
                     GroupHashTable::kNotFound;
        if (!found && expression.set_has_null) {
          result.validity().SetInvalid(row);
          continue;
        }
        output[row] = found != expression.negated;
      }
      return;
    }
    case BoundExpressionKind::kAggregateRef:
    case BoundExpressionKind::kOuterColumnRef:
      ThrowError(ErrorCode::kInternal,
                 "unresolved reference reached the executor: " + expression.ToString());
  }
}

namespace {

// x IN (c1, ..., cn) for a short list of integers or strings: compares with each constant
// instead of encoding and hashing every row. Returns false for other sets.
template <class T>
void MatchSmallSet(const T* values, const std::vector<T>& constants, idx_t count, bool* output) {
  for (idx_t row = 0; row < count; row++) {
    bool found = false;
    for (const T& constant : constants) found |= values[row] == constant;
    output[row] = found;
  }
}

constexpr size_t kSmallInSet = 16;

}  // namespace

bool ExpressionExecutor::EvaluateSmallInSet(const BoundExpression& expression,
                                            const Vector& argument, idx_t count, Vector& result) {
  const KeySet& set = *expression.key_set;
  if (!set.values || set.values->size() > kSmallInSet || set.type != argument.type()) {
    return false;
  }
  bool* output = result.Data<bool>();
  switch (argument.type().physical()) {
    case PhysicalType::kInt32: {
      std::vector<int32_t> constants;
      for (const auto& value : *set.values) constants.push_back(value.GetInteger());
      MatchSmallSet(argument.Data<int32_t>(), constants, count, output);
      break;
    }
    case PhysicalType::kInt64: {
      std::vector<int64_t> constants;
      for (const auto& value : *set.values) constants.push_back(value.GetBigint());
      MatchSmallSet(argument.Data<int64_t>(), constants, count, output);
      break;
    }
    case PhysicalType::kString: {
      std::vector<std::string_view> constants;
      for (const auto& value : *set.values) constants.push_back(value.GetString());
      MatchSmallSet(argument.Data<std::string_view>(), constants, count, output);
      break;
    }
    default:
      return false;
  }
  // NULL in, NULL out; no match where the list holds a NULL is NULL too.
  for (idx_t row = 0; row < count; row++) {
    if (!argument.validity().RowIsValid(row) || (!output[row] && expression.set_has_null)) {
      result.validity().SetInvalid(row);
    } else {
      output[row] = output[row] != expression.negated;
    }
  }
  return true;
}

void ExpressionExecutor::EvaluateCase(const BoundExpression& expression, DataChunk& input,
                                      Vector& result) {
  idx_t count = input.size();
  result.Reset();
  // Rows not yet claimed by a WHEN branch, as logical rows of `input`.
  std::vector<uint32_t> remaining(count);
  for (idx_t i = 0; i < count; i++) remaining[i] = static_cast<uint32_t>(i);
  std::vector<uint32_t> matched(count), positions(count);
  size_t branch_count = (expression.children.size() - 1) / 2;
  Vector branch_result(expression.type, std::max<idx_t>(count, kVectorSize));
  auto run_branch = [&](const BoundExpression& value_expression, const uint32_t* rows, idx_t n) {
    if (n == 0) return;
    DataChunk sliced;
    sliced.Reference(input);
    sliced.Slice(rows, n);
    branch_result.Reset();
    Evaluate(value_expression, sliced, branch_result);
    ScatterRows(branch_result, rows, n, result);
  };
  for (size_t branch = 0; branch < branch_count && !remaining.empty(); branch++) {
    DataChunk candidates;
    candidates.Reference(input);
    candidates.Slice(remaining.data(), remaining.size());
    idx_t match_count = Select(*expression.children[branch * 2], candidates, matched.data());
    // matched holds positions within `remaining`; map back to input rows.
    std::vector<uint32_t> match_rows(match_count);
    std::vector<uint32_t> still_remaining;
    still_remaining.reserve(remaining.size() - match_count);
    idx_t next_match = 0;
    for (idx_t i = 0; i < remaining.size(); i++) {
      if (next_match < match_count && matched[next_match] == i) {
        match_rows[next_match++] = remaining[i];
      } else {
        still_remaining.push_back(remaining[i]);
      }
    }
    run_branch(*expression.children[branch * 2 + 1], match_rows.data(), match_count);
    remaining = std::move(still_remaining);
  }
  run_branch(*expression.children.back(), remaining.data(), remaining.size());
}

idx_t ExpressionExecutor::Select(const BoundExpression& predicate, DataChunk& input,
                                 uint32_t* true_rows) {
  idx_t count = input.size();
  if (predicate.kind == BoundExpressionKind::kAnd) {
    // Narrow through each conjunct; later conjuncts only see rows that passed.
    std::vector<uint32_t> current(count);
    for (idx_t i = 0; i < count; i++) current[i] = static_cast<uint32_t>(i);
    std::vector<uint32_t> passed(count);
    for (const auto& child : predicate.children) {
      if (current.empty()) break;
      DataChunk narrowed;
      narrowed.Reference(input);
      narrowed.Slice(current.data(), current.size());
      idx_t passed_count = Select(*child, narrowed, passed.data());
      for (idx_t i = 0; i < passed_count; i++) passed[i] = current[passed[i]];
      current.assign(passed.begin(), passed.begin() + passed_count);
    }
    std::copy(current.begin(), current.end(), true_rows);
    return current.size();
  }
  Vector result(LogicalType(TypeId::kBoolean), std::max<idx_t>(count, kVectorSize));
  Evaluate(predicate, input, result);
  const bool* data = result.Data<bool>();
  idx_t selected = 0;
  if (result.validity().AllValid()) {
    for (idx_t i = 0; i < count; i++) {
      true_rows[selected] = static_cast<uint32_t>(i);
      selected += data[i] ? 1 : 0;
    }
  } else {
    for (idx_t i = 0; i < count; i++) {
      true_rows[selected] = static_cast<uint32_t>(i);
      selected += (data[i] && result.validity().RowIsValid(i)) ? 1 : 0;
    }
  }
  return selected;
}

}  // namespace tarn
