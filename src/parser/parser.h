#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "parser/ast.h"

namespace tarn {

// Parses a string of one or more ';'-separated SQL statements. On a syntax error the
// Status (code kSyntax) message names the problem and shows the offending line with a
// caret under the position, for example:
//   syntax error at or near "FORM"
//   LINE 1: SELECT a FORM t
//                    ^
// Thread safety: stateless; may be called from any thread.
Result<std::vector<std::unique_ptr<Statement>>> ParseSql(std::string_view sql);

// Formats an error message that points at byte `position` of `sql` with a caret, in the
// same layout as syntax errors (used by the binder for unknown names).
std::string FormatErrorAtPosition(std::string_view sql, size_t position,
                                  const std::string& message);

// True when `sql` ends inside a statement (no terminating ';' outside quotes and
// comments): the shell keeps reading lines until this is false.
bool IsIncompleteStatement(std::string_view sql);

}  // namespace tarn
