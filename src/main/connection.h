#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "main/database.h"
#include "main/query_result.h"
#include "parser/ast.h"

namespace tarn {

class ClientContext;

// Connection is how every front end (shell, tests, later the HTTP server) runs SQL. It
// holds session state (settings such as threads) and never throws: every failure comes
// back as a QueryResult with HasError().
// Thread safety: one query at a time per Connection; Interrupt() and Progress() may be
// called from any thread (a signal handler thread, a progress-bar timer) while it runs.
class Connection {
 public:
  explicit Connection(Database& database);
  ~Connection();

  // Parses and runs every statement in `sql`; returns the result of the last one, or the
  // first error (statements after an error do not run).
  std::unique_ptr<QueryResult> Query(std::string_view sql);
  // Parses and runs every statement, returning one result per statement run; stops after
  // the first error, which is the last element.
  std::vector<std::unique_ptr<QueryResult>> QueryAll(std::string_view sql);

  // Asks the running query to stop; it then fails with kInterrupted.
  void Interrupt();
  // Fraction of the running query's input consumed, in [0, 1], or -1 when unknown.
  double Progress() const;

  Database& database() { return database_; }

 private:
  Database& database_;
  std::unique_ptr<ClientContext> context_;
};

}  // namespace tarn
