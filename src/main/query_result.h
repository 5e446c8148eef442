#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/exception.h"
#include "types/logical_type.h"
#include "types/value.h"
#include "vector/data_chunk.h"

namespace tarn {

// QueryResult is the fully materialized outcome of one statement: either an error (code
// and message) or named, typed columns in chunks. Statements that return no rows (CREATE
// TABLE) have no columns. Thread safety: immutable once returned.
class QueryResult {
 public:
  static std::unique_ptr<QueryResult> Error(ErrorCode code, std::string message);
  // A result of typed value rows (SHOW and DESCRIBE statements); each row has one value
  // per name, of the column's type or NULL.
  static std::unique_ptr<QueryResult> FromRows(const std::vector<std::string>& names,
                                               const std::vector<LogicalType>& types,
                                               const std::vector<std::vector<Value>>& rows);
  // The same with every column VARCHAR.
  static std::unique_ptr<QueryResult> FromStrings(
      const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& rows);

  bool HasError() const { return error_code_ != ErrorCode::kOk; }
  ErrorCode error_code() const { return error_code_; }
  const std::string& error_message() const { return error_message_; }
  // "Binder Error: Table \"x\" does not exist..." as printed to users.
  std::string FormattedError() const;

  const std::vector<std::string>& names() const { return names_; }
  const std::vector<LogicalType>& types() const { return types_; }
  idx_t ColumnCount() const { return types_.size(); }
  idx_t RowCount() const { return row_count_; }
  const std::vector<DataChunk>& chunks() const { return chunks_; }
  // Random access; O(number of chunks). For tests and small results.
  Value GetValue(idx_t column, idx_t row) const;

  // Filled by the executor.
  void SetSchema(std::vector<std::string> names, std::vector<LogicalType> types);
  void AddChunk(DataChunk chunk);

 private:
  ErrorCode error_code_ = ErrorCode::kOk;
  std::string error_message_;
  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  std::vector<DataChunk> chunks_;
  idx_t row_count_ = 0;
};

}  // namespace tarn
