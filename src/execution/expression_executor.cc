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

namespace {

bool IsCoalesce(const BoundExpression& expression) {
  const std::string& name = expression.function.name;
  return name == "coalesce" || name == "ifnull" || name == "nvl";
}

// Folds `operand` into the running result of an AND (is_and) or OR, three-valued: row i of
// `operand` goes with row positions[i] of `result` (row i when positions is null).
void CombineConnective(bool is_and, const Vector& operand, const uint32_t* positions, idx_t count,
                       Vector& result) {
  // Bytes, not bools: the slot under a NULL may hold any byte.
  const uint8_t* values = operand.Data<uint8_t>();
  uint8_t* output = result.Data<uint8_t>();
  const ValidityMask& operand_validity = operand.validity();
  ValidityMask& validity = result.validity();
  if (operand_validity.AllValid() && validity.AllValid()) {
    if (positions == nullptr) {
      if (is_and) {
        for (idx_t i = 0; i < count; i++) output[i] = output[i] & values[i];
      } else {
        for (idx_t i = 0; i < count; i++) output[i] = output[i] | values[i];
      }
    } else {
      if (is_and) {
        for (idx_t i = 0; i < count; i++) output[positions[i]] &= values[i];
      } else {
        for (idx_t i = 0; i < count; i++) output[positions[i]] |= values[i];
      }
    }
    return;
  }
  uint8_t dominant = is_and ? 0 : 1;
  for (idx_t i = 0; i < count; i++) {
    idx_t row = positions ? positions[i] : i;
    if (validity.RowIsValid(row) && (output[row] != 0) == (dominant != 0)) continue;
    if (!operand_validity.RowIsValid(i)) {
      validity.SetInvalid(row);
    } else if ((values[i] != 0) == (dominant != 0)) {
      output[row] = dominant;
      validity.SetValid(row);
    }
  }
}

// Writes into `rows` the rows of `result` (an AND or OR so far) that its next operand can
// still change: not FALSE for AND, not TRUE for OR. Returns how many.
idx_t UndecidedRows(bool is_and, const Vector& result, idx_t count, uint32_t* rows) {
  const uint8_t* output = result.Data<uint8_t>();
  const ValidityMask& validity = result.validity();
  idx_t undecided = 0;
  if (validity.AllValid()) {
    for (idx_t i = 0; i < count; i++) {
      rows[undecided] = static_cast<uint32_t>(i);
      undecided += (output[i] != 0) == is_and ? 1 : 0;
    }
  } else {
    for (idx_t i = 0; i < count; i++) {
      rows[undecided] = static_cast<uint32_t>(i);
      undecided += (!validity.RowIsValid(i) || (output[i] != 0) == is_and) ? 1 : 0;
    }
  }
  return undecided;
}

}  // namespace

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

void ExpressionExecutor::ExecuteWhere(const BoundExpression& expression, DataChunk& input,
                                      const Vector& condition, Vector& result) {
  idx_t count = input.size();
  std::vector<uint32_t>& rows = RowBuffer(expression, count);
  const uint8_t* flags = condition.Data<uint8_t>();
  idx_t row_count = 0;
  for (idx_t row = 0; row < count; row++) {
    rows[row_count] = static_cast<uint32_t>(row);
    row_count += (flags[row] != 0 && condition.validity().RowIsValid(row)) ? 1 : 0;
  }
  if (row_count == count) {
    Evaluate(expression, input, result);
    return;
  }
  result.Reset();
  result.validity().SetAllInvalid(count);
  if (row_count == 0) return;
  Vector values(expression.type, std::max<idx_t>(row_count, kVectorSize));
  EvaluateOnRows(expression, input, rows.data(), row_count, values);
  ScatterRows(values, rows.data(), row_count, result);
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
      if (IsCoalesce(expression)) {
        EvaluateCoalesce(expression, input, result);
        return;
      }
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
    case BoundExpressionKind::kOr:
      EvaluateConnective(expression, input, result);
      return;
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

void ExpressionExecutor::EvaluateOnRows(const BoundExpression& expression, DataChunk& input,
                                        const uint32_t* rows, idx_t row_count, Vector& result) {
  DataChunk sliced;
  sliced.Reference(input);
  sliced.Slice(rows, row_count);
  Evaluate(expression, sliced, result);
}

void ExpressionExecutor::EvaluateConnective(const BoundExpression& expression, DataChunk& input,
                                            Vector& result) {
  idx_t count = input.size();
  bool is_and = expression.kind == BoundExpressionKind::kAnd;
  DataChunk& arguments = Scratch(expression, count);
  Evaluate(*expression.children[0], input, arguments.column(0));
  result.Reset();
  result.CopyFrom(arguments.column(0), nullptr, count, 0);
  std::vector<uint32_t>& undecided = RowBuffer(expression, count);
  for (size_t i = 1; i < expression.children.size(); i++) {
    idx_t undecided_count = UndecidedRows(is_and, result, count, undecided.data());
    if (undecided_count == 0) return;
    Vector& operand = arguments.column(i);
    if (undecided_count == count) {
      Evaluate(*expression.children[i], input, operand);
      CombineConnective(is_and, operand, nullptr, count, result);
    } else {
      EvaluateOnRows(*expression.children[i], input, undecided.data(), undecided_count, operand);
      CombineConnective(is_and, operand, undecided.data(), undecided_count, result);
    }
  }
}

void ExpressionExecutor::EvaluateCoalesce(const BoundExpression& expression, DataChunk& input,
                                          Vector& result) {
  idx_t count = input.size();
  DataChunk& arguments = Scratch(expression, count);
  Vector& first = arguments.column(0);
  Evaluate(*expression.children[0], input, first);
  if (first.validity().AllValid() || expression.children.size() == 1) {
    result.Reference(first);
    return;
  }
  result.Reset();
  result.CopyFrom(first, nullptr, count, 0);
  // The rows still NULL, which the next argument is evaluated on.
  std::vector<uint32_t>& missing = RowBuffer(expression, count);
  idx_t missing_count = 0;
  for (idx_t row = 0; row < count; row++) {
    missing[missing_count] = static_cast<uint32_t>(row);
    missing_count += result.validity().RowIsValid(row) ? 0 : 1;
  }
  for (size_t i = 1; i < expression.children.size() && missing_count > 0; i++) {
    Vector& argument = arguments.column(i);
    EvaluateOnRows(*expression.children[i], input, missing.data(), missing_count, argument);
    ScatterRows(argument, missing.data(), missing_count, result);
    idx_t still_missing = 0;
    for (idx_t j = 0; j < missing_count; j++) {
      missing[still_missing] = missing[j];
      still_missing += argument.validity().RowIsValid(j) ? 0 : 1;
    }
    missing_count = still_missing;
  }
}

std::vector<uint32_t>& ExpressionExecutor::RowBuffer(const BoundExpression& expression,
                                                     idx_t count) {
  std::vector<uint32_t>& rows = row_buffers_[&expression];
  if (rows.size() < count) rows.resize(count);
  return rows;
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
