// The SQLite catalog store driver: one connection to a catalog file (or ":memory:").
// Writers serialize on SQLite's database lock: a transaction begins IMMEDIATE, so it holds
// the write lock from its first statement and two processes never interleave their
// read-then-write sequences. A busy timeout makes a second process wait for the lock
// instead of failing at once.

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "catalog/sql_driver.h"

namespace tarn {

namespace {

// How long a process waits for another's write transaction before giving up.
constexpr int kBusyTimeoutMilliseconds = 30000;

class SqliteDriver : public SqlDriver {
 public:
  SqliteDriver(sqlite3* database, std::string path) : database_(database), path_(std::move(path)) {}
  ~SqliteDriver() override { sqlite3_close_v2(database_); }

  Status Execute(const std::string& sql, const std::vector<SqlParam>& params) override {
    Result<std::vector<SqlRow>> rows = Run(sql, params, /*collect=*/false);
    return rows.status();
  }

  Result<std::vector<SqlRow>> Query(const std::string& sql,
                                    const std::vector<SqlParam>& params) override {
    return Run(sql, params, /*collect=*/true);
  }

  Status Begin() override { return Execute("BEGIN IMMEDIATE", {}); }
  Status BeginRead() override { return Execute("BEGIN", {}); }
  Status Commit() override { return Execute("COMMIT", {}); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(database_)) return Status::Ok();  // Nothing is open.
    return Execute("ROLLBACK", {});
  }

  bool IsUniqueViolation(const Status& status) const override {
    return status.code() == ErrorCode::kCatalog &&
           status.message().find("UNIQUE constraint failed") != std::string::npos;
  }

  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  Result<std::vector<SqlRow>> Run(const std::string& sql, const std::vector<SqlParam>& params,
                                  bool collect) {
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(database_, sql.c_str(), static_cast<int>(sql.size()), &statement,
                                  nullptr);
    if (code != SQLITE_OK) return Failure(code);
    for (size_t i = 0; i < params.size(); i++) {
      int index = static_cast<int>(i + 1);
      if (const int64_t* number = std::get_if<int64_t>(&params[i])) {
        sqlite3_bind_int64(statement, index, *number);
      } else if (const std::string* text = std::get_if<std::string>(&params[i])) {
        sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()),
                          SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(statement, index);
      }
    }
    std::vector<SqlRow> rows;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
      if (!collect) continue;
      int columns = sqlite3_column_count(statement);
      SqlRow row(static_cast<size_t>(columns));
      for (int column = 0; column < columns; column++) {
        if (sqlite3_column_type(statement, column) == SQLITE_NULL) continue;
        const unsigned char* text = sqlite3_column_text(statement, column);
        int bytes = sqlite3_column_bytes(statement, column);
        row[static_cast<size_t>(column)] =
            std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(bytes));
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    if (code != SQLITE_DONE) return Failure(code);
    return rows;
  }

  Status Failure(int code) const {
    std::string message = "catalog store " + Describe() + ": " + sqlite3_errmsg(database_);
    int primary = code & 0xff;
    if (primary == SQLITE_CONSTRAINT) return Status::Error(ErrorCode::kCatalog, message);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return Status::Error(ErrorCode::kCatalog,
                           message + " (another process holds the catalog's write lock; retry)");
    }
    return Status::Error(ErrorCode::kIo, message);
  }

  sqlite3* database_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<SqlDriver>> OpenSqliteDriver(const std::string& path) {
  sqlite3* database = nullptr;
  int code =
      sqlite3_open_v2(path.c_str(), &database,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (code != SQLITE_OK) {
    std::string message = database ? sqlite3_errmsg(database) : sqlite3_errstr(code);
    sqlite3_close_v2(database);
    return Status::Error(ErrorCode::kIo,
                         "cannot open the catalog store sqlite:" + path + ": " + message);
  }
  sqlite3_busy_timeout(database, kBusyTimeoutMilliseconds);
  auto driver = std::make_unique<SqliteDriver>(database, path);
  // WAL lets readers in other processes go on while one process writes.
  if (path != ":memory:") {
    // Switching a new file to WAL needs a moment of exclusive access, which a process
    // opening the same new lake may hold: wait for it like for any lock.
    Result<std::vector<SqlRow>> mode = driver->Query("PRAGMA journal_mode=WAL", {});
    for (int attempt = 1; !mode.ok() && mode.status().code() == ErrorCode::kCatalog &&
                          attempt < kBusyTimeoutMilliseconds / 50;
         attempt++) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      mode = driver->Query("PRAGMA journal_mode=WAL", {});
    }
    if (!mode.ok()) return mode.status();
  }
  TARN_RETURN_IF_ERROR(driver->Execute("PRAGMA foreign_keys=OFF", {}));
  return std::unique_ptr<SqlDriver>(std::move(driver));
}

}  // namespace tarn
