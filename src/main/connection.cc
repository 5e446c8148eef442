#include "main/connection.h"

#include "main/client_context.h"
#include "parser/parser.h"

namespace tarn {

Connection::Connection(Database& database)
    : database_(database), context_(std::make_unique<ClientContext>(database)) {}

Connection::~Connection() = default;

std::vector<std::unique_ptr<QueryResult>> Connection::QueryAll(std::string_view sql) {
  std::vector<std::unique_ptr<QueryResult>> results;
  auto statements = ParseSql(sql);
  if (!statements.ok()) {
    results.push_back(
        QueryResult::Error(statements.status().code(), statements.status().message()));
    return results;
  }
  for (const auto& statement : statements.value()) {
    results.push_back(context_->Execute(*statement, sql));
    if (results.back()->HasError()) break;
  }
  return results;
}

std::unique_ptr<QueryResult> Connection::Query(std::string_view sql) {
  auto results = QueryAll(sql);
  if (results.empty()) return std::make_unique<QueryResult>();
  return std::move(results.back());
}

void Connection::Interrupt() { context_->Interrupt(); }

double Connection::Progress() const { return context_->Progress(); }

}  // namespace tarn
