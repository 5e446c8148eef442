#include "parser/parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "common/utf8.h"
#include "parser/lexer.h"
#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {

namespace {

// Deepest nesting of expressions, subqueries and parenthesized joins accepted. Keeps the
// recursive descent (and every later recursive pass over the tree) far from the end of the
// stack.
constexpr int kMaxDepth = 300;

// Thrown inside the parser only and turned into a kSyntax Status by ParseSql; `position`
// is a byte offset into the whole SQL text.
struct SyntaxError {
  size_t position;
  std::string message;
};

// Binding strength of the infix and postfix operators, loosest first.
constexpr int kPrecedenceNone = 0;
constexpr int kPrecedenceOr = 1;
constexpr int kPrecedenceAnd = 2;
constexpr int kPrecedenceNot = 3;
constexpr int kPrecedenceIs = 4;
constexpr int kPrecedenceComparison = 5;
constexpr int kPrecedenceLikeIn = 6;
constexpr int kPrecedenceConcat = 7;
constexpr int kPrecedenceAdditive = 8;
constexpr int kPrecedenceMultiplicative = 9;
constexpr int kPrecedenceUnary = 10;

using ExpressionPointer = std::unique_ptr<ParsedExpression>;

ExpressionPointer MakeExpression(ExpressionKind kind, size_t position) {
  auto expression = std::make_unique<ParsedExpression>();
  expression->kind = kind;
  expression->position = position;
  return expression;
}

ExpressionPointer MakeConstant(Value value, size_t position) {
  auto expression = MakeExpression(ExpressionKind::kConstant, position);
  expression->value = std::move(value);
  return expression;
}

ExpressionPointer MakeOperator(std::string name, size_t position, ExpressionPointer left,
                               ExpressionPointer right = nullptr) {
  auto expression = MakeExpression(ExpressionKind::kOperator, position);
  expression->name = std::move(name);
  expression->children.push_back(std::move(left));
  if (right) expression->children.push_back(std::move(right));
  return expression;
}

ExpressionPointer MakeFunction(std::string name, size_t position,
                               std::vector<ExpressionPointer> children) {
  auto expression = MakeExpression(ExpressionKind::kFunction, position);
  expression->name = std::move(name);
  expression->children = std::move(children);
  return expression;
}

bool IsIntervalUnit(std::string_view word) {
  static constexpr std::array<std::string_view, 18> kUnits = {
      "year",   "years",   "month",       "months",       "week",        "weeks",
      "day",    "days",    "hour",        "hours",        "minute",      "minutes",
      "second", "seconds", "millisecond", "milliseconds", "microsecond", "microseconds"};
  return std::find(kUnits.begin(), kUnits.end(), word) != kUnits.end();
}

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the backslash escapes of a Hive string literal: \t \n \r \b \0 \Z (byte 26),
// three octal digits (\001), \uXXXX (written as UTF-8), \\ \' \"; \% and \_ stay escaped
// (they are LIKE escapes); any other escaped character stands for itself.
std::string DecodeHiveEscapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (c != '\\' || i + 1 >= text.size()) {
      out.push_back(c);
      continue;
    }
    char next = text[i + 1];
    if (i + 3 < text.size() && next >= '0' && next <= '3' && text[i + 2] >= '0' &&
        text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
      out.push_back(
          static_cast<char>((next - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0')));
      i += 3;
      continue;
    }
    if (next == 'u' && i + 5 < text.size()) {
      uint32_t code_point = 0;
      bool valid = true;
      for (size_t k = i + 2; k < i + 6; k++) {
        int digit = HexDigitValue(text[k]);
        if (digit < 0) valid = false;
        code_point = code_point * 16 + static_cast<uint32_t>(std::max(digit, 0));
      }
      if (valid) {
        AppendUtf8(code_point, &out);
        i += 5;
        continue;
      }
    }
    switch (next) {
      case '0':
        out.push_back('\0');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'Z':
        out.push_back('\x1A');
        break;
      case '%':
      case '_':
        out.push_back('\\');
        out.push_back(next);
        break;
      default:
        out.push_back(next);
    }
    i++;
  }
  return out;
}

// Counts nesting on entry and releases it on exit; throws when the limit is passed.
class DepthGuard {
 public:
  DepthGuard(int& depth, size_t position) : depth_(depth) {
    if (depth_ + 1 > kMaxDepth) {
      throw SyntaxError{position, "statement is nested too deeply (more than " +
                                      std::to_string(kMaxDepth) + " levels)"};
    }
    depth_++;
  }
  ~DepthGuard() { depth_ -= 1 + extra_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

  // One more level for a left-deep chain (a + b + c ...) built in a loop.
  void Deepen(size_t position) {
    if (depth_ + 1 > kMaxDepth) {
      throw SyntaxError{position, "expression is nested too deeply (more than " +
                                      std::to_string(kMaxDepth) + " levels)"};
    }
    depth_++;
    extra_++;
  }

 private:
  int& depth_;
  int extra_ = 0;
};

// Recursive-descent parser over the tokens of a whole SQL text. Node positions are
// relative to the start of the statement being parsed (`base_`); error positions are
// absolute.
class Parser {
 public:
  Parser(std::string_view sql, std::vector<Token> tokens) : sql_(sql), tokens_(std::move(tokens)) {}

  std::vector<std::unique_ptr<Statement>> ParseStatements() {
    std::vector<std::unique_ptr<Statement>> statements;
    while (true) {
      while (AcceptOperator(";")) {
      }
      if (Current().kind == TokenKind::kEnd) break;
      statements.push_back(ParseStatement());
      if (!Current().IsOperator(";") && Current().kind != TokenKind::kEnd) ErrorAtCurrent();
    }
    return statements;
  }

 private:
  // ---- Token access -------------------------------------------------------------------

  const Token& Current() const { return tokens_[index_]; }
  const Token& Peek(size_t ahead) const {
    return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
  }
  const Token& Advance() {
    const Token& token = tokens_[index_];
    if (index_ + 1 < tokens_.size()) index_++;
    return token;
  }
  size_t Position(const Token& token) const { return token.position - base_; }
  size_t CurrentPosition() const { return Position(Current()); }

  bool AcceptKeyword(std::string_view keyword) {
    if (!Current().IsKeyword(keyword)) return false;
    Advance();
    return true;
  }
  bool AcceptOperator(std::string_view symbol) {
    if (!Current().IsOperator(symbol)) return false;
    Advance();
    return true;
  }
  void ExpectKeyword(std::string_view keyword) {
    if (!AcceptKeyword(keyword)) ErrorAtCurrent();
  }
  void ExpectOperator(std::string_view symbol) {
    if (!AcceptOperator(symbol)) ErrorAtCurrent();
  }

  [[noreturn]] void ErrorAt(const Token& token) const {
    if (token.kind == TokenKind::kEnd) {
      throw SyntaxError{token.position, "syntax error at end of input"};
    }
    std::string_view raw = sql_.substr(token.position, token.end - token.position);
    std::string shown(raw.substr(0, 60));
    if (raw.size() > 60) shown += "...";
    for (char& c : shown) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    throw SyntaxError{token.position, "syntax error at or near \"" + shown + "\""};
  }
  [[noreturn]] void ErrorAtCurrent() const { ErrorAt(Current()); }

  // True when the token at `ahead` starts a query (SELECT, WITH or VALUES).
  bool StartsQuery(size_t ahead) const {
    const Token& token = Peek(ahead);
    return token.IsKeyword("select") || token.IsKeyword("with") || token.IsKeyword("values");
  }

  // A name: an unquoted word that is not reserved, or a quoted identifier.
  bool AtIdentifier() const {
    const Token& token = Current();
    return token.kind == TokenKind::kQuotedIdentifier ||
           (token.kind == TokenKind::kIdentifier && !IsReservedKeyword(token.text));
  }
  static bool IsName(const Token& token) {
    return token.kind == TokenKind::kQuotedIdentifier ||
           (token.kind == TokenKind::kIdentifier && !IsReservedKeyword(token.text));
  }
  std::string ParseIdentifier() {
    if (!AtIdentifier()) ErrorAtCurrent();
    return Advance().text;
  }
  // After AS or a '.', any word is a name, reserved or not.
  std::string ParseAnyIdentifier() {
    const Token& token = Current();
    if (token.kind != TokenKind::kIdentifier && token.kind != TokenKind::kQuotedIdentifier) {
      ErrorAtCurrent();
    }
    return Advance().text;
  }
  std::vector<std::string> ParseIdentifierList() {
    ExpectOperator("(");
    std::vector<std::string> names;
    do {
      names.push_back(ParseIdentifier());
    } while (AcceptOperator(","));
    ExpectOperator(")");
    return names;
  }
  // True at a reserved word used as the first part of a dotted name (`default.t`, Hive's
  // default database), where it can mean nothing else.
  bool AtReservedQualifier() const {
    const Token& next = Peek(2);
    return Current().kind == TokenKind::kIdentifier && Peek(1).IsOperator(".") &&
           (next.kind == TokenKind::kIdentifier || next.kind == TokenKind::kQuotedIdentifier);
  }

  // name, schema.name or catalog.schema.name (the catalog part is dropped).
  void ParseQualifiedName(std::string* schema, std::string* name) {
    std::vector<std::string> parts{AtReservedQualifier() ? Advance().text : ParseIdentifier()};
    while (Current().IsOperator(".")) {
      Advance();
      parts.push_back(ParseAnyIdentifier());
    }
    if (parts.size() > 3) ErrorAt(tokens_[index_ - 1]);
    *name = parts.back();
    *schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  }

  // ---- Statements ---------------------------------------------------------------------

  std::unique_ptr<Statement> ParseStatement() {
    size_t saved_base = base_;
    const Token& first = Current();
    base_ = first.position;
    auto statement = std::make_unique<Statement>();
    statement->position = first.position;
    if (StartsQuery(0) || first.IsOperator("(")) {
      statement->kind = StatementKind::kSelect;
      statement->query = ParseQuery();
    } else if (first.IsKeyword("explain")) {
      Advance();
      statement->kind = StatementKind::kExplain;
      statement->analyze = AcceptKeyword("analyze");
      statement->inner = ParseStatement();
    } else if (first.IsKeyword("describe") || first.IsKeyword("desc")) {
      Advance();
      statement->kind = StatementKind::kDescribe;
      if ((Current().IsKeyword("formatted") || Current().IsKeyword("extended")) &&
          (IsWord(Peek(1)) || Peek(1).kind == TokenKind::kString)) {
        Advance();
        statement->ddl = std::make_unique<CatalogDdl>();
        statement->ddl->formatted = true;
      }
      if (StartsQuery(0) || Current().IsOperator("(")) {
        statement->query = ParseQuery();
      } else {
        statement->table = ParseTablePrimary();
        if (statement->table->kind == TableRefKind::kBaseTable && !statement->table->is_file_path) {
          statement->name = statement->table->name;
          statement->schema = statement->table->schema;
        }
      }
    } else if (first.IsKeyword("show")) {
      ParseShow(statement.get());
    } else if (first.IsKeyword("use")) {
      Advance();
      statement->kind = StatementKind::kUse;
      statement->ddl = std::make_unique<CatalogDdl>();
      statement->name = ParseAnyIdentifier();
    } else if (first.IsKeyword("msck")) {
      Advance();
      statement->kind = StatementKind::kMsckRepair;
      statement->ddl = std::make_unique<CatalogDdl>();
      ExpectKeyword("repair");
      ExpectKeyword("table");
      ParseDdlQualifiedName(&statement->schema, &statement->name);
    } else if (first.IsKeyword("alter") && Peek(1).IsKeyword("table")) {
      ParseAlterTable(statement.get());
    } else if ((first.IsKeyword("run") || first.IsKeyword("start")) &&
               Peek(1).IsKeyword("crawler")) {
      Advance();
      Advance();
      statement->kind = StatementKind::kRunCrawler;
      statement->ddl = std::make_unique<CatalogDdl>();
      statement->name = ParseAnyIdentifier();
    } else if (first.IsKeyword("comment") && Peek(1).IsKeyword("on")) {
      ParseCommentOn(statement.get());
    } else if (first.IsKeyword("create")) {
      ParseCreate(statement.get());
    } else if (first.IsKeyword("insert")) {
      ParseInsert(statement.get());
    } else if (first.IsKeyword("drop")) {
      ParseDrop(statement.get());
    } else if (first.IsKeyword("set")) {
      ParseSet(statement.get());
    } else if (first.IsKeyword("copy")) {
      ParseCopy(statement.get());
    } else {
      static const char* const kNotYetSupported[] = {
          "update", "delete", "alter",  "begin",  "commit", "rollback", "truncate", "merge",
          "grant",  "revoke", "pragma", "attach", "detach", "call",     "vacuum",   "start"};
      for (const char* keyword : kNotYetSupported) {
        if (first.IsKeyword(keyword)) {
          std::string name(keyword);
          for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          throw SyntaxError{first.position, name + " statements are not supported yet"};
        }
      }
      ErrorAtCurrent();
    }
    const Token& last = tokens_[index_ - 1];
    statement->text = std::string(sql_.substr(first.position, last.end - first.position));
    base_ = saved_base;
    return statement;
  }

  void ParseCreate(Statement* statement) {
    Advance();
    if (AcceptKeyword("or")) {
      ExpectKeyword("replace");
      statement->or_replace = true;
    }
    if (AcceptKeyword("temp") || AcceptKeyword("temporary")) statement->temporary = true;
    bool external = false;
    if (!statement->or_replace && !statement->temporary) {
      if (Current().IsKeyword("database") || Current().IsKeyword("schema")) {
        ParseCreateDatabase(statement);
        return;
      }
      if (Current().IsKeyword("crawler")) {
        ParseCreateCrawler(statement);
        return;
      }
      external = AcceptKeyword("external");
    }
    bool is_view = false;
    if (!external && AcceptKeyword("view")) {
      is_view = true;
    } else {
      ExpectKeyword("table");
    }
    statement->if_not_exists = ParseIfNotExists();
    if (!is_view && (external || IsHiveTableAhead())) {
      ParseCreateCatalogTable(statement, external);
      return;
    }
    ParseQualifiedName(&statement->schema, &statement->name);
    if (is_view) {
      statement->kind = StatementKind::kCreateView;
      std::vector<std::string> column_names;
      size_t columns_position = CurrentPosition();
      if (Current().IsOperator("(")) column_names = ParseIdentifierList();
      ExpectKeyword("as");
      statement->query = ParseQuery();
      if (!column_names.empty()) {
        // CREATE VIEW v(a, b) AS q is SELECT * FROM (q) AS v(a, b).
        statement->query = WrapInSelect(std::move(statement->query), statement->name,
                                        std::move(column_names), columns_position);
      }
      return;
    }
    statement->kind = StatementKind::kCreateTable;
    if (AcceptKeyword("with")) {
      // CREATE TABLE t WITH (format = 'PARQUET', external_location = 'dir',
      // partitioned_by = ARRAY['year']) AS SELECT ...: a table over written files.
      ParseTableProperties(statement);
      ExpectKeyword("as");
      statement->query = ParseQuery();
      return;
    }
    if (AcceptKeyword("as")) {
      statement->query = ParseQuery();
      return;
    }
    statement->columns = ParseColumnDefinitions(/*hive=*/false);
  }

  bool ParseIfNotExists() {
    if (!AcceptKeyword("if")) return false;
    ExpectKeyword("not");
    ExpectKeyword("exists");
    return true;
  }

  bool ParseIfExists() {
    if (!AcceptKeyword("if")) return false;
    ExpectKeyword("exists");
    return true;
  }

  // (name type [NOT NULL | NULL | PRIMARY KEY | UNIQUE | COMMENT 'c'] ..., ...). Outside
  // Hive DDL, table constraints (PRIMARY KEY (a), UNIQUE (a)) are accepted and not
  // enforced. Hive DDL accepts any word as a column name and reads types as Hive means them.
  std::vector<ColumnDefinition> ParseColumnDefinitions(bool hive) {
    ExpectOperator("(");
    std::vector<ColumnDefinition> columns;
    do {
      if (!hive && (Current().IsKeyword("primary") || Current().IsKeyword("unique"))) {
        Advance();
        if (Peek(0).IsKeyword("key")) Advance();
        ParseIdentifierList();
        continue;
      }
      ColumnDefinition column;
      column.name = hive ? ParseAnyIdentifier() : ParseIdentifier();
      column.type = ParseType(hive);
      while (true) {
        if (AcceptKeyword("not")) {
          ExpectKeyword("null");
          column.not_null = true;
        } else if (AcceptKeyword("null")) {
          column.not_null = false;
        } else if (AcceptKeyword("primary")) {
          ExpectKeyword("key");
          column.not_null = true;
        } else if (AcceptKeyword("unique")) {
        } else if (AcceptKeyword("comment")) {
          column.comment = ParseDdlString();
        } else {
          break;
        }
      }
      columns.push_back(std::move(column));
    } while (AcceptOperator(","));
    ExpectOperator(")");
    return columns;
  }

  // ---- Lake catalog DDL (Hive / Athena spelling) --------------------------------------

  static bool IsWord(const Token& token) {
    return token.kind == TokenKind::kIdentifier || token.kind == TokenKind::kQuotedIdentifier;
  }

  // The clauses that make a CREATE TABLE a Hive table definition.
  static bool IsHiveTableClause(const Token& token) {
    return token.IsKeyword("comment") || token.IsKeyword("partitioned") || token.IsKeyword("row") ||
           token.IsKeyword("stored") || token.IsKeyword("location") ||
           token.IsKeyword("tblproperties");
  }

  // Looks past `[db.]name [(columns)]` without consuming anything: true when a Hive table
  // clause follows, so that the statement is parsed as Hive DDL from the start.
  bool IsHiveTableAhead() const {
    size_t i = index_;
    auto at = [&](size_t k) -> const Token& { return tokens_[std::min(k, tokens_.size() - 1)]; };
    if (!IsWord(at(i))) return false;
    i++;
    while (at(i).IsOperator(".") && IsWord(at(i + 1))) i += 2;
    if (at(i).IsOperator("(")) {
      int depth = 0;
      do {
        if (at(i).kind == TokenKind::kEnd) return false;
        if (at(i).IsOperator("(")) depth++;
        if (at(i).IsOperator(")")) depth--;
        i++;
      } while (depth > 0);
    }
    return IsHiveTableClause(at(i));
  }

  // name, db.name or catalog.db.name where any word (also a reserved one) is a name.
  void ParseDdlQualifiedName(std::string* schema, std::string* name) {
    std::vector<std::string> parts{ParseAnyIdentifier()};
    while (Current().IsOperator(".")) {
      Advance();
      parts.push_back(ParseAnyIdentifier());
    }
    if (parts.size() > 3) ErrorAt(tokens_[index_ - 1]);
    *name = parts.back();
    *schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  }

  // A quoted string; Hive also quotes strings with double quotes.
  std::string ParseDdlString() {
    if (Current().kind != TokenKind::kString && Current().kind != TokenKind::kQuotedIdentifier) {
      ErrorAtCurrent();
    }
    return Advance().text;
  }

  // ('key' = 'value', ...) with keys and values as written (or, with `decode`, values
  // with Hive's escapes decoded).
  std::vector<std::pair<std::string, std::string>> ParsePropertyList(bool decode) {
    ExpectOperator("(");
    std::vector<std::pair<std::string, std::string>> properties;
    do {
      std::string key = ParseDdlString();
      ExpectOperator("=");
      std::string value = ParseDdlString();
      properties.emplace_back(std::move(key), decode ? DecodeHiveEscapes(value) : value);
    } while (AcceptOperator(","));
    ExpectOperator(")");
    return properties;
  }

  // The Hive table definition after CREATE [EXTERNAL] TABLE [IF NOT EXISTS]. Clauses may
  // come in any order, each at most once.
  void ParseCreateCatalogTable(Statement* statement, bool external) {
    statement->kind = StatementKind::kCreateCatalogTable;
    statement->ddl = std::make_unique<CatalogDdl>();
    CatalogDdl& ddl = *statement->ddl;
    ddl.external = external;
    ParseDdlQualifiedName(&statement->schema, &statement->name);
    if (Current().IsOperator("(")) statement->columns = ParseColumnDefinitions(/*hive=*/true);
    std::vector<std::string> seen;
    const Token* untyped_partition = nullptr;
    while (IsHiveTableClause(Current())) {
      const Token& clause = Current();
      if (std::find(seen.begin(), seen.end(), clause.text) != seen.end()) ErrorAt(clause);
      seen.push_back(clause.text);
      Advance();
      if (clause.IsKeyword("comment")) {
        ddl.comment = ParseDdlString();
      } else if (clause.IsKeyword("partitioned")) {
        ExpectKeyword("by");
        ExpectOperator("(");
        do {
          ColumnDefinition column;
          column.name = ParseAnyIdentifier();
          if (Current().IsOperator(",") || Current().IsOperator(")")) {
            // PARTITIONED BY (a, b) of a CTAS: the types come from the query.
            if (!untyped_partition) untyped_partition = &Current();
          } else {
            column.type = ParseType(/*hive=*/true);
            if (AcceptKeyword("comment")) column.comment = ParseDdlString();
          }
          ddl.partition_columns.push_back(std::move(column));
        } while (AcceptOperator(","));
        ExpectOperator(")");
      } else if (clause.IsKeyword("row")) {
        ParseRowFormat(&ddl);
      } else if (clause.IsKeyword("stored")) {
        ExpectKeyword("as");
        if (AcceptKeyword("inputformat")) {
          ddl.stored_as = "inputformat:" + ParseDdlString();
          ExpectKeyword("outputformat");
          ParseDdlString();
        } else {
          if (!IsWord(Current())) ErrorAtCurrent();
          ddl.stored_as = Advance().text;
          for (char& c : ddl.stored_as) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          }
        }
      } else if (clause.IsKeyword("location")) {
        ddl.location = ParseDdlString();
      } else {
        ddl.properties = ParsePropertyList(/*decode=*/false);
      }
    }
    if (Current().IsKeyword("as") && statement->columns.empty()) {
      Advance();
      statement->query = ParseQuery();
      return;
    }
    if (statement->columns.empty()) ErrorAtCurrent();
    if (untyped_partition) ErrorAt(*untyped_partition);
  }

  // After ROW: FORMAT SERDE 'class' [WITH SERDEPROPERTIES (...)] or FORMAT DELIMITED
  // [FIELDS TERMINATED BY 'x' [ESCAPED BY 'x']] [COLLECTION ITEMS TERMINATED BY 'x']
  // [MAP KEYS TERMINATED BY 'x'] [LINES TERMINATED BY 'x'] [NULL DEFINED AS 'x'].
  void ParseRowFormat(CatalogDdl* ddl) {
    ExpectKeyword("format");
    auto add = [&](const char* key) {
      ddl->serde_properties.emplace_back(key, DecodeHiveEscapes(ParseDdlString()));
    };
    if (AcceptKeyword("serde")) {
      ddl->serde = ParseDdlString();
    } else if (AcceptKeyword("delimited")) {
      ddl->serde = "delimited";
      while (true) {
        if (AcceptKeyword("fields")) {
          ExpectKeyword("terminated");
          ExpectKeyword("by");
          add("field.delim");
          if (AcceptKeyword("escaped")) {
            ExpectKeyword("by");
            add("escape.delim");
          }
        } else if (AcceptKeyword("collection")) {
          ExpectKeyword("items");
          ExpectKeyword("terminated");
          ExpectKeyword("by");
          add("collection.delim");
        } else if (AcceptKeyword("map")) {
          ExpectKeyword("keys");
          ExpectKeyword("terminated");
          ExpectKeyword("by");
          add("mapkey.delim");
        } else if (AcceptKeyword("lines")) {
          ExpectKeyword("terminated");
          ExpectKeyword("by");
          add("line.delim");
        } else if (AcceptKeyword("null")) {
          ExpectKeyword("defined");
          ExpectKeyword("as");
          add("serialization.null.format");
        } else {
          break;
        }
      }
    } else {
      ErrorAtCurrent();
    }
    if (Current().IsKeyword("with") && Peek(1).IsKeyword("serdeproperties")) {
      Advance();
      Advance();
      for (auto& property : ParsePropertyList(/*decode=*/true)) {
        ddl->serde_properties.push_back(std::move(property));
      }
    }
  }

  // After CREATE: DATABASE | SCHEMA [IF NOT EXISTS] name [COMMENT 'c'] [LOCATION 'l']
  // [WITH DBPROPERTIES (...)].
  void ParseCreateDatabase(Statement* statement) {
    Advance();
    statement->kind = StatementKind::kCreateDatabase;
    statement->ddl = std::make_unique<CatalogDdl>();
    CatalogDdl& ddl = *statement->ddl;
    statement->if_not_exists = ParseIfNotExists();
    statement->name = ParseAnyIdentifier();
    std::vector<std::string> seen;
    while (Current().IsKeyword("comment") || Current().IsKeyword("location") ||
           (Current().IsKeyword("with") && Peek(1).IsKeyword("dbproperties"))) {
      const Token& clause = Current();
      if (std::find(seen.begin(), seen.end(), clause.text) != seen.end()) ErrorAt(clause);
      seen.push_back(clause.text);
      Advance();
      if (clause.IsKeyword("comment")) {
        ddl.comment = ParseDdlString();
      } else if (clause.IsKeyword("location")) {
        ddl.location = ParseDdlString();
      } else {
        Advance();
        ddl.properties = ParsePropertyList(/*decode=*/false);
      }
    }
  }

  // After CREATE: CRAWLER [IF NOT EXISTS] name WITH (key = value, ...).
  void ParseCreateCrawler(Statement* statement) {
    Advance();
    statement->kind = StatementKind::kCreateCrawler;
    statement->ddl = std::make_unique<CatalogDdl>();
    statement->if_not_exists = ParseIfNotExists();
    statement->name = ParseAnyIdentifier();
    ExpectKeyword("with");
    ParseTableProperties(statement);
  }

  // PARTITION (key = value, ...) [LOCATION 'l'] when `with_location`.
  PartitionSpec ParsePartitionSpec(bool with_location) {
    ExpectKeyword("partition");
    ExpectOperator("(");
    PartitionSpec spec;
    do {
      std::string key = ParseAnyIdentifier();
      ExpectOperator("=");
      std::optional<std::string> value;
      const Token& token = Current();
      if (token.kind == TokenKind::kString || token.kind == TokenKind::kQuotedIdentifier ||
          token.kind == TokenKind::kNumber) {
        value = Advance().text;
      } else if (token.IsOperator("-") && Peek(1).kind == TokenKind::kNumber) {
        Advance();
        value = "-" + Advance().text;
      } else if (token.IsKeyword("null")) {
        Advance();
      } else if (token.IsKeyword("true") || token.IsKeyword("false")) {
        value = Advance().text;
      } else if ((token.IsKeyword("date") || token.IsKeyword("timestamp")) &&
                 Peek(1).kind == TokenKind::kString) {
        Advance();
        value = Advance().text;
      } else {
        ErrorAtCurrent();
      }
      spec.values.emplace_back(std::move(key), std::move(value));
    } while (AcceptOperator(","));
    ExpectOperator(")");
    if (with_location && AcceptKeyword("location")) spec.location = ParseDdlString();
    return spec;
  }

  void ParseAlterTable(Statement* statement) {
    Advance();
    Advance();
    statement->kind = StatementKind::kAlterTable;
    statement->ddl = std::make_unique<CatalogDdl>();
    CatalogDdl& ddl = *statement->ddl;
    ParseDdlQualifiedName(&statement->schema, &statement->name);
    if (AcceptKeyword("add")) {
      if (AcceptKeyword("columns")) {
        ddl.alter_action = AlterTableAction::kAddColumns;
        statement->columns = ParseColumnDefinitions(/*hive=*/true);
        return;
      }
      ddl.alter_action = AlterTableAction::kAddPartitions;
      statement->if_not_exists = ParseIfNotExists();
      do {
        ddl.partitions.push_back(ParsePartitionSpec(/*with_location=*/true));
        AcceptOperator(",");
      } while (Current().IsKeyword("partition"));
    } else if (AcceptKeyword("drop")) {
      ddl.alter_action = AlterTableAction::kDropPartitions;
      statement->if_exists = ParseIfExists();
      do {
        ddl.partitions.push_back(ParsePartitionSpec(/*with_location=*/false));
      } while (AcceptOperator(","));
    } else if (AcceptKeyword("replace")) {
      ExpectKeyword("columns");
      ddl.alter_action = AlterTableAction::kReplaceColumns;
      statement->columns = ParseColumnDefinitions(/*hive=*/true);
    } else if (AcceptKeyword("set")) {
      if (AcceptKeyword("tblproperties")) {
        ddl.alter_action = AlterTableAction::kSetTableProperties;
        ddl.properties = ParsePropertyList(/*decode=*/false);
      } else {
        ExpectKeyword("location");
        ddl.alter_action = AlterTableAction::kSetLocation;
        ddl.location = ParseDdlString();
      }
    } else if (Current().IsKeyword("partition")) {
      ddl.alter_action = AlterTableAction::kSetPartitionLocation;
      ddl.partitions.push_back(ParsePartitionSpec(/*with_location=*/false));
      ExpectKeyword("set");
      ExpectKeyword("location");
      ddl.partitions.back().location = ParseDdlString();
    } else {
      ErrorAtCurrent();
    }
  }

  // COMMENT ON TABLE [db.]t | COLUMN [db.]t.c IS 'text' | NULL.
  void ParseCommentOn(Statement* statement) {
    Advance();
    Advance();
    statement->kind = StatementKind::kComment;
    statement->ddl = std::make_unique<CatalogDdl>();
    bool column = false;
    if (!AcceptKeyword("table")) {
      ExpectKeyword("column");
      column = true;
    }
    std::vector<std::string> parts{ParseAnyIdentifier()};
    while (Current().IsOperator(".")) {
      Advance();
      parts.push_back(ParseAnyIdentifier());
    }
    size_t table_parts = parts.size() - (column ? 1 : 0);
    if (table_parts < 1 || table_parts > 3) ErrorAt(tokens_[index_ - 1]);
    if (column) {
      statement->ddl->column = parts.back();
      parts.pop_back();
    }
    statement->name = parts.back();
    if (parts.size() >= 2) statement->schema = parts[parts.size() - 2];
    ExpectKeyword("is");
    if (!AcceptKeyword("null")) statement->ddl->comment = ParseDdlString();
  }

  // [LIKE] 'pattern' after SHOW DATABASES / SHOW TABLES, when present.
  bool ParseShowPattern(std::string* pattern) {
    bool like = AcceptKeyword("like");
    if (!like && Current().kind != TokenKind::kString) return false;
    if (Current().kind != TokenKind::kString) ErrorAtCurrent();
    *pattern = Advance().text;
    return true;
  }

  void ParseShow(Statement* statement) {
    Advance();
    const Token& word = Current();
    const Token& next = Peek(1);
    auto show = [&](ShowKind kind) {
      statement->kind = StatementKind::kShow;
      statement->ddl = std::make_unique<CatalogDdl>();
      statement->ddl->show = kind;
    };
    if (AcceptKeyword("tables")) {
      statement->kind = StatementKind::kShowTables;
      if (AcceptKeyword("in") || AcceptKeyword("from")) statement->schema = ParseAnyIdentifier();
      std::string pattern;
      if (ParseShowPattern(&pattern)) {
        statement->ddl = std::make_unique<CatalogDdl>();
        statement->ddl->like_pattern = std::move(pattern);
      }
    } else if (word.IsKeyword("databases") || word.IsKeyword("schemas")) {
      Advance();
      show(ShowKind::kDatabases);
      ParseShowPattern(&statement->ddl->like_pattern);
    } else if (word.IsKeyword("crawlers")) {
      Advance();
      show(ShowKind::kCrawlers);
    } else if ((word.IsKeyword("partitions") || word.IsKeyword("tblproperties")) && IsWord(next)) {
      Advance();
      show(word.IsKeyword("partitions") ? ShowKind::kPartitions : ShowKind::kTableProperties);
      ParseDdlQualifiedName(&statement->schema, &statement->name);
    } else if (word.IsKeyword("create") && next.IsKeyword("table")) {
      Advance();
      Advance();
      show(ShowKind::kCreateTable);
      ParseDdlQualifiedName(&statement->schema, &statement->name);
    } else if (word.IsKeyword("table") && next.IsKeyword("versions")) {
      Advance();
      Advance();
      show(ShowKind::kTableVersions);
      if (Current().IsKeyword("for") || Current().IsKeyword("in") ||
          (Current().IsKeyword("of") && IsWord(Peek(1)))) {
        Advance();
      }
      ParseDdlQualifiedName(&statement->schema, &statement->name);
    } else if (word.IsKeyword("columns") && (next.IsKeyword("in") || next.IsKeyword("from"))) {
      Advance();
      Advance();
      show(ShowKind::kColumns);
      ParseDdlQualifiedName(&statement->schema, &statement->name);
      if (AcceptKeyword("in") || AcceptKeyword("from")) statement->schema = ParseAnyIdentifier();
    } else {
      statement->kind = StatementKind::kDescribe;
      statement->table = ParseTablePrimary();
    }
  }

  void ParseInsert(Statement* statement) {
    Advance();
    statement->kind = StatementKind::kInsert;
    ExpectKeyword("into");
    ParseQualifiedName(&statement->schema, &statement->name);
    if (Current().IsOperator("(") && !StartsQuery(1) && !Peek(1).IsOperator("(")) {
      statement->insert_columns = ParseIdentifierList();
    }
    statement->query = ParseQuery();
  }

  void ParseDrop(Statement* statement) {
    Advance();
    if (Current().IsKeyword("database") || Current().IsKeyword("schema")) {
      Advance();
      statement->kind = StatementKind::kDropDatabase;
      statement->ddl = std::make_unique<CatalogDdl>();
      statement->if_exists = ParseIfExists();
      statement->name = ParseAnyIdentifier();
      if (AcceptKeyword("cascade")) {
        statement->ddl->cascade = true;
      } else {
        AcceptKeyword("restrict");
      }
      return;
    }
    if (Current().IsKeyword("crawler")) {
      Advance();
      statement->kind = StatementKind::kDropCrawler;
      statement->ddl = std::make_unique<CatalogDdl>();
      statement->if_exists = ParseIfExists();
      statement->name = ParseAnyIdentifier();
      return;
    }
    statement->kind = StatementKind::kDrop;
    if (AcceptKeyword("view")) {
      statement->drop_view = true;
    } else {
      ExpectKeyword("table");
    }
    if (AcceptKeyword("if")) {
      ExpectKeyword("exists");
      statement->if_exists = true;
    }
    ParseQualifiedName(&statement->schema, &statement->name);
  }

  // COPY (query) TO 'path' [WITH] (options) | COPY name [(columns)] TO | FROM 'path' ...
  void ParseCopy(Statement* statement) {
    Advance();
    statement->kind = StatementKind::kCopy;
    if (AcceptOperator("(")) {
      statement->query = ParseQuery();
      ExpectOperator(")");
    } else {
      ParseQualifiedName(&statement->schema, &statement->name);
      if (Current().IsOperator("(")) statement->insert_columns = ParseIdentifierList();
    }
    if (AcceptKeyword("from")) {
      statement->copy_from = true;
    } else {
      ExpectKeyword("to");
    }
    if (Current().kind != TokenKind::kString) ErrorAtCurrent();
    statement->copy_path = Advance().text;
    bool with = AcceptKeyword("with");
    if (!Current().IsOperator("(")) {
      if (with) ErrorAtCurrent();
      return;
    }
    Advance();
    if (AcceptOperator(")")) return;
    do {
      CopyOption option;
      option.position = CurrentPosition();
      if (Current().kind != TokenKind::kIdentifier &&
          Current().kind != TokenKind::kQuotedIdentifier) {
        ErrorAtCurrent();
      }
      option.name = Advance().text;
      for (char& c : option.name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      AcceptOperator("=");
      if (AcceptOperator("(")) {
        option.is_list = true;
        if (!Current().IsOperator(")")) {
          do {
            option.values.push_back(ParseCopyOptionValue());
          } while (AcceptOperator(","));
        }
        ExpectOperator(")");
      } else if (!Current().IsOperator(",") && !Current().IsOperator(")")) {
        option.values.push_back(ParseCopyOptionValue());
      }
      statement->copy_options.push_back(std::move(option));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }

  // (name = value, name = ARRAY['a', 'b'], ...) into statement->copy_options; a list value
  // may also be written ['a', 'b'] or ('a', 'b').
  void ParseTableProperties(Statement* statement) {
    ExpectOperator("(");
    do {
      CopyOption option;
      option.position = CurrentPosition();
      if (Current().kind != TokenKind::kIdentifier &&
          Current().kind != TokenKind::kQuotedIdentifier) {
        ErrorAtCurrent();
      }
      option.name = Advance().text;
      for (char& c : option.name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ExpectOperator("=");
      if (Current().IsKeyword("array") && Peek(1).IsOperator("[")) Advance();
      std::string close;
      if (AcceptOperator("[")) {
        close = "]";
      } else if (AcceptOperator("(")) {
        close = ")";
      }
      if (!close.empty()) {
        option.is_list = true;
        if (!Current().IsOperator(close)) {
          do {
            option.values.push_back(ParseCopyOptionValue());
          } while (AcceptOperator(","));
        }
        ExpectOperator(close);
      } else {
        option.values.push_back(ParseCopyOptionValue());
      }
      statement->copy_options.push_back(std::move(option));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }

  Value ParseCopyOptionValue() {
    bool negative = AcceptOperator("-");
    const Token& token = Current();
    if (token.kind == TokenKind::kNumber) {
      std::string text = (negative ? "-" : "") + Advance().text;
      int64_t integer = 0;
      if (text.find_first_of(".eE") == std::string::npos &&
          std::from_chars(text.data(), text.data() + text.size(), integer).ec == std::errc()) {
        return Value::Bigint(integer);
      }
      return Value::Double(std::strtod(text.c_str(), nullptr));
    }
    if (negative) ErrorAtCurrent();
    if (token.IsKeyword("true")) {
      Advance();
      return Value::Boolean(true);
    }
    if (token.IsKeyword("false")) {
      Advance();
      return Value::Boolean(false);
    }
    if (token.kind == TokenKind::kString || token.kind == TokenKind::kIdentifier ||
        token.kind == TokenKind::kQuotedIdentifier) {
      return Value::Varchar(Advance().text);
    }
    ErrorAtCurrent();
  }

  void ParseSet(Statement* statement) {
    Advance();
    statement->kind = StatementKind::kSet;
    if (!AcceptKeyword("session")) AcceptKeyword("global");
    statement->name = ParseIdentifier();
    while (AcceptOperator(".")) statement->name += "." + ParseAnyIdentifier();
    if (!AcceptOperator("=")) ExpectKeyword("to");
    std::string text;
    if (Current().IsOperator("-") && Peek(1).kind == TokenKind::kNumber) {
      Advance();
      text = "-";
    }
    const Token& token = Current();
    if (token.kind == TokenKind::kEnd || token.kind == TokenKind::kOperator) ErrorAtCurrent();
    if (!text.empty() && token.kind != TokenKind::kNumber) ErrorAtCurrent();
    text += Advance().text;
    statement->setting_value = Value::Varchar(std::move(text));
  }

  // ---- Queries ------------------------------------------------------------------------

  // SELECT * FROM (query) AS alias(columns): used where a node would otherwise need two
  // ORDER BY / LIMIT clauses or two WITH lists.
  std::unique_ptr<QueryNode> WrapInSelect(std::unique_ptr<QueryNode> query, std::string alias,
                                          std::vector<std::string> column_aliases,
                                          size_t position) {
    auto wrapper = std::make_unique<QueryNode>();
    wrapper->kind = QueryNodeKind::kSelect;
    wrapper->position = position;
    wrapper->select_list.push_back(MakeExpression(ExpressionKind::kStar, position));
    auto from = std::make_unique<TableRef>();
    from->kind = TableRefKind::kSubquery;
    from->position = position;
    from->alias = std::move(alias);
    from->column_aliases = std::move(column_aliases);
    from->subquery = std::move(query);
    wrapper->from = std::move(from);
    return wrapper;
  }

  // A full query: [WITH ...] set operations [ORDER BY] [LIMIT] [OFFSET] [FETCH].
  std::unique_ptr<QueryNode> ParseQuery() {
    DepthGuard guard(depth_, Current().position);
    size_t position = CurrentPosition();
    std::vector<CommonTableExpression> ctes;
    if (AcceptKeyword("with")) {
      bool recursive = AcceptKeyword("recursive");
      do {
        CommonTableExpression cte;
        cte.recursive = recursive;
        cte.name = ParseIdentifier();
        if (Current().IsOperator("(")) cte.column_aliases = ParseIdentifierList();
        ExpectKeyword("as");
        if (AcceptKeyword("not")) {
          ExpectKeyword("materialized");
          cte.materialization = CteMaterialization::kNever;
        } else if (AcceptKeyword("materialized")) {
          cte.materialization = CteMaterialization::kAlways;
        }
        ExpectOperator("(");
        cte.query = ParseQuery();
        ExpectOperator(")");
        ctes.push_back(std::move(cte));
      } while (AcceptOperator(","));
    }
    auto node = ParseUnionLevel();

    std::vector<OrderByItem> order_by;
    ExpressionPointer limit, offset;
    if (AcceptKeyword("order")) {
      ExpectKeyword("by");
      order_by = ParseOrderByList();
    }
    while (true) {
      if (!limit && AcceptKeyword("limit")) {
        if (!AcceptKeyword("all")) limit = ParseExpression();
      } else if (!offset && AcceptKeyword("offset")) {
        offset = ParseExpression();
        if (!AcceptKeyword("rows")) AcceptKeyword("row");
      } else if (!limit && AcceptKeyword("fetch")) {
        if (!AcceptKeyword("first")) ExpectKeyword("next");
        if (Current().IsKeyword("row") || Current().IsKeyword("rows")) {
          limit = MakeConstant(Value::Integer(1), CurrentPosition());
        } else {
          limit = ParseExpression();
        }
        if (!AcceptKeyword("rows")) ExpectKeyword("row");
        ExpectKeyword("only");
      } else {
        break;
      }
    }
    bool outer_modifiers = !order_by.empty() || limit || offset;
    bool inner_modifiers = !node->order_by.empty() || node->limit || node->offset;
    if ((outer_modifiers && inner_modifiers) || (!ctes.empty() && !node->ctes.empty())) {
      node = WrapInSelect(std::move(node), "unnamed_subquery", {}, position);
    }
    if (!order_by.empty()) node->order_by = std::move(order_by);
    if (limit) node->limit = std::move(limit);
    if (offset) node->offset = std::move(offset);
    if (!ctes.empty()) node->ctes = std::move(ctes);
    node->position = position;
    return node;
  }

  std::vector<OrderByItem> ParseOrderByList() {
    std::vector<OrderByItem> items;
    if (Current().IsKeyword("all") && !Peek(1).IsOperator("(")) {
      OrderByItem item;
      item.expression = MakeExpression(ExpressionKind::kStar, CurrentPosition());
      Advance();
      ParseOrderModifiers(&item);
      items.push_back(std::move(item));
      return items;
    }
    do {
      OrderByItem item;
      item.expression = ParseExpression();
      ParseOrderModifiers(&item);
      items.push_back(std::move(item));
    } while (AcceptOperator(","));
    return items;
  }

  void ParseOrderModifiers(OrderByItem* item) {
    if (AcceptKeyword("desc")) {
      item->descending = true;
    } else {
      AcceptKeyword("asc");
    }
    if (AcceptKeyword("nulls")) {
      if (AcceptKeyword("first")) {
        item->nulls_first = true;
      } else {
        ExpectKeyword("last");
        item->nulls_first = false;
      }
    }
  }

  std::unique_ptr<QueryNode> MakeSetOperation(SetOperationKind kind, bool all,
                                              std::unique_ptr<QueryNode> left,
                                              std::unique_ptr<QueryNode> right) {
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNodeKind::kSetOperation;
    node->position = left->position;
    node->set_operation = kind;
    node->set_all = all;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  bool ParseSetQuantifier() {
    if (AcceptKeyword("all")) return true;
    AcceptKeyword("distinct");
    return false;
  }

  std::unique_ptr<QueryNode> ParseUnionLevel() {
    auto left = ParseIntersectLevel();
    DepthGuard guard(depth_, Current().position);
    while (Current().IsKeyword("union") || Current().IsKeyword("except")) {
      guard.Deepen(Current().position);
      SetOperationKind kind =
          Advance().text == "union" ? SetOperationKind::kUnion : SetOperationKind::kExcept;
      bool all = ParseSetQuantifier();
      auto right = ParseIntersectLevel();
      left = MakeSetOperation(kind, all, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<QueryNode> ParseIntersectLevel() {
    auto left = ParseQueryPrimary();
    DepthGuard guard(depth_, Current().position);
    while (Current().IsKeyword("intersect")) {
      guard.Deepen(Current().position);
      Advance();
      bool all = ParseSetQuantifier();
      auto right = ParseQueryPrimary();
      left = MakeSetOperation(SetOperationKind::kIntersect, all, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<QueryNode> ParseQueryPrimary() {
    if (Current().IsKeyword("select")) return ParseSelect();
    if (Current().IsKeyword("values")) return ParseValues();
    if (Current().IsOperator("(")) {
      Advance();
      auto node = ParseQuery();
      ExpectOperator(")");
      return node;
    }
    ErrorAtCurrent();
  }

  std::unique_ptr<QueryNode> ParseValues() {
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNodeKind::kValues;
    node->position = CurrentPosition();
    ExpectKeyword("values");
    do {
      const Token& row_start = Current();
      ExpectOperator("(");
      std::vector<ExpressionPointer> row;
      do {
        row.push_back(ParseExpression());
      } while (AcceptOperator(","));
      ExpectOperator(")");
      if (!node->values.empty() && row.size() != node->values.front().size()) {
        throw SyntaxError{row_start.position, "VALUES lists must all be the same length"};
      }
      node->values.push_back(std::move(row));
    } while (AcceptOperator(","));
    return node;
  }

  std::unique_ptr<QueryNode> ParseSelect() {
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNodeKind::kSelect;
    node->position = CurrentPosition();
    ExpectKeyword("select");
    if (AcceptKeyword("distinct")) {
      if (AcceptKeyword("on")) {
        ExpectOperator("(");
        do {
          node->distinct_on.push_back(ParseExpression());
        } while (AcceptOperator(","));
        ExpectOperator(")");
      } else {
        node->distinct = true;
      }
    } else {
      AcceptKeyword("all");
    }
    do {
      node->select_list.push_back(ParseSelectItem());
    } while (AcceptOperator(","));
    if (AcceptKeyword("from")) node->from = ParseFromClause();
    if (AcceptKeyword("where")) node->where = ParseExpression();
    if (AcceptKeyword("group")) {
      ExpectKeyword("by");
      if (Current().IsKeyword("all") && !Peek(1).IsOperator("(")) {
        node->group_by.push_back(MakeExpression(ExpressionKind::kStar, CurrentPosition()));
        Advance();
      } else {
        ParseGroupByList(*node);
      }
    }
    if (AcceptKeyword("having")) node->having = ParseExpression();
    ParseWindowAndQualify(*node);
    return node;
  }

  // WINDOW name AS (spec), ... and QUALIFY condition, in either order.
  void ParseWindowAndQualify(QueryNode& node) {
    while (true) {
      if (Current().IsKeyword("window") && node.windows.empty()) {
        Advance();
        do {
          size_t position = CurrentPosition();
          std::string name = ParseIdentifier();
          for (const auto& [existing, spec] : node.windows) {
            if (LowerText(existing) == LowerText(name)) {
              throw SyntaxError{position, "window \"" + name + "\" is already defined"};
            }
          }
          ExpectKeyword("as");
          ExpectOperator("(");
          auto spec = ParseWindowSpec();
          ExpectOperator(")");
          node.windows.emplace_back(std::move(name), std::move(spec));
        } while (AcceptOperator(","));
      } else if (Current().IsKeyword("qualify") && !node.qualify) {
        Advance();
        node.qualify = ParseExpression();
      } else {
        return;
      }
    }
  }

  static std::string LowerText(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }

  // GROUP BY items, with GROUPING SETS, ROLLUP and CUBE: the grouping sets of the items
  // are multiplied (each set of one item joined with each set of the others).
  using GroupingSetList = std::vector<std::vector<size_t>>;
  static constexpr size_t kMaxGroupingSets = 4096;

  void ParseGroupByList(QueryNode& node) {
    bool any_construct = false;
    GroupingSetList sets{{}};
    do {
      size_t position = Current().position;
      GroupingSetList item = ParseGroupingElement(node, any_construct);
      if (sets.size() * item.size() > kMaxGroupingSets) {
        throw SyntaxError{position, "too many grouping sets (more than " +
                                        std::to_string(kMaxGroupingSets) + ")"};
      }
      GroupingSetList product;
      for (const auto& left : sets) {
        for (const auto& right : item) {
          std::vector<size_t> combined = left;
          for (size_t index : right) {
            if (std::find(combined.begin(), combined.end(), index) == combined.end())
              combined.push_back(index);
          }
          product.push_back(std::move(combined));
        }
      }
      sets = std::move(product);
    } while (AcceptOperator(","));
    if (any_construct) node.grouping_sets = std::move(sets);
  }

  // Text under which two GROUP BY items are the same: the SQL text plus every column
  // reference's full path (ToString drops qualifiers, so a.x and b.x print alike).
  static std::string GroupKeyText(const ParsedExpression& expression) {
    std::string text = expression.ToString();
    std::function<void(const ParsedExpression&)> visit = [&](const ParsedExpression& node) {
      if (node.kind == ExpressionKind::kColumnRef) {
        text += "|";
        for (const auto& part : node.column_path) text += part + ".";
      }
      for (const auto& child : node.children) visit(*child);
    };
    visit(expression);
    return text;
  }

  // Position of `expression` in node.group_by, adding it when new.
  size_t AddGroupExpression(QueryNode& node, ExpressionPointer expression) {
    std::string text = GroupKeyText(*expression);
    for (size_t i = 0; i < node.group_by.size(); i++) {
      if (GroupKeyText(*node.group_by[i]) == text) return i;
    }
    node.group_by.push_back(std::move(expression));
    return node.group_by.size() - 1;
  }

  // `(a, b)` or `()` as one set, else one expression as a set of one.
  std::vector<size_t> ParseGroupingColumns(QueryNode& node) {
    std::vector<size_t> set;
    if (Current().IsOperator("(")) {
      size_t saved = index_;
      Advance();
      if (AcceptOperator(")")) return set;
      std::vector<ExpressionPointer> items;
      do {
        items.push_back(ParseExpression());
      } while (AcceptOperator(","));
      // `(a + 1) * 2` is an expression, not a set: a set ends the element.
      if (AcceptOperator(")") &&
          (Current().kind != TokenKind::kOperator || Current().IsOperator(",") ||
           Current().IsOperator(")") || Current().IsOperator(";"))) {
        for (auto& item : items) set.push_back(AddGroupExpression(node, std::move(item)));
        return set;
      }
      index_ = saved;
    }
    set.push_back(AddGroupExpression(node, ParseExpression()));
    return set;
  }

  GroupingSetList ParseGroupingElement(QueryNode& node, bool& any_construct) {
    size_t position = Current().position;
    if (Current().IsKeyword("grouping") && Peek(1).IsKeyword("sets")) {
      any_construct = true;
      Advance();
      Advance();
      ExpectOperator("(");
      GroupingSetList sets;
      do {
        GroupingSetList item;
        if (((Current().IsKeyword("rollup") || Current().IsKeyword("cube")) &&
             Peek(1).IsOperator("(")) ||
            (Current().IsKeyword("grouping") && Peek(1).IsKeyword("sets"))) {
          item = ParseGroupingElement(node, any_construct);
        } else {
          item.push_back(ParseGroupingColumns(node));
        }
        sets.insert(sets.end(), item.begin(), item.end());
        if (sets.size() > kMaxGroupingSets) {
          throw SyntaxError{position, "too many grouping sets (more than " +
                                          std::to_string(kMaxGroupingSets) + ")"};
        }
      } while (AcceptOperator(","));
      ExpectOperator(")");
      return sets;
    }
    bool rollup = Current().IsKeyword("rollup") && Peek(1).IsOperator("(");
    bool cube = Current().IsKeyword("cube") && Peek(1).IsOperator("(");
    if (rollup || cube) {
      any_construct = true;
      Advance();
      ExpectOperator("(");
      std::vector<std::vector<size_t>> elements;
      do {
        elements.push_back(ParseGroupingColumns(node));
      } while (AcceptOperator(","));
      ExpectOperator(")");
      GroupingSetList sets;
      if (rollup) {
        // (a, b, c): (a, b, c), (a, b), (a), ().
        for (size_t length = elements.size() + 1; length-- > 0;) {
          std::vector<size_t> set;
          for (size_t i = 0; i < length; i++)
            set.insert(set.end(), elements[i].begin(), elements[i].end());
          sets.push_back(std::move(set));
        }
        return sets;
      }
      if (elements.size() > 12) {
        throw SyntaxError{position,
                          "CUBE of " + std::to_string(elements.size()) +
                              " elements makes too many grouping sets (at most 12 elements)"};
      }
      // Every subset, the largest first.
      size_t count = size_t{1} << elements.size();
      for (size_t mask = count; mask-- > 0;) {
        std::vector<size_t> set;
        for (size_t i = 0; i < elements.size(); i++) {
          if (mask & (size_t{1} << (elements.size() - 1 - i)))
            set.insert(set.end(), elements[i].begin(), elements[i].end());
        }
        sets.push_back(std::move(set));
      }
      return sets;
    }
    if (Current().IsOperator("(") && Peek(1).IsOperator(")")) {
      any_construct = true;
      Advance();
      Advance();
      return GroupingSetList{{}};
    }
    return GroupingSetList{{AddGroupExpression(node, ParseExpression())}};
  }

  ExpressionPointer ParseSelectItem() {
    auto expression = ParseExpression();
    if (expression->kind == ExpressionKind::kStar) return expression;
    if (AcceptKeyword("as")) {
      if (Current().kind == TokenKind::kString) {
        expression->alias = Advance().text;
      } else {
        expression->alias = ParseAnyIdentifier();
      }
    } else if (AtIdentifier()) {
      const Token& alias = Advance();
      expression->alias = alias.text;
      RejectAfterImplicitAlias(alias);
    }
    return expression;
  }

  // A name right after an implicit alias means the alias was most likely a misspelled
  // keyword (SELECT a FORM t): point at it rather than at the word after it.
  void RejectAfterImplicitAlias(const Token& alias) const {
    TokenKind next = Current().kind;
    if (next == TokenKind::kQuotedIdentifier || next == TokenKind::kString ||
        next == TokenKind::kNumber ||
        (next == TokenKind::kIdentifier && !IsReservedKeyword(Current().text))) {
      ErrorAt(alias);
    }
  }

  // ---- FROM ---------------------------------------------------------------------------

  std::unique_ptr<TableRef> MakeJoin(JoinType type, std::unique_ptr<TableRef> left,
                                     std::unique_ptr<TableRef> right) {
    auto join = std::make_unique<TableRef>();
    join->kind = TableRefKind::kJoin;
    join->position = left->position;
    join->join_type = type;
    join->left = std::move(left);
    join->right = std::move(right);
    return join;
  }

  std::unique_ptr<TableRef> ParseFromClause() {
    auto ref = ParseJoinedTable();
    DepthGuard guard(depth_, Current().position);
    while (AcceptOperator(",")) {
      guard.Deepen(Current().position);
      auto right = ParseJoinedTable();
      ref = MakeJoin(JoinType::kCross, std::move(ref), std::move(right));
    }
    return ref;
  }

  std::unique_ptr<TableRef> ParseJoinedTable() {
    auto left = ParseTablePrimary();
    DepthGuard guard(depth_, Current().position);
    while (true) {
      const Token& start = Current();
      bool natural = AcceptKeyword("natural");
      JoinType type = JoinType::kInner;
      if (AcceptKeyword("cross")) {
        if (natural) ErrorAt(start);
        type = JoinType::kCross;
        ExpectKeyword("join");
      } else if (AcceptKeyword("join")) {
        type = JoinType::kInner;
      } else if (AcceptKeyword("inner")) {
        ExpectKeyword("join");
      } else if (AcceptKeyword("left")) {
        type = JoinType::kLeft;
        AcceptKeyword("outer");
        ExpectKeyword("join");
      } else if (AcceptKeyword("right")) {
        type = JoinType::kRight;
        AcceptKeyword("outer");
        ExpectKeyword("join");
      } else if (AcceptKeyword("full")) {
        type = JoinType::kFull;
        AcceptKeyword("outer");
        ExpectKeyword("join");
      } else {
        if (natural) ErrorAtCurrent();
        break;
      }
      guard.Deepen(start.position);
      auto right = ParseTablePrimary();
      auto join = MakeJoin(type, std::move(left), std::move(right));
      join->natural = natural;
      if (type != JoinType::kCross && !natural) {
        if (AcceptKeyword("on")) {
          join->condition = ParseExpression();
        } else if (AcceptKeyword("using")) {
          join->using_columns = ParseIdentifierList();
        } else {
          ErrorAtCurrent();
        }
      }
      left = std::move(join);
    }
    return left;
  }

  // True when the '(' at the current token opens a query rather than a join.
  bool ParenthesisOpensQuery() const {
    size_t ahead = 0;
    while (Peek(ahead).IsOperator("(")) ahead++;
    return StartsQuery(ahead);
  }

  std::unique_ptr<TableRef> ParseTablePrimary() {
    DepthGuard guard(depth_, Current().position);
    const Token& start = Current();
    std::unique_ptr<TableRef> ref;
    if (start.IsKeyword("lateral")) {
      Advance();
      if (!Current().IsOperator("(") || !ParenthesisOpensQuery()) ErrorAtCurrent();
      ref = std::make_unique<TableRef>();
      ref->kind = TableRefKind::kSubquery;
      ref->position = Position(start);
      ref->lateral = true;
      Advance();
      ref->subquery = ParseQuery();
      ExpectOperator(")");
    } else if (start.IsOperator("(")) {
      if (ParenthesisOpensQuery()) {
        ref = std::make_unique<TableRef>();
        ref->kind = TableRefKind::kSubquery;
        ref->position = Position(start);
        Advance();
        ref->subquery = ParseQuery();
        ExpectOperator(")");
      } else {
        Advance();
        ref = ParseJoinedTable();
        ExpectOperator(")");
      }
    } else if (start.kind == TokenKind::kString) {
      ref = std::make_unique<TableRef>();
      ref->kind = TableRefKind::kBaseTable;
      ref->position = Position(start);
      ref->name = start.text;
      ref->is_file_path = true;
      Advance();
    } else if (AtIdentifier() || AtReservedQualifier()) {
      ref = std::make_unique<TableRef>();
      ref->position = Position(start);
      std::vector<std::string> parts{Advance().text};
      while (Current().IsOperator(".")) {
        Advance();
        parts.push_back(ParseAnyIdentifier());
      }
      if (Current().IsOperator("(")) {
        ref->kind = TableRefKind::kTableFunction;
        ref->name = LowerName(parts);
        ParseTableFunctionArguments(ref.get());
        if (Current().IsKeyword("with") && Peek(1).IsKeyword("ordinality")) {
          Advance();
          Advance();
          ref->with_ordinality = true;
        }
      } else {
        if (parts.size() > 3) ErrorAt(tokens_[index_ - 1]);
        ref->kind = TableRefKind::kBaseTable;
        ref->name = parts.back();
        if (parts.size() >= 2) ref->schema = parts[parts.size() - 2];
      }
    } else {
      ErrorAtCurrent();
    }
    ParseTableAlias(ref.get());
    return ref;
  }

  static std::string LowerName(const std::vector<std::string>& parts) {
    std::string name;
    for (size_t i = 0; i < parts.size(); i++) {
      if (i > 0) name += '.';
      name += parts[i];
    }
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return name;
  }

  void ParseTableFunctionArguments(TableRef* ref) {
    ExpectOperator("(");
    if (AcceptOperator(")")) return;
    do {
      const Token& token = Current();
      const Token& next = Peek(1);
      bool is_name =
          token.kind == TokenKind::kIdentifier || token.kind == TokenKind::kQuotedIdentifier;
      if (is_name && (next.IsOperator("=") || next.IsOperator(":=") || next.IsOperator("=>"))) {
        std::string key = token.text;
        Advance();
        Advance();
        ref->named_arguments.emplace_back(std::move(key), ParseExpression());
      } else {
        ref->arguments.push_back(ParseExpression());
      }
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }

  void ParseTableAlias(TableRef* ref) {
    if (AcceptKeyword("as")) {
      ref->alias = ParseAnyIdentifier();
    } else if (AtIdentifier()) {
      const Token& alias = Advance();
      ref->alias = alias.text;
      if (!Current().IsOperator("(")) RejectAfterImplicitAlias(alias);
    } else {
      return;
    }
    if (Current().IsOperator("(")) ref->column_aliases = ParseIdentifierList();
  }

  // ---- Expressions --------------------------------------------------------------------

  ExpressionPointer ParseExpression() { return ParseBinary(kPrecedenceOr); }

  // Precedence of the infix or postfix operator at the current token (kPrecedenceNone if
  // the current token is not one).
  int CurrentBinaryPrecedence() const {
    const Token& token = Current();
    if (token.kind == TokenKind::kOperator) {
      const std::string& symbol = token.text;
      if (symbol == "=" || symbol == "<>" || symbol == "<" || symbol == "<=" || symbol == ">" ||
          symbol == ">=") {
        return kPrecedenceComparison;
      }
      if (symbol == "||" || symbol == "->" || symbol == "->>") return kPrecedenceConcat;
      if (symbol == "+" || symbol == "-") return kPrecedenceAdditive;
      if (symbol == "*" || symbol == "/" || symbol == "%") return kPrecedenceMultiplicative;
      return kPrecedenceNone;
    }
    if (token.kind != TokenKind::kIdentifier) return kPrecedenceNone;
    const std::string& word = token.text;
    if (word == "or") return kPrecedenceOr;
    if (word == "and") return kPrecedenceAnd;
    if (word == "is" || word == "isnull" || word == "notnull") return kPrecedenceIs;
    if (word == "between" || word == "in" || word == "like" || word == "ilike") {
      return kPrecedenceLikeIn;
    }
    if (word == "not") {
      const Token& next = Peek(1);
      if (next.IsKeyword("between") || next.IsKeyword("in") || next.IsKeyword("like") ||
          next.IsKeyword("ilike")) {
        return kPrecedenceLikeIn;
      }
    }
    return kPrecedenceNone;
  }

  ExpressionPointer ParseBinary(int min_precedence) {
    DepthGuard guard(depth_, Current().position);
    auto left = ParsePrefix();
    while (true) {
      int precedence = CurrentBinaryPrecedence();
      if (precedence == kPrecedenceNone || precedence < min_precedence) break;
      const Token& token = Current();
      guard.Deepen(token.position);
      size_t position = left->position;
      if (precedence == kPrecedenceIs) {
        left = ParseIsSuffix(std::move(left));
        continue;
      }
      if (precedence == kPrecedenceLikeIn) {
        left = ParseLikeInSuffix(std::move(left));
        continue;
      }
      std::string name = Advance().text;
      auto right = ParseBinary(precedence + 1);
      if (name == "->" || name == "->>") {
        // JSON access: x -> path is json_extract(x, path), x ->> path json_extract_string.
        std::vector<ExpressionPointer> arguments;
        arguments.push_back(std::move(left));
        arguments.push_back(std::move(right));
        left = MakeFunction(name == "->" ? "json_extract" : "json_extract_string", position,
                            std::move(arguments));
        continue;
      }
      left = MakeOperator(std::move(name), position, std::move(left), std::move(right));
    }
    return left;
  }

  ExpressionPointer ParseIsSuffix(ExpressionPointer left) {
    size_t position = left->position;
    const Token& token = Advance();
    if (token.text == "isnull") return MakeOperator("is null", position, std::move(left));
    if (token.text == "notnull") return MakeOperator("is not null", position, std::move(left));
    bool negated = AcceptKeyword("not");
    if (AcceptKeyword("null")) {
      return MakeOperator(negated ? "is not null" : "is null", position, std::move(left));
    }
    if (Current().IsKeyword("true") || Current().IsKeyword("false")) {
      // x IS TRUE is x IS NOT DISTINCT FROM TRUE (false, not NULL, for a NULL x).
      bool truth = Current().IsKeyword("true");
      auto constant = MakeConstant(Value::Boolean(truth), CurrentPosition());
      Advance();
      return MakeOperator(negated ? "is distinct from" : "is not distinct from", position,
                          std::move(left), std::move(constant));
    }
    if (AcceptKeyword("distinct")) {
      ExpectKeyword("from");
      auto right = ParseBinary(kPrecedenceIs + 1);
      return MakeOperator(negated ? "is not distinct from" : "is distinct from", position,
                          std::move(left), std::move(right));
    }
    ErrorAtCurrent();
  }

  ExpressionPointer ParseLikeInSuffix(ExpressionPointer left) {
    size_t position = left->position;
    bool negated = AcceptKeyword("not");
    const Token& token = Advance();
    if (token.text == "between") {
      auto node = MakeExpression(ExpressionKind::kBetween, position);
      node->negated = negated;
      node->children.push_back(std::move(left));
      node->children.push_back(ParseBinary(kPrecedenceLikeIn + 1));
      ExpectKeyword("and");
      node->children.push_back(ParseBinary(kPrecedenceLikeIn + 1));
      return node;
    }
    if (token.text == "in") {
      ExpectOperator("(");
      ExpressionPointer node;
      if (StartsQuery(0)) {
        node = MakeExpression(ExpressionKind::kInSubquery, position);
        node->subquery = ParseQuery();
        node->children.push_back(std::move(left));
      } else {
        node = MakeExpression(ExpressionKind::kInList, position);
        node->children.push_back(std::move(left));
        do {
          node->children.push_back(ParseExpression());
        } while (AcceptOperator(","));
      }
      ExpectOperator(")");
      node->negated = negated;
      return node;
    }
    std::string name = negated ? "not " + token.text : token.text;
    auto node = MakeOperator(std::move(name), position, std::move(left),
                             ParseBinary(kPrecedenceLikeIn + 1));
    if (AcceptKeyword("escape")) node->children.push_back(ParseBinary(kPrecedenceLikeIn + 1));
    return node;
  }

  ExpressionPointer ParsePrefix() {
    const Token& token = Current();
    size_t position = Position(token);
    if (token.IsKeyword("not")) {
      Advance();
      auto operand = ParseBinary(kPrecedenceNot + 1);
      if (operand->kind == ExpressionKind::kExists && !operand->negated) {
        operand->negated = true;
        operand->position = position;
        return operand;
      }
      return MakeOperator("not", position, std::move(operand));
    }
    if (token.IsOperator("-") || token.IsOperator("+")) {
      bool minus = token.IsOperator("-");
      Advance();
      if (Current().kind == TokenKind::kNumber) {
        auto literal = ParseNumber(Advance(), minus);
        literal->position = position;
        return ParsePostfix(std::move(literal));
      }
      auto operand = ParseBinary(kPrecedenceUnary);
      if (!minus) return operand;
      return MakeOperator("negate", position, std::move(operand));
    }
    return ParsePostfix(ParsePrimary());
  }

  // Postfix forms, left to right: x::TYPE, x[index], x[from:to], x.field.
  ExpressionPointer ParsePostfix(ExpressionPointer expression) {
    DepthGuard guard(depth_, Current().position);
    while (true) {
      size_t position = expression->position;
      if (Current().IsOperator("::")) {
        guard.Deepen(Current().position);
        Advance();
        auto cast = MakeExpression(ExpressionKind::kCast, position);
        cast->cast_type = ParseType();
        cast->children.push_back(std::move(expression));
        expression = std::move(cast);
      } else if (Current().IsOperator("[")) {
        guard.Deepen(Current().position);
        Advance();
        std::vector<ExpressionPointer> arguments;
        arguments.push_back(std::move(expression));
        ExpressionPointer from =
            Current().IsOperator(":") ? MakeConstant(Value(), position) : ParseExpression();
        if (AcceptOperator(":")) {
          ExpressionPointer to =
              Current().IsOperator("]") ? MakeConstant(Value(), position) : ParseExpression();
          arguments.push_back(std::move(from));
          arguments.push_back(std::move(to));
          ExpectOperator("]");
          expression = MakeFunction("list_slice", position, std::move(arguments));
        } else {
          arguments.push_back(std::move(from));
          ExpectOperator("]");
          expression = MakeFunction("element_at", position, std::move(arguments));
        }
      } else if (Current().IsOperator(".") && (Peek(1).kind == TokenKind::kIdentifier ||
                                               Peek(1).kind == TokenKind::kQuotedIdentifier)) {
        guard.Deepen(Current().position);
        Advance();
        const Token& field = Advance();
        std::vector<ExpressionPointer> arguments;
        arguments.push_back(std::move(expression));
        arguments.push_back(MakeConstant(Value::Varchar(field.text), Position(field)));
        expression = MakeFunction("struct_extract", position, std::move(arguments));
      } else {
        return expression;
      }
    }
  }

  // The spelling of a Hive type word inside a DDL column list: BINARY has no type of its
  // own here and is read as VARCHAR; a bare DECIMAL is Hive's DECIMAL(10,0).
  std::string HiveTypeWord(const Token& token, const Token& next) const {
    if (token.kind != TokenKind::kIdentifier || next.IsOperator(":")) return token.text;
    if (token.text == "binary") return "varchar";
    if (token.text == "decimal" && !next.IsOperator("(")) return "decimal(10,0)";
    return token.text;
  }

  // A type name: one or more words (DOUBLE PRECISION) and optional (width[, scale]).
  // `hive` reads the words the way Hive DDL means them (HiveTypeWord).
  LogicalType ParseType(bool hive = false) {
    const Token& start = Current();
    if (start.kind != TokenKind::kIdentifier && start.kind != TokenKind::kQuotedIdentifier) {
      ErrorAtCurrent();
    }
    std::string name = hive ? HiveTypeWord(start, Peek(1)) : start.text;
    Advance();
    while (Current().IsKeyword("precision") || Current().IsKeyword("varying")) {
      name += " " + Advance().text;
    }
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool nested = lower == "struct" || lower == "row" || lower == "map" || lower == "list" ||
                  lower == "array";
    if (nested && (Current().IsOperator("(") || Current().IsOperator("<"))) {
      // Nested type: the tokens up to the matching bracket, re-joined for ParseTypeName.
      int depth = 0;
      do {
        const Token& token = Current();
        if (token.kind == TokenKind::kEnd) ErrorAtCurrent();
        if (token.IsOperator("(") || token.IsOperator("<")) depth++;
        if (token.IsOperator(")") || token.IsOperator(">")) depth--;
        if (token.IsOperator("<>")) ErrorAtCurrent();
        name += " ";
        if (token.kind == TokenKind::kQuotedIdentifier) {
          name += "\"" + token.text + "\"";
        } else {
          name += hive ? HiveTypeWord(token, Peek(1)) : token.text;
        }
        Advance();
      } while (depth > 0);
    } else if (AcceptOperator("(")) {
      name += "(";
      do {
        if (Current().kind != TokenKind::kNumber) ErrorAtCurrent();
        if (name.back() != '(') name += ",";
        name += Advance().text;
      } while (AcceptOperator(","));
      ExpectOperator(")");
      name += ")";
    }
    while (Current().IsOperator("[") && Peek(1).IsOperator("]")) {
      Advance();
      Advance();
      name += "[]";
    }
    auto type = ParseTypeName(name);
    if (!type.ok()) throw SyntaxError{start.position, type.status().message()};
    return type.value();
  }

  ExpressionPointer ParseNumber(const Token& token, bool negative) {
    size_t position = Position(token);
    const std::string& text = token.text;
    if (text.find_first_of("eE") != std::string::npos) {
      double value = std::strtod(text.c_str(), nullptr);
      if (!std::isfinite(value)) {
        throw SyntaxError{token.position, "numeric literal " + text + " is out of range"};
      }
      return MakeConstant(Value::Double(negative ? -value : value), position);
    }
    size_t dot = text.find('.');
    std::string integral = text.substr(0, dot);
    std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    size_t first_nonzero = integral.find_first_not_of('0');
    integral = first_nonzero == std::string::npos ? "" : integral.substr(first_nonzero);
    std::string digits = integral + fraction;
    if (dot == std::string::npos) {
      if (digits.size() > LogicalType::kMaxDecimalWidth) {
        throw SyntaxError{token.position, "integer literal " + text + " is out of range"};
      }
      int128_t magnitude = 0;
      for (char c : digits) magnitude = magnitude * 10 + (c - '0');
      int128_t value = negative ? -magnitude : magnitude;
      if (value >= INT32_MIN && value <= INT32_MAX) {
        return MakeConstant(Value::Integer(static_cast<int32_t>(value)), position);
      }
      if (value >= INT64_MIN && value <= INT64_MAX) {
        return MakeConstant(Value::Bigint(static_cast<int64_t>(value)), position);
      }
      return MakeConstant(Value::Decimal(value, LogicalType::kMaxDecimalWidth, 0), position);
    }
    size_t scale = fraction.size();
    size_t width = std::max(digits.size(), scale + 1);
    if (width > LogicalType::kMaxDecimalWidth) {
      double value = std::strtod(text.c_str(), nullptr);
      return MakeConstant(Value::Double(negative ? -value : value), position);
    }
    int128_t magnitude = 0;
    for (char c : digits) magnitude = magnitude * 10 + (c - '0');
    return MakeConstant(Value::Decimal(negative ? -magnitude : magnitude,
                                       static_cast<uint8_t>(width), static_cast<uint8_t>(scale)),
                        position);
  }

  ExpressionPointer ParsePrimary() {
    const Token& token = Current();
    size_t position = Position(token);
    switch (token.kind) {
      case TokenKind::kNumber:
        return ParseNumber(Advance(), false);
      case TokenKind::kString:
        return MakeConstant(Value::Varchar(Advance().text), position);
      case TokenKind::kQuotedIdentifier:
        return ParseColumnOrFunction();
      case TokenKind::kOperator:
        return ParseOperatorPrimary();
      case TokenKind::kEnd:
        ErrorAtCurrent();
      case TokenKind::kIdentifier:
        break;
    }
    const std::string& word = token.text;
    const Token& next = Peek(1);
    if (word == "true" || word == "false") {
      Advance();
      return MakeConstant(Value::Boolean(word == "true"), position);
    }
    if (word == "null") {
      Advance();
      return MakeConstant(Value(), position);
    }
    if (word == "array" && next.IsOperator("[")) {
      Advance();
      return ParsePrimary();
    }
    if (word == "map" && next.IsOperator("{")) return ParseMapLiteral();
    if (word == "case") return ParseCase();
    if (word == "cast" || word == "try_cast") return ParseCast();
    if (word == "exists") {
      Advance();
      auto node = MakeExpression(ExpressionKind::kExists, position);
      ExpectOperator("(");
      node->subquery = ParseQuery();
      ExpectOperator(")");
      return node;
    }
    if (word == "interval" && (next.kind == TokenKind::kString || next.kind == TokenKind::kNumber ||
                               (next.IsOperator("-") && Peek(2).kind == TokenKind::kNumber))) {
      return ParseInterval();
    }
    if ((word == "date" || word == "timestamp") && next.kind == TokenKind::kString) {
      Advance();
      auto cast = MakeExpression(ExpressionKind::kCast, position);
      cast->cast_type = LogicalType(word == "date" ? TypeId::kDate : TypeId::kTimestamp);
      cast->children.push_back(MakeConstant(Value::Varchar(Advance().text), Position(next)));
      return cast;
    }
    if (next.IsOperator("(")) {
      if (word == "extract") return ParseExtract();
      if (word == "substring") return ParseSubstring();
      if (word == "position") return ParsePositionFunction();
      if (word == "trim") return ParseTrim();
    } else if (word == "current_date" || word == "current_timestamp") {
      Advance();
      return MakeFunction(word, position, {});
    }
    if (IsReservedKeyword(word) && !((word == "left" || word == "right") && next.IsOperator("("))) {
      ErrorAtCurrent();
    }
    return ParseColumnOrFunction();
  }

  ExpressionPointer ParseOperatorPrimary() {
    const Token& token = Current();
    size_t position = Position(token);
    if (token.IsOperator("(")) {
      Advance();
      if (StartsQuery(0)) {
        auto node = MakeExpression(ExpressionKind::kSubquery, position);
        node->subquery = ParseQuery();
        ExpectOperator(")");
        return node;
      }
      auto inner = ParseExpression();
      if (Current().IsOperator(",")) {
        // (a, b, ...): a row value, the same as ROW(a, b, ...).
        std::vector<ExpressionPointer> elements;
        elements.push_back(std::move(inner));
        while (AcceptOperator(",")) elements.push_back(ParseExpression());
        ExpectOperator(")");
        return MakeFunction("row", position, std::move(elements));
      }
      ExpectOperator(")");
      return inner;
    }
    if (token.IsOperator("*")) {
      Advance();
      auto star = MakeExpression(ExpressionKind::kStar, position);
      ParseStarExclude(star.get());
      return star;
    }
    if (token.IsOperator("[")) {
      Advance();
      auto list = MakeExpression(ExpressionKind::kList, position);
      if (!AcceptOperator("]")) {
        do {
          list->children.push_back(ParseExpression());
        } while (AcceptOperator(","));
        ExpectOperator("]");
      }
      return list;
    }
    if (token.IsOperator("{")) {
      Advance();
      auto node = MakeExpression(ExpressionKind::kStruct, position);
      if (!AcceptOperator("}")) {
        do {
          const Token& key = Current();
          if (key.kind != TokenKind::kString && key.kind != TokenKind::kIdentifier &&
              key.kind != TokenKind::kQuotedIdentifier) {
            ErrorAtCurrent();
          }
          node->names.push_back(Advance().text);
          ExpectOperator(":");
          node->children.push_back(ParseExpression());
        } while (AcceptOperator(","));
        ExpectOperator("}");
      }
      return node;
    }
    ErrorAtCurrent();
  }

  // MAP {key: value, ...} becomes map([keys...], [values...]).
  ExpressionPointer ParseMapLiteral() {
    size_t position = CurrentPosition();
    Advance();
    ExpectOperator("{");
    auto keys = MakeExpression(ExpressionKind::kList, position);
    auto values = MakeExpression(ExpressionKind::kList, position);
    if (!AcceptOperator("}")) {
      do {
        keys->children.push_back(ParseExpression());
        ExpectOperator(":");
        values->children.push_back(ParseExpression());
      } while (AcceptOperator(","));
      ExpectOperator("}");
    }
    std::vector<ExpressionPointer> arguments;
    arguments.push_back(std::move(keys));
    arguments.push_back(std::move(values));
    return MakeFunction("map", position, std::move(arguments));
  }

  // * EXCLUDE (a, b) REPLACE (expression AS a, ...) RENAME (a AS b, ...), each optional,
  // each with or without parentheses around a single entry.
  void ParseStarExclude(ParsedExpression* star) {
    if (AcceptKeyword("exclude")) {
      if (Current().IsOperator("(")) {
        star->names = ParseIdentifierList();
      } else {
        star->names.push_back(ParseIdentifier());
      }
    }
    if (AcceptKeyword("replace")) {
      bool parenthesized = AcceptOperator("(");
      do {
        auto replacement = ParseExpression();
        ExpectKeyword("as");
        replacement->alias = ParseIdentifier();
        star->children.push_back(std::move(replacement));
      } while (parenthesized && AcceptOperator(","));
      if (parenthesized) ExpectOperator(")");
    }
    if (AcceptKeyword("rename")) {
      bool parenthesized = AcceptOperator("(");
      do {
        std::string old_name = ParseIdentifier();
        ExpectKeyword("as");
        star->star_renames.emplace_back(std::move(old_name), ParseIdentifier());
      } while (parenthesized && AcceptOperator(","));
      if (parenthesized) ExpectOperator(")");
    }
  }

  // a, t.a, t.*, name(args), schema.name(args).
  ExpressionPointer ParseColumnOrFunction() {
    size_t position = CurrentPosition();
    std::vector<std::string> parts{Advance().text};
    while (Current().IsOperator(".")) {
      if (Peek(1).IsOperator("*")) {
        Advance();
        Advance();
        auto star = MakeExpression(ExpressionKind::kStar, position);
        star->column_path = std::move(parts);
        ParseStarExclude(star.get());
        return star;
      }
      Advance();
      parts.push_back(ParseAnyIdentifier());
    }
    if (!Current().IsOperator("(")) {
      auto column = MakeExpression(ExpressionKind::kColumnRef, position);
      column->column_path = std::move(parts);
      return column;
    }
    auto function = MakeExpression(ExpressionKind::kFunction, position);
    function->name = LowerName(parts);
    Advance();
    if (AcceptOperator(")")) return FinishFunction(std::move(function));
    if (Current().IsOperator("*") && Peek(1).IsOperator(")")) {
      // Only count(*) gives * a meaning; any other f(*) would silently count rows.
      if (function->name != "count") {
        throw SyntaxError{Current().position,
                          "* is only allowed as the argument of count(*), "
                          "not of " +
                              function->name + "(*)"};
      }
      Advance();
      Advance();
      function->is_star = true;
      return FinishFunction(std::move(function));
    }
    if (AcceptKeyword("distinct")) {
      function->distinct = true;
    } else {
      AcceptKeyword("all");
    }
    do {
      function->children.push_back(ParseExpression());
    } while (AcceptOperator(","));
    ParseNullTreatment(*function);
    if (AcceptKeyword("order")) {
      ExpectKeyword("by");
      function->order_by = ParseOrderByList();
    }
    ExpectOperator(")");
    return FinishFunction(std::move(function));
  }

  // IGNORE NULLS / RESPECT NULLS of lag, lead, first_value, last_value and nth_value.
  void ParseNullTreatment(ParsedExpression& function) {
    bool ignore = Current().IsKeyword("ignore");
    if ((!ignore && !Current().IsKeyword("respect")) || !Peek(1).IsKeyword("nulls")) return;
    Advance();
    Advance();
    function.ignore_nulls = ignore;
  }

  // The clauses after a call's ')': WITHIN GROUP (ORDER BY ...), FILTER (WHERE ...),
  // OVER (...) or OVER name.
  ExpressionPointer FinishFunction(ExpressionPointer function) {
    if (Current().IsKeyword("within") && Peek(1).IsKeyword("group")) {
      if (!function->order_by.empty()) ErrorAtCurrent();
      Advance();
      Advance();
      ExpectOperator("(");
      ExpectKeyword("order");
      ExpectKeyword("by");
      function->order_by = ParseOrderByList();
      function->within_group = true;
      ExpectOperator(")");
    }
    ParseNullTreatment(*function);
    if (Current().IsKeyword("filter") && Peek(1).IsOperator("(")) {
      Advance();
      Advance();
      ExpectKeyword("where");
      function->filter = ParseExpression();
      ExpectOperator(")");
    }
    if (Current().IsKeyword("over") && Peek(1).IsOperator("(")) {
      Advance();
      Advance();
      function->window = ParseWindowSpec();
      ExpectOperator(")");
      return function;
    }
    if (Current().IsKeyword("over") && IsName(Peek(1))) {
      Advance();
      function->window = std::make_unique<WindowSpec>();
      function->window->base_name = ParseIdentifier();
    }
    return function;
  }

  // The inside of OVER ( ... ): [PARTITION BY ...] [ORDER BY ...] [frame [EXCLUDE ...]].
  std::unique_ptr<WindowSpec> ParseWindowSpec() {
    auto window = std::make_unique<WindowSpec>();
    if (IsName(Current()) && !Current().IsKeyword("partition") && !Current().IsKeyword("order") &&
        !Current().IsKeyword("rows") && !Current().IsKeyword("range") &&
        !Current().IsKeyword("groups")) {
      window->base_name = ParseIdentifier();
    }
    if (AcceptKeyword("partition")) {
      ExpectKeyword("by");
      do {
        window->partition_by.push_back(ParseExpression());
      } while (AcceptOperator(","));
    }
    if (AcceptKeyword("order")) {
      ExpectKeyword("by");
      window->order_by = ParseOrderByList();
    }
    if (Current().IsKeyword("rows") || Current().IsKeyword("range") ||
        Current().IsKeyword("groups")) {
      window->has_frame = true;
      window->frame_unit = Current().IsKeyword("rows")     ? FrameUnit::kRows
                           : Current().IsKeyword("groups") ? FrameUnit::kGroups
                                                           : FrameUnit::kRange;
      Advance();
      if (AcceptKeyword("between")) {
        window->frame_start = ParseFrameBound();
        ExpectKeyword("and");
        window->frame_end = ParseFrameBound();
      } else {
        window->frame_start = ParseFrameBound();
        window->frame_end.kind = FrameBoundKind::kCurrentRow;
      }
      if (AcceptKeyword("exclude")) {
        if (AcceptKeyword("current")) {
          ExpectKeyword("row");
          window->frame_exclusion = FrameExclusion::kCurrentRow;
        } else if (AcceptKeyword("group")) {
          window->frame_exclusion = FrameExclusion::kGroup;
        } else if (AcceptKeyword("ties")) {
          window->frame_exclusion = FrameExclusion::kTies;
        } else {
          ExpectKeyword("no");
          ExpectKeyword("others");
        }
      }
    }
    return window;
  }

  FrameBound ParseFrameBound() {
    FrameBound bound;
    if (AcceptKeyword("unbounded")) {
      if (AcceptKeyword("preceding")) {
        bound.kind = FrameBoundKind::kUnboundedPreceding;
      } else {
        ExpectKeyword("following");
        bound.kind = FrameBoundKind::kUnboundedFollowing;
      }
      return bound;
    }
    if (AcceptKeyword("current")) {
      ExpectKeyword("row");
      bound.kind = FrameBoundKind::kCurrentRow;
      return bound;
    }
    bound.offset = ParseExpression();
    if (AcceptKeyword("preceding")) {
      bound.kind = FrameBoundKind::kPreceding;
    } else {
      ExpectKeyword("following");
      bound.kind = FrameBoundKind::kFollowing;
    }
    return bound;
  }

  ExpressionPointer ParseCase() {
    size_t position = CurrentPosition();
    Advance();
    auto node = MakeExpression(ExpressionKind::kCase, position);
    ExpressionPointer operand;
    if (!Current().IsKeyword("when")) operand = ParseExpression();
    while (Current().IsKeyword("when")) {
      Advance();
      auto condition = ParseExpression();
      if (operand) {
        size_t condition_position = condition->position;
        condition = MakeOperator("=", condition_position, operand->Copy(), std::move(condition));
      }
      ExpectKeyword("then");
      node->children.push_back(std::move(condition));
      node->children.push_back(ParseExpression());
    }
    if (node->children.empty()) ErrorAtCurrent();
    if (AcceptKeyword("else")) {
      node->has_else = true;
      node->children.push_back(ParseExpression());
    }
    ExpectKeyword("end");
    return node;
  }

  ExpressionPointer ParseCast() {
    size_t position = CurrentPosition();
    bool try_cast = Advance().text == "try_cast";
    ExpectOperator("(");
    auto node = MakeExpression(ExpressionKind::kCast, position);
    node->try_cast = try_cast;
    node->children.push_back(ParseExpression());
    ExpectKeyword("as");
    node->cast_type = ParseType();
    ExpectOperator(")");
    return node;
  }

  ExpressionPointer ParseInterval() {
    const Token& start = Advance();
    size_t position = Position(start);
    std::string text;
    if (AcceptOperator("-")) text = "-";
    bool is_number = Current().kind == TokenKind::kNumber;
    text += Advance().text;
    if (Current().kind == TokenKind::kIdentifier && IsIntervalUnit(Current().text)) {
      text += " " + Advance().text;
    } else if (is_number) {
      // INTERVAL 3 needs its unit (INTERVAL 3 DAY); only the quoted form may omit it.
      ErrorAtCurrent();
    }
    Interval interval;
    if (!date_time::TryParseInterval(text, &interval)) {
      throw SyntaxError{start.position, "invalid interval literal '" + text + "'"};
    }
    return MakeConstant(Value::FromInterval(interval), position);
  }

  ExpressionPointer ParseExtract() {
    size_t position = CurrentPosition();
    Advance();
    ExpectOperator("(");
    const Token& field = Current();
    if (field.kind != TokenKind::kIdentifier && field.kind != TokenKind::kString &&
        field.kind != TokenKind::kQuotedIdentifier) {
      ErrorAtCurrent();
    }
    std::string name = field.text;
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    std::vector<ExpressionPointer> arguments;
    arguments.push_back(MakeConstant(Value::Varchar(std::move(name)), Position(field)));
    Advance();
    ExpectKeyword("from");
    arguments.push_back(ParseExpression());
    ExpectOperator(")");
    return MakeFunction("date_part", position, std::move(arguments));
  }

  ExpressionPointer ParseSubstring() {
    size_t position = CurrentPosition();
    Advance();
    ExpectOperator("(");
    std::vector<ExpressionPointer> arguments;
    arguments.push_back(ParseExpression());
    if (AcceptKeyword("from")) {
      arguments.push_back(ParseExpression());
      if (AcceptKeyword("for")) arguments.push_back(ParseExpression());
    } else if (AcceptKeyword("for")) {
      arguments.push_back(MakeConstant(Value::Integer(1), arguments.front()->position));
      arguments.push_back(ParseExpression());
    } else {
      while (AcceptOperator(",")) arguments.push_back(ParseExpression());
    }
    ExpectOperator(")");
    return MakeFunction("substr", position, std::move(arguments));
  }

  ExpressionPointer ParsePositionFunction() {
    size_t position = CurrentPosition();
    Advance();
    ExpectOperator("(");
    std::vector<ExpressionPointer> arguments;
    arguments.push_back(ParseBinary(kPrecedenceLikeIn + 1));
    if (!AcceptOperator(",")) ExpectKeyword("in");
    arguments.push_back(ParseExpression());
    ExpectOperator(")");
    return MakeFunction("position", position, std::move(arguments));
  }

  // TRIM([BOTH | LEADING | TRAILING] [characters] FROM text), TRIM(text [, characters]).
  ExpressionPointer ParseTrim() {
    size_t position = CurrentPosition();
    Advance();
    ExpectOperator("(");
    std::string name = "trim";
    if (AcceptKeyword("leading")) {
      name = "ltrim";
    } else if (AcceptKeyword("trailing")) {
      name = "rtrim";
    } else {
      AcceptKeyword("both");
    }
    std::vector<ExpressionPointer> arguments;
    if (AcceptKeyword("from")) {
      arguments.push_back(ParseExpression());
    } else {
      auto first = ParseExpression();
      if (AcceptKeyword("from")) {
        arguments.push_back(ParseExpression());
        arguments.push_back(std::move(first));
      } else {
        arguments.push_back(std::move(first));
        while (AcceptOperator(",")) arguments.push_back(ParseExpression());
      }
    }
    ExpectOperator(")");
    return MakeFunction(std::move(name), position, std::move(arguments));
  }

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  size_t base_ = 0;
  int depth_ = 0;
};

// Replaces bytes that would break the caret layout (tabs, control bytes) in a shown line.
std::vector<std::string> SplitDisplayCells(std::string_view line,
                                           std::vector<size_t>* cell_offsets) {
  std::vector<std::string> cells;
  size_t i = 0;
  while (i < line.size()) {
    cell_offsets->push_back(i);
    unsigned char byte = static_cast<unsigned char>(line[i]);
    if (byte < 0x80) {
      char shown = line[i];
      if (byte == '\t') {
        shown = ' ';
      } else if (byte < 0x20 || byte == 0x7f) {
        shown = '?';
      }
      cells.emplace_back(1, shown);
      i++;
      continue;
    }
    size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0;
    if (length == 0 || i + length > line.size()) {
      cells.emplace_back("?");
      i++;
      continue;
    }
    bool valid = true;
    for (size_t k = 1; k < length; k++) {
      if ((static_cast<unsigned char>(line[i + k]) & 0xC0) != 0x80) valid = false;
    }
    if (!valid) {
      cells.emplace_back("?");
      i++;
      continue;
    }
    cells.emplace_back(line.substr(i, length));
    i += length;
  }
  return cells;
}

}  // namespace

std::string FormatErrorAtPosition(std::string_view sql, size_t position,
                                  const std::string& message) {
  constexpr size_t kWindow = 80;
  position = std::min(position, sql.size());
  size_t line_start = position == 0 ? 0 : sql.rfind('\n', position - 1);
  line_start = line_start == std::string_view::npos || position == 0 ? 0 : line_start + 1;
  size_t line_number =
      1 + static_cast<size_t>(std::count(sql.begin(), sql.begin() + line_start, '\n'));
  size_t line_end = sql.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = sql.size();
  std::string_view line = sql.substr(line_start, line_end - line_start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t column = position - line_start;

  std::vector<size_t> offsets;
  std::vector<std::string> cells = SplitDisplayCells(line, &offsets);
  size_t caret = cells.size();
  for (size_t i = 0; i < offsets.size(); i++) {
    size_t next = i + 1 < offsets.size() ? offsets[i + 1] : line.size();
    if (column < next) {
      caret = i;
      break;
    }
  }
  size_t first = 0;
  size_t last = cells.size();
  if (cells.size() > kWindow) {
    first = caret > kWindow / 2 ? caret - kWindow / 2 : 0;
    last = std::min(cells.size(), first + kWindow);
    if (last - first < kWindow) first = last - kWindow;
  }
  std::string prefix = "LINE " + std::to_string(line_number) + ": ";
  std::string shown = first > 0 ? "..." : "";
  size_t caret_column = prefix.size() + shown.size() + (caret - first);
  for (size_t i = first; i < last; i++) shown += cells[i];
  if (last < cells.size()) shown += "...";
  return message + "\n" + prefix + shown + "\n" + std::string(caret_column, ' ') + "^";
}

Result<std::vector<std::unique_ptr<Statement>>> ParseSql(std::string_view sql) {
  LexResult lexed = Tokenize(sql);
  if (!lexed.ok) {
    return Status::Error(ErrorCode::kSyntax,
                         FormatErrorAtPosition(sql, lexed.error_position, lexed.error_message));
  }
  Parser parser(sql, std::move(lexed.tokens));
  try {
    return parser.ParseStatements();
  } catch (const SyntaxError& error) {
    return Status::Error(ErrorCode::kSyntax,
                         FormatErrorAtPosition(sql, error.position, error.message));
  }
}

bool IsIncompleteStatement(std::string_view sql) {
  bool has_content = false;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '-' && next == '-') {
      while (i < sql.size() && sql[i] != '\n') i++;
    } else if (c == '/' && next == '*') {
      int depth = 0;
      while (true) {
        if (i + 1 >= sql.size()) return true;
        if (sql[i] == '/' && sql[i + 1] == '*') {
          depth++;
          i += 2;
        } else if (sql[i] == '*' && sql[i + 1] == '/') {
          i += 2;
          if (--depth == 0) break;
        } else {
          i++;
        }
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      has_content = true;
      i++;
      while (true) {
        if (i >= sql.size()) return true;
        if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
    } else if (c == ';') {
      has_content = false;
      i++;
    } else {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
        has_content = true;
      }
      i++;
    }
  }
  return has_content;
}

}  // namespace tarn
