// The PostgreSQL catalog store driver: one libpq connection to the database a team shares.
//
// Isolation: transactions begin REPEATABLE READ. Each one reads one snapshot (taken at its
// first statement, so it sees what others committed before it began); two transactions
// that update or delete the same row cannot both commit (the second fails with
// serialization_failure, reported as kCatalog "retry"); two that insert the same key
// collide on the PRIMARY KEY / UNIQUE constraint, and the loser gets unique_violation, which
// the store reports as "already exists". SERIALIZABLE would also rule out write skew, but
// it reports an insert that collides with a concurrent one as a serialization failure
// whenever the transaction looked for the key first (as the store does to tell "exists"
// from "absent"), so a user racing another process to CREATE TABLE would be told to retry
// instead of that the table exists. READ COMMITTED would let two updates of one row both
// commit, the second silently overwriting the first. What REPEATABLE READ does not catch is
// write skew between different rows (a DROP DATABASE that found no tables while another
// process adds one): the store has to rule that out by having both write one common row.

#include <libpq-fe.h>

#include <string>
#include <utility>

#include "catalog/sql_driver.h"

namespace tarn {

namespace {

// The SQLSTATE codes the driver tells apart.
constexpr const char* kUniqueViolation = "23505";
constexpr const char* kSerializationFailure = "40001";
constexpr const char* kDeadlockDetected = "40P01";
// Class 08: connection exceptions; 57P01..57P03: the server shut down or cannot accept.
constexpr const char* kConnectionExceptionClass = "08";
constexpr const char* kAdminShutdownClass = "57P";

// The marker IsUniqueViolation looks for in a status message.
constexpr const char* kUniqueViolationMarker = "duplicate key in the catalog store";

// libpq's type OID of bigint: integer parameters are declared as such so that arithmetic
// and comparisons on them resolve; text and NULL parameters are left for the server to
// infer from their context, as a quoted literal would be.
constexpr unsigned int kBigintOid = 20;

// How long a connection attempt waits for an unreachable server by default.
constexpr const char* kDefaultConnectTimeoutSeconds = "10";

// Rewrites `?` placeholders to $1..$n, leaving those inside quoted literals, quoted
// identifiers and comments alone (the store's statements use no E'' or $$ strings).
// Returns the number of placeholders.
size_t RewritePlaceholders(const std::string& sql, std::string* rewritten) {
  rewritten->clear();
  rewritten->reserve(sql.size() + 8);
  size_t count = 0;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // A doubled quote inside is an escaped one: the scan leaves and re-enters.
      size_t end = sql.find(c, i + 1);
      end = end == std::string::npos ? sql.size() : end + 1;
      rewritten->append(sql, i, end - i);
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      end = end == std::string::npos ? sql.size() : end;
      rewritten->append(sql, i, end - i);
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == std::string::npos ? sql.size() : end + 2;
      rewritten->append(sql, i, end - i);
      i = end;
    } else if (c == '?') {
      count++;
      rewritten->push_back('$');
      rewritten->append(std::to_string(count));
      i++;
    } else {
      rewritten->push_back(c);
      i++;
    }
  }
  return count;
}

// Whether a libpq connection string carries a password (URI user info "user:secret@" or a
// password keyword), so that libpq's messages about a string it cannot parse, which may
// quote the string, are not shown.
bool MentionsPassword(const std::string& connection) {
  if (connection.find("password") != std::string::npos) return true;
  size_t scheme = connection.find("://");
  if (scheme == std::string::npos) return false;
  size_t authority_end = connection.find_first_of("/?", scheme + 3);
  std::string authority = connection.substr(scheme + 3, authority_end == std::string::npos
                                                            ? std::string::npos
                                                            : authority_end - scheme - 3);
  size_t at = authority.rfind('@');
  return at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos;
}

// libpq messages end with a newline (sometimes several lines); one line reads better.
std::string OneLine(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// Owns a PGresult.
class ResultHandle {
 public:
  explicit ResultHandle(PGresult* result) : result_(result) {}
  ~ResultHandle() { PQclear(result_); }
  ResultHandle(const ResultHandle&) = delete;
  ResultHandle& operator=(const ResultHandle&) = delete;
  PGresult* get() const { return result_; }

 private:
  PGresult* result_;
};

class PostgresDriver : public SqlDriver {
 public:
  explicit PostgresDriver(PGconn* connection) : connection_(connection) {
    const char* host = PQhost(connection_);
    std::string host_text = host && *host ? host : "localhost";
    const char* user = PQuser(connection_);
    const char* port = PQport(connection_);
    const char* database = PQdb(connection_);
    description_ = "postgresql://" + std::string(user ? user : "") + "@" + host_text + ":" +
                   std::string(port && *port ? port : "5432") + "/" +
                   std::string(database ? database : "");
  }
  ~PostgresDriver() override { PQfinish(connection_); }

  Status Execute(const std::string& sql, const std::vector<SqlParam>& params) override {
    return Run(sql, params, nullptr);
  }

  Result<std::vector<SqlRow>> Query(const std::string& sql,
                                    const std::vector<SqlParam>& params) override {
    std::vector<SqlRow> rows;
    TARN_RETURN_IF_ERROR(Run(sql, params, &rows));
    return rows;
  }

  Status Begin() override {
    // A connection lost between transactions (a server restart) is opened again.
    if (PQstatus(connection_) == CONNECTION_BAD) {
      PQreset(connection_);
      if (PQstatus(connection_) == CONNECTION_OK) TARN_RETURN_IF_ERROR(ConfigureSession());
    }
    return Run("BEGIN ISOLATION LEVEL REPEATABLE READ", {}, nullptr);
  }

  Status Commit() override {
    // COMMIT of a transaction in which a statement failed rolls it back and says so only
    // through its command tag.
    bool failed = PQtransactionStatus(connection_) == PQTRANS_INERROR;
    TARN_RETURN_IF_ERROR(Run("COMMIT", {}, nullptr));
    if (failed) {
      return Status::Error(ErrorCode::kCatalog,
                           "catalog store " + description_ +
                               ": the transaction was rolled back after an earlier error");
    }
    return Status::Ok();
  }

  Status Rollback() override {
    PGTransactionStatusType state = PQtransactionStatus(connection_);
    if (state == PQTRANS_IDLE || state == PQTRANS_UNKNOWN) return Status::Ok();
    return Run("ROLLBACK", {}, nullptr);
  }

  bool IsUniqueViolation(const Status& status) const override {
    return status.code() == ErrorCode::kCatalog &&
           status.message().find(kUniqueViolationMarker) != std::string::npos;
  }

  std::string Describe() const override { return description_; }

  // Per-session settings, applied after connecting and after a reconnect.
  Status ConfigureSession() {
    // CREATE TABLE IF NOT EXISTS would print a NOTICE to stderr for each existing table.
    return Run("SET client_min_messages = warning", {}, nullptr);
  }

 private:
  // Runs one statement (or, without parameters, a script of several); collects the rows
  // into `rows` when given.
  Status Run(const std::string& sql, const std::vector<SqlParam>& params,
             std::vector<SqlRow>* rows) {
    std::string rewritten;
    size_t placeholders = RewritePlaceholders(sql, &rewritten);
    if (placeholders != params.size()) {
      return Status::Error(ErrorCode::kInternal,
                           "catalog statement has " + std::to_string(placeholders) +
                               " placeholders but " + std::to_string(params.size()) +
                               " parameters: " + sql);
    }
    PGresult* raw_result;
    if (params.empty()) {
      raw_result = PQexec(connection_, rewritten.c_str());
    } else {
      std::vector<std::string> texts(params.size());
      std::vector<const char*> values(params.size(), nullptr);
      std::vector<unsigned int> types(params.size(), 0);
      for (size_t i = 0; i < params.size(); i++) {
        if (const int64_t* number = std::get_if<int64_t>(&params[i])) {
          texts[i] = std::to_string(*number);
          values[i] = texts[i].c_str();
          types[i] = kBigintOid;
        } else if (const std::string* text = std::get_if<std::string>(&params[i])) {
          values[i] = text->c_str();
        }
      }
      raw_result = PQexecParams(connection_, rewritten.c_str(), static_cast<int>(params.size()),
                                types.data(), values.data(), nullptr, nullptr, 0);
    }
    ResultHandle result(raw_result);
    ExecStatusType state = raw_result ? PQresultStatus(raw_result) : PGRES_FATAL_ERROR;
    if (state != PGRES_COMMAND_OK && state != PGRES_TUPLES_OK) return Failure(raw_result);
    if (rows != nullptr && state == PGRES_TUPLES_OK) {
      int row_count = PQntuples(raw_result);
      int column_count = PQnfields(raw_result);
      rows->reserve(static_cast<size_t>(row_count));
      for (int row_index = 0; row_index < row_count; row_index++) {
        SqlRow row(static_cast<size_t>(column_count));
        for (int column = 0; column < column_count; column++) {
          if (PQgetisnull(raw_result, row_index, column)) continue;
          row[static_cast<size_t>(column)] =
              std::string(PQgetvalue(raw_result, row_index, column),
                          static_cast<size_t>(PQgetlength(raw_result, row_index, column)));
        }
        rows->push_back(std::move(row));
      }
    }
    return Status::Ok();
  }

  Status Failure(const PGresult* result) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    std::string detail =
        OneLine(result ? PQresultErrorMessage(result) : PQerrorMessage(connection_));
    if (detail.empty()) detail = OneLine(PQerrorMessage(connection_));
    std::string prefix = "catalog store " + description_ + ": ";
    if (sqlstate == kUniqueViolation) {
      return Status::Error(ErrorCode::kCatalog,
                           prefix + kUniqueViolationMarker + " (" + detail + ")");
    }
    if (sqlstate == kSerializationFailure || sqlstate == kDeadlockDetected) {
      return Status::Error(ErrorCode::kCatalog,
                           prefix +
                               "another process changed the catalog at the same time; retry "
                               "the statement (" +
                               detail + ")");
    }
    if (PQstatus(connection_) == CONNECTION_BAD || sqlstate.empty() ||
        sqlstate.compare(0, 2, kConnectionExceptionClass) == 0 ||
        sqlstate.compare(0, 3, kAdminShutdownClass) == 0) {
      return Status::Error(ErrorCode::kIo,
                           "cannot reach the catalog store " + description_ + ": " + detail);
    }
    return Status::Error(ErrorCode::kCatalog, prefix + detail + " [SQLSTATE " + sqlstate + "]");
  }

  PGconn* connection_;
  std::string description_;
};

}  // namespace

Result<std::unique_ptr<SqlDriver>> OpenPostgresDriver(const std::string& connection) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(connection.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string reason =
        parse_error && !MentionsPassword(connection) ? ": " + OneLine(parse_error) : "";
    PQfreemem(parse_error);
    return Status::Error(ErrorCode::kIo, "invalid PostgreSQL connection string" + reason);
  }
  PQconninfoFree(parsed);

  // The caller's string comes last, so its own connect_timeout wins over the default.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {kDefaultConnectTimeoutSeconds, "tarn", connection.c_str(), nullptr};
  PGconn* raw_connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (raw_connection == nullptr) {
    return Status::Error(ErrorCode::kOutOfMemory, "cannot allocate a PostgreSQL connection");
  }
  auto driver = std::make_unique<PostgresDriver>(raw_connection);
  if (PQstatus(raw_connection) != CONNECTION_OK) {
    // libpq's reasons name the host, port, user and database, never the password.
    return Status::Error(ErrorCode::kIo, "cannot connect to the catalog store " +
                                             driver->Describe() + ": " +
                                             OneLine(PQerrorMessage(raw_connection)));
  }
  TARN_RETURN_IF_ERROR(driver->ConfigureSession());
  return std::unique_ptr<SqlDriver>(std::move(driver));
}

}  // namespace tarn
