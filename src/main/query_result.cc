#include "main/query_result.h"

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

}  // namespace tarn
