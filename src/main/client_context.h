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

// SHOW ... LIKE 'p': Hive's patterns ('*' any text, '|' between alternatives) and SQL's
// ('%', '_'), ignoring case.
bool ShowPatternMatches(const std::string& pattern, const std::string& name);

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
  // the files with COPY and registers t and its partitions in the lake catalog
  // (main/external_table.cc).
  std::unique_ptr<QueryResult> CreateExternalTable(const Statement& statement,
                                                   std::string_view sql);

  // Runs `bound` into files: COPY's machinery, shared by COPY ... TO and catalog writes.
  // The paths of the files written are appended to `files_written` when it is given.
  std::unique_ptr<QueryResult> CopyQueryTo(BoundQuery bound, const std::string& path,
                                           const std::vector<CopyOption>& options,
                                           std::vector<std::string>* files_written = nullptr);

  // ---- The lake catalog (main/catalog_statements.cc) ----------------------------------
  // CREATE/DROP DATABASE, USE, Hive DDL tables, MSCK REPAIR, ALTER TABLE, SHOW, COMMENT ON,
  // crawlers.
  std::unique_ptr<QueryResult> ExecuteCatalogStatement(const Statement& statement,
                                                       std::string_view sql);
  std::unique_ptr<QueryResult> CreateCatalogTable(const Statement& statement, std::string_view sql);
  // Creates `table` (location set, columns from the query) and writes the query's rows as
  // its first files; `keys` are the query columns that become partition keys.
  std::unique_ptr<QueryResult> CreateTableAs(CatalogTable table,
                                             const std::vector<std::string>& keys,
                                             const QueryNode& query, std::string_view sql);
  // Writes the query's rows as new files of `table` (INSERT INTO, COPY FROM, CTAS) and
  // registers the partitions they created; returns the row count. Query columns fill the
  // table's columns (partition keys last) in order, or the columns named in
  // `insert_columns` (the others are NULL), or, `by_name`, the columns of their names.
  std::unique_ptr<QueryResult> WriteToCatalogTable(
      const CatalogTable& table, const QueryNode& query, std::string_view sql,
      const std::vector<std::string>& insert_columns = {}, bool by_name = false);
  std::unique_ptr<QueryResult> AlterCatalogTable(const Statement& statement);
  std::unique_ptr<QueryResult> ShowCatalog(const Statement& statement);
  std::unique_ptr<QueryResult> DescribeCatalogTable(const CatalogTable& table, bool formatted);
  void RemoveManagedFiles(const CatalogTable& table);
  // The binder's hook for names that are not session tables (see TableResolver).
  TableResolver MakeTableResolver();
  ResolvedTable ResolveTable(const std::string& schema, const std::string& name);
  // CREATE VIEW db.v (or any view when a lake folder is open): the view in the catalog.
  std::unique_ptr<QueryResult> CreateCatalogView(const Statement& statement, std::string_view sql);
  // information_schema.{schemata,tables,columns} and tarn_catalog.{databases,tables,
  // columns,partitions,table_versions,crawlers}, read from the store now.
  std::shared_ptr<const TableScanBinding> CatalogView(const std::string& schema,
                                                      const std::string& name);
  // Where a managed table's files go: under its database's location.
  std::string ManagedLocation(const std::string& database, const std::string& table);
  // The database a name with this qualifier lives in: the qualifier, or the current one.
  std::string DatabaseOf(const std::string& schema) const;
  // The catalog table of that qualifier and name, or nullopt.
  std::optional<CatalogTable> FindCatalogTable(const std::string& schema, const std::string& name);
  // The catalog table, or a kCatalog error naming it (with a suggestion).
  CatalogTable RequireCatalogTable(const std::string& schema, const std::string& name);

  // Runs a bound plan to completion and returns its rows.
  std::shared_ptr<TableRows> RunPlan(LogicalOperatorPtr plan);
  PlanRunner MakePlanRunner();
  size_t Threads() const;
  // An execution context with this session's settings (threads, memory_limit,
  // temp_directory).
  std::unique_ptr<ExecutionContext> NewExecutionContext();

  Database& database_;
  std::string current_database_ = Lake::kDefaultDatabase;  // USE db
  std::atomic<bool> interrupted_{false};
  size_t threads_ = 0;
  uint64_t memory_limit_ = ExecutionContext::DefaultMemoryLimit();
  std::string temp_directory_ = ExecutionContext::DefaultTempDirectory();
  mutable std::mutex progress_mutex_;
  ExecutionContext* running_ = nullptr;
};

}  // namespace tarn
