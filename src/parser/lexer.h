#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tarn {

enum class TokenKind : uint8_t {
  kIdentifier,        // unquoted word, text folded to lower case (keywords too)
  kQuotedIdentifier,  // "Quoted Name" or `Quoted Name`, text unescaped with its case kept
  kString,            // 'text', text unescaped
  kNumber,            // 12, 1.5, .5, 1e10: text as written
  kOperator,          // punctuation and operators: text is the symbol ("<=", "(", "::")
  kEnd,               // end of input; position is the end of the last real token
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  size_t position = 0;  // byte offset of the first character in the SQL text
  size_t end = 0;       // byte offset one past the last character

  bool IsOperator(std::string_view symbol) const {
    return kind == TokenKind::kOperator && text == symbol;
  }
  // True for an unquoted word equal to `keyword` (given in lower case).
  bool IsKeyword(std::string_view keyword) const {
    return kind == TokenKind::kIdentifier && text == keyword;
  }
};

// The outcome of tokenizing: either every token (ending with one kEnd token) or the
// first lexical error with the byte position where it starts.
struct LexResult {
  std::vector<Token> tokens;
  bool ok = true;
  size_t error_position = 0;
  std::string error_message;
};

// Splits SQL text into tokens, skipping white space, `--` line comments and (nested)
// `/* */` block comments. "!=" becomes "<>" and "==" becomes "=". An unterminated string,
// quoted identifier or block comment, an empty quoted identifier and a byte that starts no
// token are errors at their start.
// Thread safety: a pure function.
LexResult Tokenize(std::string_view sql);

// True when `word` (lower case) is a reserved keyword: it cannot be a column name, an
// implicit alias (without AS) or a table alias.
bool IsReservedKeyword(std::string_view word);

}  // namespace tarn
