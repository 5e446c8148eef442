#include "parser/lexer.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace tarn {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes >= 0x80 belong to UTF-8 sequences and are allowed in identifiers.
bool IsIdentifierStart(char c) {
  unsigned char byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || byte >= 0x80;
}

bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || IsDigit(c) || c == '$'; }

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view sql) : sql_(sql) {}

  LexResult Run() {
    size_t last_end = 0;
    while (true) {
      if (!SkipSpaceAndComments()) return std::move(result_);
      if (pos_ >= sql_.size()) break;
      if (!NextToken()) return std::move(result_);
      last_end = result_.tokens.back().end;
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.position = last_end;
    end.end = last_end;
    result_.tokens.push_back(std::move(end));
    return std::move(result_);
  }

 private:
  bool Fail(size_t position, std::string message) {
    result_.ok = false;
    result_.error_position = position;
    result_.error_message = std::move(message);
    return false;
  }

  bool SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (IsSpace(c)) {
        pos_++;
      } else if (c == '-' && pos_ + 1 < sql_.size() && sql_[pos_ + 1] == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') pos_++;
      } else if (c == '/' && pos_ + 1 < sql_.size() && sql_[pos_ + 1] == '*') {
        size_t start = pos_;
        int depth = 0;
        while (true) {
          if (pos_ + 1 >= sql_.size()) {
            return Fail(start, "unterminated /* comment");
          }
          if (sql_[pos_] == '/' && sql_[pos_ + 1] == '*') {
            depth++;
            pos_ += 2;
          } else if (sql_[pos_] == '*' && sql_[pos_ + 1] == '/') {
            depth--;
            pos_ += 2;
            if (depth == 0) break;
          } else {
            pos_++;
          }
        }
      } else {
        break;
      }
    }
    return true;
  }

  void Push(TokenKind kind, std::string text, size_t start) {
    Token token;
    token.kind = kind;
    token.text = std::move(text);
    token.position = start;
    token.end = pos_;
    result_.tokens.push_back(std::move(token));
  }

  // Reads a quoted run ending at `quote`, where a doubled quote stands for one.
  bool ReadQuoted(char quote, std::string* text) {
    size_t start = pos_;
    pos_++;
    while (true) {
      if (pos_ >= sql_.size()) {
        return Fail(
            start, quote == '\'' ? "unterminated quoted string" : "unterminated quoted identifier");
      }
      char c = sql_[pos_];
      if (c == quote) {
        if (pos_ + 1 < sql_.size() && sql_[pos_ + 1] == quote) {
          text->push_back(quote);
          pos_ += 2;
          continue;
        }
        pos_++;
        return true;
      }
      text->push_back(c);
      pos_++;
    }
  }

  void ReadNumber(size_t start) {
    while (pos_ < sql_.size() && IsDigit(sql_[pos_])) pos_++;
    if (pos_ < sql_.size() && sql_[pos_] == '.') {
      pos_++;
      while (pos_ < sql_.size() && IsDigit(sql_[pos_])) pos_++;
    }
    if (pos_ < sql_.size() && (sql_[pos_] == 'e' || sql_[pos_] == 'E')) {
      size_t exponent = pos_ + 1;
      if (exponent < sql_.size() && (sql_[exponent] == '+' || sql_[exponent] == '-')) {
        exponent++;
      }
      if (exponent < sql_.size() && IsDigit(sql_[exponent])) {
        pos_ = exponent;
        while (pos_ < sql_.size() && IsDigit(sql_[pos_])) pos_++;
      }
    }
    Push(TokenKind::kNumber, std::string(sql_.substr(start, pos_ - start)), start);
  }

  bool NextToken() {
    size_t start = pos_;
    char c = sql_[pos_];
    if (IsIdentifierStart(c)) {
      std::string text;
      while (pos_ < sql_.size() && IsIdentifierPart(sql_[pos_])) {
        text.push_back(LowerAscii(sql_[pos_]));
        pos_++;
      }
      Push(TokenKind::kIdentifier, std::move(text), start);
      return true;
    }
    if (IsDigit(c) || (c == '.' && pos_ + 1 < sql_.size() && IsDigit(sql_[pos_ + 1]))) {
      ReadNumber(start);
      return true;
    }
    if (c == '\'') {
      std::string text;
      if (!ReadQuoted('\'', &text)) return false;
      Push(TokenKind::kString, std::move(text), start);
      return true;
    }
    if (c == '"' || c == '`') {
      // `name` is the Hive / Athena spelling of a quoted identifier.
      std::string text;
      if (!ReadQuoted(c, &text)) return false;
      if (text.empty()) return Fail(start, "zero-length quoted identifier");
      Push(TokenKind::kQuotedIdentifier, std::move(text), start);
      return true;
    }
    if (sql_.substr(pos_, 3) == "->>") {
      pos_ += 3;
      Push(TokenKind::kOperator, "->>", start);
      return true;
    }
    static constexpr std::array<std::string_view, 10> kTwoCharacterOperators = {
        "<=", ">=", "<>", "!=", "==", "||", "::", ":=", "=>", "->"};
    if (pos_ + 1 < sql_.size()) {
      std::string_view pair = sql_.substr(pos_, 2);
      if (std::find(kTwoCharacterOperators.begin(), kTwoCharacterOperators.end(), pair) !=
          kTwoCharacterOperators.end()) {
        pos_ += 2;
        std::string symbol(pair);
        if (symbol == "!=") symbol = "<>";
        if (symbol == "==") symbol = "=";
        Push(TokenKind::kOperator, std::move(symbol), start);
        return true;
      }
    }
    static constexpr std::string_view kSingleCharacterOperators = "+-*/%=<>(),.;[]{}:";
    if (kSingleCharacterOperators.find(c) != std::string_view::npos) {
      pos_++;
      Push(TokenKind::kOperator, std::string(1, c), start);
      return true;
    }
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte < 0x7f) {
      return Fail(start, std::string("syntax error at or near \"") + c + "\"");
    }
    char buffer[8];
    std::snprintf(buffer, sizeof(buffer), "0x%02X", byte);
    return Fail(start, std::string("invalid byte ") + buffer + " in SQL text");
  }

  std::string_view sql_;
  size_t pos_ = 0;
  LexResult result_;
};

}  // namespace

LexResult Tokenize(std::string_view sql) { return Tokenizer(sql).Run(); }

bool IsReservedKeyword(std::string_view word) {
  static constexpr std::array<std::string_view, 66> kReserved = {
      "all",     "and",     "any",      "as",      "asc",        "between", "both",
      "case",    "cast",    "check",    "collate", "constraint", "create",  "cross",
      "default", "desc",    "distinct", "do",      "else",       "end",     "except",
      "exists",  "false",   "fetch",    "for",     "foreign",    "from",    "full",
      "grant",   "group",   "having",   "ilike",   "in",         "inner",   "intersect",
      "into",    "is",      "join",     "lateral", "leading",    "left",    "like",
      "limit",   "natural", "not",      "null",    "offset",     "on",      "or",
      "order",   "outer",   "primary",  "qualify", "references", "right",   "select",
      "table",   "then",    "trailing", "true",    "union",      "using",   "when",
      "where",   "window",  "with"};
  return std::find(kReserved.begin(), kReserved.end(), word) != kReserved.end();
}

}  // namespace tarn
