#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "execution/pipeline.h"
#include "main/database.h"
#include "main/query_result.h"
#include "parser/ast.h"
#include "planner/binder.h"

namespace tarn {

// ClientContext runs statements for one Connection: binds, optimizes, plans and executes
// them, and turns every failure into an error QueryResult (the boundary where execution
// exceptions are caught). Holds the session settings.
// Thread safety: one statement at a time; Interrupt() and Progress() from any thread.
class ClientContext {
 public:
  explicit ClientContext(Database& database);

  std::unique_ptr<QueryResult> Execute(const Statement& statement, std::string_view sql);
  void Interrupt() { interrupted_ = true; }
  double Progress() const;

 private:
  std::unique_ptr<QueryResult> ExecuteStatement(const Statement& statement, std::string_view sql);
  std::unique_ptr<QueryResult> RunQuery(const QueryNode& query, std::string_view sql);
  std::unique_ptr<QueryResult> Explain(const Statement& statement, std::string_view sql);
  std::unique_ptr<QueryResult> Describe(const Statement& statement, std::string_view sql);
  std::unique_ptr<QueryResult> CreateTable(const Statement& statement, std::string_view sql);
  std::unique_ptr<QueryResult> Insert(const Statement& statement, std::string_view sql);
  std::unique_ptr<QueryResult> Set(const Statement& statement);
  // COPY ... TO a file (execution/copy_to_file.h) and COPY table FROM a file.
  std::unique_ptr<QueryResult> Copy(const Statement& statement, std::string_view sql);
  // CREATE TABLE t WITH (format, external_location, partitioned_by ...) AS SELECT: writes
  // the files with COPY and makes t a view over them (main/external_table.cc).
  std::unique_ptr<QueryResult> CreateExternalTable(const Statement& statement,
                                                   std::string_view sql);

  // Runs a bound plan to completion and returns its rows.
  std::shared_ptr<TableRows> RunPlan(LogicalOperatorPtr plan);
  PlanRunner MakePlanRunner();
  size_t Threads() const;
  // An execution context with this session's settings (threads, memory_limit,
  // temp_directory).
  std::unique_ptr<ExecutionContext> NewExecutionContext();

  Database& database_;
  std::atomic<bool> interrupted_{false};
  size_t threads_ = 0;
  uint64_t memory_limit_ = ExecutionContext::DefaultMemoryLimit();
  std::string temp_directory_ = ExecutionContext::DefaultTempDirectory();
  mutable std::mutex progress_mutex_;
  ExecutionContext* running_ = nullptr;
};

}  // namespace tarn
