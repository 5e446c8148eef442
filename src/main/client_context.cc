#include "main/client_context.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <new>
#include <optional>
#include <thread>

#include "common/string_distance.h"
#include "execution/copy_to_file.h"
#include "execution/copy_to_statement.h"
#include "execution/operator/physical_collector.h"
#include "function/cast.h"
#include "optimizer/optimizer.h"
#include "parser/parser.h"
#include "planner/physical_planner.h"
#include "types/numeric.h"

namespace tarn {

namespace {

// The one-row result of a statement that wrote rows: Count = n.
std::unique_ptr<QueryResult> CountResult(int64_t count) {
  std::vector<LogicalType> types{LogicalType(TypeId::kBigint)};
  return QueryResult::FromRows({"Count"}, types, {{Value::Bigint(count)}});
}

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "4GB", "512 MB", "1.5GiB", "100000" (bytes); units are powers of 1024 (as DuckDB).
std::optional<uint64_t> ParseByteSize(const std::string& text) {
  size_t position = 0;
  while (position < text.size() && std::isspace(static_cast<unsigned char>(text[position])))
    position++;
  size_t start = position;
  while (position < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[position])) || text[position] == '.'))
    position++;
  if (start == position) return std::nullopt;
  double number = std::strtod(text.substr(start, position - start).c_str(), nullptr);
  std::string unit = Lower(text.substr(position));
  unit.erase(
      std::remove_if(unit.begin(), unit.end(), [](unsigned char c) { return std::isspace(c); }),
      unit.end());
  double scale;
  if (unit.empty() || unit == "b" || unit == "bytes") {
    scale = 1;
  } else if (unit == "kb" || unit == "kib" || unit == "k") {
    scale = 1024.0;
  } else if (unit == "mb" || unit == "mib" || unit == "m") {
    scale = 1024.0 * 1024;
  } else if (unit == "gb" || unit == "gib" || unit == "g") {
    scale = 1024.0 * 1024 * 1024;
  } else if (unit == "tb" || unit == "tib" || unit == "t") {
    scale = 1024.0 * 1024 * 1024 * 1024;
  } else {
    return std::nullopt;
  }
  double bytes = number * scale;
  if (!(bytes >= 0) || bytes > 1e18) return std::nullopt;
  return static_cast<uint64_t>(bytes);
}

}  // namespace

ClientContext::ClientContext(Database& database)
    : database_(database), threads_(database.options().threads) {}

size_t ClientContext::Threads() const {
  if (threads_ > 0) return threads_;
  return std::max<size_t>(1, std::thread::hardware_concurrency());
}

std::unique_ptr<ExecutionContext> ClientContext::NewExecutionContext() {
  auto context = std::make_unique<ExecutionContext>(ThreadPool::Global(), Threads(), &interrupted_);
  context->set_memory_limit(memory_limit_);
  context->set_temp_directory(temp_directory_);
  return context;
}

double ClientContext::Progress() const {
  std::lock_guard<std::mutex> lock(progress_mutex_);
  return running_ ? running_->progress.load() : -1;
}

std::unique_ptr<QueryResult> ClientContext::Execute(const Statement& statement,
                                                    std::string_view sql) {
  interrupted_ = false;
  try {
    // Positions in the statement's nodes are relative to its own text.
    (void)sql;
    return ExecuteStatement(statement, statement.text);
  } catch (const TarnException& error) {
    return QueryResult::Error(error.code(), error.what());
  } catch (const std::bad_alloc&) {
    return QueryResult::Error(ErrorCode::kOutOfMemory, "out of memory while running the statement");
  } catch (const std::exception& error) {
    return QueryResult::Error(ErrorCode::kInternal, error.what());
  }
}

PlanRunner ClientContext::MakePlanRunner() {
  return [this](LogicalOperatorPtr plan) { return RunPlan(std::move(plan)); };
}

std::shared_ptr<TableRows> ClientContext::RunPlan(LogicalOperatorPtr plan) {
  plan = Optimize(std::move(plan));
  auto root = std::make_unique<PhysicalCollector>("RESULT", plan->types, plan->estimated_rows);
  root->children.push_back(CreatePhysicalPlan(*plan));
  auto context = NewExecutionContext();
  ExecutionContext* previous;
  {
    std::lock_guard<std::mutex> lock(progress_mutex_);
    previous = running_;
    running_ = context.get();
  }
  struct RestoreRunning {
    ClientContext* self;
    ExecutionContext* previous;
    ~RestoreRunning() {
      std::lock_guard<std::mutex> lock(self->progress_mutex_);
      self->running_ = previous;
    }
  } restore{this, previous};
  ExecutePlan(*context, *root);
  std::shared_ptr<TableRows> rows = PhysicalCollector::Rows(*context, *root);
  return rows;
}

std::unique_ptr<QueryResult> ClientContext::RunQuery(const QueryNode& query, std::string_view sql) {
  Binder binder(database_.catalog(), sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound = binder.BindQuery(query);
  auto result = std::make_unique<QueryResult>();
  result->SetSchema(bound.names, bound.types);
  std::shared_ptr<TableRows> rows = RunPlan(std::move(bound.plan));
  for (auto& chunk : *rows) result->AddChunk(std::move(chunk));
  return result;
}

std::unique_ptr<QueryResult> ClientContext::ExecuteStatement(const Statement& statement,
                                                             std::string_view sql) {
  switch (statement.kind) {
    case StatementKind::kSelect:
      return RunQuery(*statement.query, sql);
    case StatementKind::kExplain:
      return Explain(statement, sql);
    case StatementKind::kDescribe:
      return Describe(statement, sql);
    case StatementKind::kCreateTable:
      return CreateTable(statement, sql);
    case StatementKind::kCreateView: {
      if (!statement.temporary && (!statement.schema.empty() || !database_.lake().transient())) {
        return CreateCatalogView(statement, sql);
      }
      Binder binder(database_.catalog(), sql, MakePlanRunner(), MakeTableResolver());
      BoundQuery bound = binder.BindQuery(*statement.query);  // Validates the view now.
      ViewEntry view;
      view.name = statement.name;
      for (const auto& column : statement.columns) view.column_aliases.push_back(column.name);
      for (const auto& name : statement.insert_columns) view.column_aliases.push_back(name);
      if (view.column_aliases.size() > bound.names.size()) {
        ThrowError(ErrorCode::kBinder,
                   "view \"" + view.name + "\" has more column names than columns");
      }
      view.query = std::shared_ptr<const QueryNode>(statement.query->Copy());
      database_.catalog().CreateView(std::move(view), statement.or_replace).ThrowIfError();
      return std::make_unique<QueryResult>();
    }
    case StatementKind::kInsert:
      return Insert(statement, sql);
    case StatementKind::kDrop: {
      // Unqualified names are session tables and views first, then the current database's.
      Catalog& session = database_.catalog();
      bool in_session = statement.schema.empty() &&
                        (statement.drop_view ? session.GetView(statement.name) != nullptr
                                             : session.GetTable(statement.name) != nullptr ||
                                                   session.GetView(statement.name) != nullptr);
      if (in_session) {
        session.Drop(statement.name, statement.drop_view, statement.if_exists).ThrowIfError();
        return std::make_unique<QueryResult>();
      }
      CatalogStore& store = database_.lake().store();
      std::optional<CatalogTable> table = FindCatalogTable(statement.schema, statement.name);
      if (table && statement.drop_view != (table->kind == CatalogTableKind::kView)) {
        ThrowError(ErrorCode::kCatalog,
                   table->database + "." + table->name +
                       (statement.drop_view ? " is a table, not a view: use DROP TABLE"
                                            : " is a view, not a table: use DROP VIEW"));
      }
      if (!table && statement.drop_view && statement.schema.empty()) {
        if (statement.if_exists) return std::make_unique<QueryResult>();
        session.Drop(statement.name, true, false).ThrowIfError();
      }
      if (!table) {
        if (statement.if_exists) return std::make_unique<QueryResult>();
        if (statement.schema.empty()) {
          // The session's message, with its suggestions.
          session.Drop(statement.name, false, false).ThrowIfError();
        }
        RequireCatalogTable(statement.schema, statement.name);
      }
      store.DropTable(table->database, table->name, statement.if_exists).ThrowIfError();
      RemoveManagedFiles(*table);
      return std::make_unique<QueryResult>();
    }
    case StatementKind::kSet:
      return Set(statement);
    case StatementKind::kCopy:
      return Copy(statement, sql);
    case StatementKind::kShowTables: {
      // Session tables and views (when no database is named), then the database's tables.
      std::vector<std::vector<std::string>> rows;
      std::string pattern = statement.ddl ? statement.ddl->like_pattern : "";
      std::vector<std::string> names;
      if (statement.schema.empty()) names = database_.catalog().Names();
      for (const CatalogTable& table :
           database_.lake().store().ListTables(DatabaseOf(statement.schema)).ValueOrThrow()) {
        names.push_back(table.name);
      }
      for (const auto& name : names) {
        if (pattern.empty() || ShowPatternMatches(pattern, name)) rows.push_back({name});
      }
      return QueryResult::FromStrings({"name"}, rows);
    }
    case StatementKind::kCreateDatabase:
    case StatementKind::kDropDatabase:
    case StatementKind::kUse:
    case StatementKind::kCreateCatalogTable:
    case StatementKind::kMsckRepair:
    case StatementKind::kAlterTable:
    case StatementKind::kShow:
    case StatementKind::kCreateCrawler:
    case StatementKind::kRunCrawler:
    case StatementKind::kDropCrawler:
    case StatementKind::kComment:
      return ExecuteCatalogStatement(statement, sql);
  }
  ThrowError(ErrorCode::kInternal, "unknown statement kind");
}

std::unique_ptr<QueryResult> ClientContext::Explain(const Statement& statement,
                                                    std::string_view sql) {
  const Statement& inner = *statement.inner;
  if (inner.kind != StatementKind::kSelect) {
    ThrowError(ErrorCode::kNotImplemented, "EXPLAIN supports queries (SELECT, WITH, VALUES) only");
  }
  Binder binder(database_.catalog(), inner.text, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound = binder.BindQuery(*inner.query);
  LogicalOperatorPtr plan = Optimize(std::move(bound.plan));
  auto root = std::make_unique<PhysicalCollector>("RESULT", plan->types, plan->estimated_rows);
  root->children.push_back(CreatePhysicalPlan(*plan));
  std::string rendered;
  if (statement.analyze) {
    auto owned_context = NewExecutionContext();
    ExecutionContext& context = *owned_context;
    context.set_profiling(true);
    auto start = std::chrono::steady_clock::now();
    {
      std::lock_guard<std::mutex> lock(progress_mutex_);
      running_ = &context;
    }
    try {
      ExecutePlan(context, *root);
    } catch (...) {
      std::lock_guard<std::mutex> lock(progress_mutex_);
      running_ = nullptr;
      throw;
    }
    {
      std::lock_guard<std::mutex> lock(progress_mutex_);
      running_ = nullptr;
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rendered = RenderPhysicalPlan(*root->children[0], &context);
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "Total time: %.3f s", seconds);
    rendered += buffer;
  } else {
    rendered = RenderPhysicalPlan(*root->children[0], nullptr);
  }
  std::vector<std::vector<std::string>> rows;
  size_t start = 0;
  while (start < rendered.size()) {
    size_t end = rendered.find('\n', start);
    if (end == std::string::npos) end = rendered.size();
    rows.push_back({rendered.substr(start, end - start)});
    start = end + 1;
  }
  return QueryResult::FromStrings({"plan"}, rows);
}

std::unique_ptr<QueryResult> ClientContext::Describe(const Statement& statement,
                                                     std::string_view sql) {
  if (statement.table && statement.table->kind == TableRefKind::kBaseTable &&
      !statement.table->is_file_path &&
      (!statement.table->schema.empty() || (!database_.catalog().GetTable(statement.table->name) &&
                                            !database_.catalog().GetView(statement.table->name)))) {
    std::optional<CatalogTable> table =
        FindCatalogTable(statement.table->schema, statement.table->name);
    if (table) return DescribeCatalogTable(*table, statement.ddl && statement.ddl->formatted);
  }
  Binder binder(database_.catalog(), sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound =
      statement.query ? binder.BindQuery(*statement.query) : binder.BindTableOnly(*statement.table);
  std::vector<std::vector<std::string>> rows;
  std::shared_ptr<const TableEntry> table;
  if (statement.table && statement.table->kind == TableRefKind::kBaseTable &&
      !statement.table->is_file_path) {
    table = database_.catalog().GetTable(statement.table->name);
  }
  for (size_t i = 0; i < bound.names.size(); i++) {
    bool not_null = table && i < table->not_null.size() && table->not_null[i];
    rows.push_back({bound.names[i], bound.types[i].ToString(), not_null ? "NO" : "YES"});
  }
  return QueryResult::FromStrings({"column_name", "column_type", "null"}, rows);
}

std::unique_ptr<QueryResult> ClientContext::CreateTable(const Statement& statement,
                                                        std::string_view sql) {
  if (!statement.copy_options.empty()) return CreateExternalTable(statement, sql);
  // In a lake folder (and for any `db.t`), tables are the lake's: Parquet files under the
  // lake and an entry in its catalog. TEMP tables, and tables of a transient session, live
  // in memory.
  if (!statement.temporary && (!statement.schema.empty() || !database_.lake().transient())) {
    CatalogStore& store = database_.lake().store();
    std::string database = DatabaseOf(statement.schema);
    std::optional<CatalogTable> existing = store.GetTable(database, statement.name).ValueOrThrow();
    if (existing && statement.if_not_exists) return std::make_unique<QueryResult>();
    if (existing && statement.or_replace) {
      store.DropTable(existing->database, existing->name, false).ThrowIfError();
      RemoveManagedFiles(*existing);
    }
    Statement hive;
    hive.kind = StatementKind::kCreateCatalogTable;
    hive.schema = statement.schema;
    hive.name = statement.name;
    hive.if_not_exists = statement.if_not_exists;
    hive.ddl = std::make_unique<CatalogDdl>();
    hive.ddl->stored_as = "parquet";
    for (const ColumnDefinition& column : statement.columns) hive.columns.push_back(column);
    if (statement.query) hive.query = statement.query->Copy();
    return CreateCatalogTable(hive, sql);
  }
  Catalog& catalog = database_.catalog();
  TableEntry table;
  table.name = statement.name;
  if (!statement.query) {
    for (const auto& column : statement.columns) {
      for (const auto& existing : table.column_names) {
        if (Lower(existing) == Lower(column.name)) {
          ThrowError(ErrorCode::kCatalog,
                     "column \"" + column.name + "\" is specified more than once");
        }
      }
      table.column_names.push_back(column.name);
      table.types.push_back(column.type);
      table.not_null.push_back(column.not_null);
    }
    catalog.CreateTable(std::move(table), statement.or_replace, statement.if_not_exists)
        .ThrowIfError();
    return std::make_unique<QueryResult>();
  }
  if (statement.if_not_exists && catalog.GetTable(statement.name))
    return std::make_unique<QueryResult>();
  if (!statement.or_replace &&
      (catalog.GetTable(statement.name) || catalog.GetView(statement.name))) {
    ThrowError(ErrorCode::kCatalog, "table \"" + statement.name + "\" already exists");
  }
  Binder binder(catalog, sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound = binder.BindQuery(*statement.query);
  for (size_t i = 0; i < bound.names.size(); i++) {
    for (size_t j = 0; j < i; j++) {
      if (Lower(bound.names[i]) == Lower(bound.names[j])) {
        ThrowError(ErrorCode::kCatalog,
                   "column \"" + bound.names[i] +
                       "\" is specified more than once; give the query's columns distinct names");
      }
    }
  }
  std::vector<LogicalType> types = bound.types;
  for (auto& type : types) {
    if (type.id() == TypeId::kNull) type = LogicalType(TypeId::kInteger);
  }
  LogicalOperatorPtr plan = CastColumns(std::move(bound.plan), types);
  std::shared_ptr<TableRows> rows = RunPlan(std::move(plan));
  table.column_names = bound.names;
  table.types = types;
  table.not_null.assign(types.size(), false);
  catalog.CreateTable(std::move(table), statement.or_replace, false).ThrowIfError();
  catalog.AppendRows(statement.name, std::move(*rows)).ThrowIfError();
  return std::make_unique<QueryResult>();
}

std::unique_ptr<QueryResult> ClientContext::Insert(const Statement& statement,
                                                   std::string_view sql) {
  Catalog& catalog = database_.catalog();
  if (!statement.schema.empty() || !catalog.GetTable(statement.name)) {
    std::optional<CatalogTable> lake_table = FindCatalogTable(statement.schema, statement.name);
    if (lake_table) {
      WriteToCatalogTable(*lake_table, *statement.query, sql, statement.insert_columns);
      return std::make_unique<QueryResult>();
    }
  }
  std::shared_ptr<const TableEntry> table = catalog.GetTable(statement.name);
  if (!table) {
    ThrowError(ErrorCode::kCatalog, "table \"" + statement.name + "\" does not exist." +
                                        DidYouMean(statement.name, catalog.Names()));
  }
  Binder binder(catalog, sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound = binder.BindQuery(*statement.query);
  size_t width = table->types.size();
  // Which query column feeds each table column (or none: NULL).
  std::vector<std::optional<size_t>> sources(width);
  if (statement.insert_columns.empty()) {
    if (bound.types.size() != width) {
      ThrowError(ErrorCode::kBinder, "table \"" + table->name + "\" has " + std::to_string(width) +
                                         " columns but " + std::to_string(bound.types.size()) +
                                         " values were supplied");
    }
    for (size_t i = 0; i < width; i++) sources[i] = i;
  } else {
    if (statement.insert_columns.size() != bound.types.size()) {
      ThrowError(ErrorCode::kBinder,
                 "INSERT names " + std::to_string(statement.insert_columns.size()) +
                     " columns but supplies " + std::to_string(bound.types.size()) + " values");
    }
    for (size_t q = 0; q < statement.insert_columns.size(); q++) {
      std::optional<size_t> target;
      for (size_t i = 0; i < width; i++) {
        if (Lower(table->column_names[i]) == Lower(statement.insert_columns[q])) target = i;
      }
      if (!target) {
        ThrowError(ErrorCode::kBinder, "table \"" + table->name + "\" has no column \"" +
                                           statement.insert_columns[q] + "\"");
      }
      if (sources[*target]) {
        ThrowError(ErrorCode::kBinder,
                   "column \"" + statement.insert_columns[q] + "\" is named twice in INSERT");
      }
      sources[*target] = q;
    }
  }
  std::vector<BoundExpressionPtr> expressions;
  for (size_t i = 0; i < width; i++) {
    if (!sources[i]) {
      expressions.push_back(BoundExpression::Constant(Value::Null(table->types[i])));
      continue;
    }
    const LogicalType& source_type = bound.types[*sources[i]];
    if (!CastExists(source_type, table->types[i])) {
      ThrowError(ErrorCode::kType, "cannot insert " + source_type.ToString() + " into column \"" +
                                       table->column_names[i] + "\" of type " +
                                       table->types[i].ToString());
    }
    expressions.push_back(
        AddCast(BoundExpression::ColumnRef(*sources[i], source_type, ""), table->types[i]));
  }
  auto projection = std::make_unique<LogicalOperator>();
  projection->kind = LogicalKind::kProjection;
  projection->types = table->types;
  projection->expressions = std::move(expressions);
  projection->estimated_rows = bound.plan->estimated_rows;
  projection->children.push_back(std::move(bound.plan));
  std::shared_ptr<TableRows> rows = RunPlan(std::move(projection));
  for (const auto& chunk : *rows) {
    for (size_t i = 0; i < width; i++) {
      if (!table->not_null[i]) continue;
      for (idx_t row = 0; row < chunk.size(); row++) {
        if (!chunk.column(i).validity().RowIsValid(row)) {
          ThrowError(ErrorCode::kInvalidInput, "NULL value in column \"" + table->column_names[i] +
                                                   "\" violates its NOT NULL constraint");
        }
      }
    }
  }
  catalog.AppendRows(statement.name, std::move(*rows)).ThrowIfError();
  return std::make_unique<QueryResult>();
}

std::unique_ptr<QueryResult> ClientContext::Copy(const Statement& statement, std::string_view sql) {
  Catalog& catalog = database_.catalog();
  if (statement.copy_from) {
    if (!statement.schema.empty() || !catalog.GetTable(statement.name)) {
      // A lake table: the file's rows become new files of the table.
      std::optional<CatalogTable> lake_table = FindCatalogTable(statement.schema, statement.name);
      if (lake_table) {
        QueryNode query;
        auto star = std::make_unique<ParsedExpression>();
        star->kind = ExpressionKind::kStar;
        query.select_list.push_back(std::move(star));
        query.from = CopyFromSource(statement.copy_path, statement.copy_options).ValueOrThrow();
        return WriteToCatalogTable(*lake_table, query, sql, statement.insert_columns);
      }
    }
    if (!catalog.GetTable(statement.name)) {
      ThrowError(ErrorCode::kCatalog, "table \"" + statement.name + "\" does not exist." +
                                          DidYouMean(statement.name, catalog.Names()));
    }
    auto rows_before = catalog.GetRows(statement.name);
    int64_t before = 0;
    for (const auto& chunk : *rows_before) before += static_cast<int64_t>(chunk.size());
    Statement insert;
    insert.kind = StatementKind::kInsert;
    insert.name = statement.name;
    insert.schema = statement.schema;
    insert.insert_columns = statement.insert_columns;
    insert.query = std::make_unique<QueryNode>();
    auto star = std::make_unique<ParsedExpression>();
    star->kind = ExpressionKind::kStar;
    insert.query->select_list.push_back(std::move(star));
    insert.query->from = CopyFromSource(statement.copy_path, statement.copy_options).ValueOrThrow();
    Insert(insert, sql);
    int64_t after = 0;
    for (const auto& chunk : *catalog.GetRows(statement.name)) {
      after += static_cast<int64_t>(chunk.size());
    }
    return CountResult(after - before);
  }
  Binder binder(catalog, sql, MakePlanRunner(), MakeTableResolver());
  BoundQuery bound;
  if (statement.query) {
    bound = binder.BindQuery(*statement.query);
  } else {
    QueryNode query;
    if (statement.insert_columns.empty()) {
      auto star = std::make_unique<ParsedExpression>();
      star->kind = ExpressionKind::kStar;
      query.select_list.push_back(std::move(star));
    }
    for (const auto& column : statement.insert_columns) {
      auto reference = std::make_unique<ParsedExpression>();
      reference->kind = ExpressionKind::kColumnRef;
      reference->column_path = {column};
      query.select_list.push_back(std::move(reference));
    }
    query.from = std::make_unique<TableRef>();
    query.from->name = statement.name;
    query.from->schema = statement.schema;
    bound = binder.BindQuery(query);
  }
  return CopyQueryTo(std::move(bound), statement.copy_path, statement.copy_options);
}

std::unique_ptr<QueryResult> ClientContext::CopyQueryTo(BoundQuery bound, const std::string& path,
                                                        const std::vector<CopyOption>& options,
                                                        std::vector<std::string>* files_written) {
  CopyToFileInfo info = BindCopyTo(path, bound.names, bound.types, options).ValueOrThrow();
  PhysicalCopyToFile::CheckTarget(info).ThrowIfError();
  LogicalOperatorPtr plan = Optimize(std::move(bound.plan));
  auto root = std::make_unique<PhysicalCopyToFile>(std::move(info), plan->estimated_rows);
  root->children.push_back(CreatePhysicalPlan(*plan));
  auto context = NewExecutionContext();
  {
    std::lock_guard<std::mutex> lock(progress_mutex_);
    running_ = context.get();
  }
  struct ClearRunning {
    ClientContext* self;
    ~ClearRunning() {
      std::lock_guard<std::mutex> lock(self->progress_mutex_);
      self->running_ = nullptr;
    }
  } clear{this};
  ExecutePlan(*context, *root);
  if (files_written) {
    for (std::string& file : PhysicalCopyToFile::FilesWritten(*context, *root)) {
      files_written->push_back(std::move(file));
    }
  }
  return CountResult(static_cast<int64_t>(PhysicalCopyToFile::RowsWritten(*context, *root)));
}

std::unique_ptr<QueryResult> ClientContext::Set(const Statement& statement) {
  std::string name = Lower(statement.name);
  if (name == "threads" || name == "worker_threads") {
    int64_t threads = 0;
    std::string text = statement.setting_value.ToString();
    if (!numeric::TryParseInt64(text, &threads) || threads < 1 || threads > 1024) {
      ThrowError(ErrorCode::kInvalidOption,
                 "threads must be an integer between 1 and 1024, got '" + text + "'");
    }
    threads_ = static_cast<size_t>(threads);
    return std::make_unique<QueryResult>();
  }
  if (name == "memory_limit" || name == "max_memory") {
    std::string text = statement.setting_value.ToString();
    auto bytes = ParseByteSize(text);
    if (!bytes || *bytes < (uint64_t(1) << 20)) {
      ThrowError(ErrorCode::kInvalidOption,
                 "memory_limit must be a size of at least 1MB such as '512MB' or '4GB', got '" +
                     text + "'");
    }
    memory_limit_ = *bytes;
    return std::make_unique<QueryResult>();
  }
  if (name == "temp_directory") {
    std::string text = statement.setting_value.ToString();
    if (text.empty()) ThrowError(ErrorCode::kInvalidOption, "temp_directory must not be empty");
    temp_directory_ = text;
    return std::make_unique<QueryResult>();
  }
  ThrowError(ErrorCode::kInvalidOption, "unknown setting \"" + statement.name +
                                            "\". Settings: threads, memory_limit, temp_directory");
}

}  // namespace tarn
