#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "cli/result_printer.h"
#include "main/connection.h"

namespace tarn {

inline constexpr const char* kTarnVersion = "0.1.0";

// Shell is the `tarn` command's front end over one Connection: it reads SQL and dot
// commands (from -c text, a script, piped stdin, or an interactive terminal), runs them,
// and prints results with a ResultPrinter. It holds no query logic.
//
// Scripts (-c, files, piped stdin) stop at the first failing statement or dot command and
// report `Error: <message>` on the error stream. The interactive shell reports errors and
// carries on; it edits lines with libedit, keeps history in ~/.tarn_history, runs each
// query on a worker thread so that Ctrl-C interrupts the query (not the shell) and so that
// a progress bar can be drawn for long queries.
//
// Thread safety: one thread drives a Shell. Ownership: borrows the Connection and streams.
class Shell {
 public:
  Shell(Connection& connection, PrintOptions print_options, std::ostream& out, std::ostream& error);

  // Runs `text` (SQL statements and dot commands, as in a script). Returns true when
  // everything succeeded.
  bool RunText(std::string_view text);
  // Runs a script read from `input`. Returns true when everything succeeded (a .quit ends
  // the script successfully).
  bool RunScript(std::istream& input);
  // Runs a script file; a file that does not open is reported as an error.
  bool RunFile(const std::string& path);
  // The interactive shell on the terminal at stdin; returns the process exit status.
  int RunInteractive();

  PrintOptions& print_options() { return print_options_; }
  bool quit_requested() const { return quit_requested_; }

 private:
  enum class Outcome { kOk, kError, kQuit };

  Outcome RunScriptLines(std::istream& input);
  Outcome RunDotCommand(std::string_view line);
  // Runs every statement in `sql`, printing each result; returns false on an error.
  bool RunSql(std::string_view sql);
  std::vector<std::unique_ptr<QueryResult>> Execute(std::string_view sql);
  std::vector<std::unique_ptr<QueryResult>> ExecuteInterruptibly(std::string_view sql);
  void PrintResult(const QueryResult& result);
  void ReportError(const std::string& message);
  bool ShowSchema(const std::vector<std::string>& arguments);
  size_t OutputWidth() const;

  Connection& connection_;
  PrintOptions print_options_;
  std::ostream& out_;
  std::ostream& error_;
  bool interactive_ = false;
  bool timer_ = false;
  bool quit_requested_ = false;
  int read_depth_ = 0;
};

// True when `sql` holds anything but whitespace and comments.
bool ContainsSql(std::string_view sql);
// Splits a dot command line into words; single or double quotes group words with spaces.
std::vector<std::string> SplitCommandLine(std::string_view line);

}  // namespace tarn
