#include "main/query_result.h"

#include <algorithm>

namespace tarn {

std::unique_ptr<QueryResult> QueryResult::Error(ErrorCode code, std::string message) {
  auto result = std::make_unique<QueryResult>();
  result->error_code_ = code == ErrorCode::kOk ? ErrorCode::kInternal : code;
  result->error_message_ = std::move(message);
  return result;
}

std::string QueryResult::FormattedError() const {
  return std::string(ErrorCodeName(error_code_)) + ": " + error_message_;
}

Value QueryResult::GetValue(idx_t column, idx_t row) const {
  for (const auto& chunk : chunks_) {
    if (row < chunk.size()) return chunk.GetValue(column, row);
    row -= chunk.size();
  }
  ThrowError(ErrorCode::kInternal, "QueryResult::GetValue row out of range");
}

void QueryResult::SetSchema(std::vector<std::string> names, std::vector<LogicalType> types) {
  names_ = std::move(names);
  types_ = std::move(types);
}

void QueryResult::AddChunk(DataChunk chunk) {
  if (chunk.size() == 0) return;
  row_count_ += chunk.size();
  chunks_.push_back(std::move(chunk));
}

std::unique_ptr<QueryResult> QueryResult::FromRows(const std::vector<std::string>& names,
                                                   const std::vector<LogicalType>& types,
                                                   const std::vector<std::vector<Value>>& rows) {
  auto result = std::make_unique<QueryResult>();
  result->SetSchema(names, types);
  for (size_t start = 0; start < rows.size(); start += kVectorSize) {
    size_t count = std::min<size_t>(kVectorSize, rows.size() - start);
    DataChunk chunk(types);
    for (size_t r = 0; r < count; r++) {
      for (size_t c = 0; c < types.size(); c++) chunk.column(c).SetValue(r, rows[start + r][c]);
    }
    chunk.SetSize(count);
    result->AddChunk(std::move(chunk));
  }
  return result;
}

std::unique_ptr<QueryResult> QueryResult::FromStrings(
    const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<Value>> values;
  values.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<Value> value_row;
    for (const auto& text : row) value_row.push_back(Value::Varchar(text));
    values.push_back(std::move(value_row));
  }
  return FromRows(names, std::vector<LogicalType>(names.size(), LogicalType(TypeId::kVarchar)),
                  values);
}

}  // namespace tarn
