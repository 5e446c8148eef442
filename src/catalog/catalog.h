#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "parser/ast.h"
#include "vector/data_chunk.h"

namespace tarn {

// The rows of a session table: an immutable list of chunks. Writers build a new list and
// swap it in, so a scan that started keeps reading a consistent snapshot.
using TableRows = std::vector<DataChunk>;

struct TableEntry {
  std::string name;
  std::vector<std::string> column_names;
  std::vector<LogicalType> types;
  std::vector<bool> not_null;
};

struct ViewEntry {
  std::string name;
  std::vector<std::string> column_aliases;
  std::shared_ptr<const QueryNode> query;
};

// Catalog holds the session's tables (with their rows) and views by case-insensitive name.
// Thread safety: every method locks; row snapshots are shared_ptr<const TableRows> so
// readers never block writers for longer than the pointer swap.
class Catalog {
 public:
  Status CreateTable(TableEntry table, bool replace, bool if_not_exists);
  Status CreateView(ViewEntry view, bool replace);
  Status Drop(const std::string& name, bool is_view, bool if_exists);

  // Null when absent.
  std::shared_ptr<const TableEntry> GetTable(const std::string& name) const;
  std::shared_ptr<const ViewEntry> GetView(const std::string& name) const;
  std::shared_ptr<const TableRows> GetRows(const std::string& name) const;
  // Appends rows (dense chunks of the table's types). Fails if the table was dropped.
  Status AppendRows(const std::string& name, std::vector<DataChunk> chunks);

  // Names of all tables and views, sorted (for SHOW TABLES and suggestions).
  std::vector<std::string> Names() const;

 private:
  struct TableSlot {
    std::shared_ptr<const TableEntry> entry;
    std::shared_ptr<const TableRows> rows;
  };
  mutable std::mutex mutex_;
  std::map<std::string, TableSlot> tables_;
  std::map<std::string, std::shared_ptr<const ViewEntry>> views_;
};

}  // namespace tarn
