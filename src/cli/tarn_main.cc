// The `tarn` command: an interactive SQL shell on a terminal, or a runner of SQL given
// with -c, in a script file, or piped on stdin. See kUsage for the options.

#include <sys/ioctl.h>
#include <unistd.h>
#include <cctype>

#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "cli/result_printer.h"
#include "cli/shell.h"
#include "main/connection.h"
#include "main/database.h"

namespace tarn {
namespace {

constexpr int kExitSuccess = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr const char* kUsage =
    "Usage: tarn [OPTIONS] [FILE.sql]\n"
    "\n"
    "Runs SQL. With no FILE and no -c, starts an interactive shell when stdin is a\n"
    "terminal, or runs the SQL piped on stdin as a script.\n"
    "\n"
    "Options:\n"
    "  -c, --command SQL   Run SQL (statements and dot commands) and exit\n"
    "  --mode MODE         Output mode: table (default), csv, json, line\n"
    "  -table, -csv, -json, -line\n"
    "                      Short forms of --mode\n"
    "  -h, --help          Show this help and exit\n"
    "  --version           Show the version and exit\n"
    "\n"
    "Output modes:\n"
    "  table  a box with column names and types; numbers right-aligned; long values cut\n"
    "         with '…' to fit the terminal (120 columns when not a terminal); results of\n"
    "         more than 40 rows show the first and last 20 rows around a '·' row and a\n"
    "         footer such as '1000 rows (40 shown)'; an empty result prints '(0 rows)'\n"
    "  csv    header line, then RFC 4180 rows; NULL is an empty field, '' is \"\"\n"
    "  json   one JSON object per row (NDJSON); NULL, NaN and infinity are null\n"
    "  line   'column = value' lines, a blank line between rows\n"
    "Statements that return no columns (CREATE TABLE ...) print nothing.\n"
    "\n"
    "Exit status: 0 on success; 1 when a statement fails (-c, scripts and stdin stop at\n"
    "the first error and print 'Error: ...' on stderr) or a script cannot be read;\n"
    "2 on a usage error. Type .help in the shell for its dot commands.\n";

struct CommandLine {
  std::optional<std::string> command;
  std::optional<std::string> script;
  OutputMode mode = OutputMode::kTable;
  bool help = false;
  bool version = false;
};

int UsageError(const std::string& message) {
  std::cerr << "tarn: " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// Returns the parsed command line, or the exit status of a usage error.
std::optional<int> ParseCommandLine(int argc, char** argv, CommandLine* command_line) {
  bool options_ended = false;
  for (int i = 1; i < argc; i++) {
    std::string_view argument = argv[i];
    auto take_value = [&](std::string_view flag, std::string* value) -> bool {
      size_t equals = argument.find('=');
      if (argument.starts_with("--") && equals != std::string_view::npos) {
        *value = std::string(argument.substr(equals + 1));
        return true;
      }
      if (i + 1 >= argc) return false;
      *value = argv[++i];
      return true;
    };
    if (options_ended || argument == "-" || !argument.starts_with("-")) {
      if (command_line->script.has_value()) {
        return UsageError("more than one script given (\"" + *command_line->script + "\" and \"" +
                          std::string(argument) + "\")");
      }
      command_line->script = std::string(argument);
      continue;
    }
    if (argument == "--") {
      options_ended = true;
    } else if (argument == "-h" || argument == "--help" || argument == "-help") {
      command_line->help = true;
    } else if (argument == "--version" || argument == "-version") {
      command_line->version = true;
    } else if (argument == "-c" || argument == "--command" || argument.starts_with("--command=")) {
      std::string value;
      if (!take_value("--command", &value)) return UsageError("-c needs an SQL argument");
      if (command_line->command.has_value()) {
        // Each -c piece is a complete unit: end an SQL piece before the next one starts.
        std::string previous = *command_line->command;
        while (!previous.empty() && std::isspace(static_cast<unsigned char>(previous.back()))) {
          previous.pop_back();
        }
        size_t first = previous.find_first_not_of(" \t\r\n");
        bool is_dot_command = first != std::string::npos && previous[first] == '.' &&
                              previous.find('\n') == std::string::npos;
        if (!previous.empty() && previous.back() != ';' && !is_dot_command) previous += ';';
        command_line->command = previous + "\n" + value;
      } else {
        command_line->command = value;
      }
    } else if (argument == "--mode" || argument == "-mode" || argument.starts_with("--mode=")) {
      std::string value;
      if (!take_value("--mode", &value)) return UsageError("--mode needs a value");
      std::optional<OutputMode> mode = ParseOutputMode(value);
      if (!mode) {
        return UsageError("unknown output mode \"" + value + "\" (use table, csv, json or line)");
      }
      command_line->mode = *mode;
    } else if (argument == "-csv" || argument == "--csv") {
      command_line->mode = OutputMode::kCsv;
    } else if (argument == "-json" || argument == "--json") {
      command_line->mode = OutputMode::kJson;
    } else if (argument == "-table" || argument == "--table" || argument == "-box") {
      command_line->mode = OutputMode::kTable;
    } else if (argument == "-line" || argument == "--line") {
      command_line->mode = OutputMode::kLine;
    } else {
      return UsageError("unknown option \"" + std::string(argument) + "\"");
    }
  }
  if (command_line->command.has_value() && command_line->script.has_value()) {
    return UsageError("give either -c SQL or a script file, not both");
  }
  return std::nullopt;
}

size_t StdoutWidth() {
  struct winsize size;
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  return 120;
}

int Run(int argc, char** argv) {
  CommandLine command_line;
  if (std::optional<int> status = ParseCommandLine(argc, argv, &command_line)) return *status;
  if (command_line.help) {
    std::cout << kUsage;
    return kExitSuccess;
  }
  if (command_line.version) {
    std::cout << "tarn " << kTarnVersion << '\n';
    return kExitSuccess;
  }

  PrintOptions print_options;
  print_options.mode = command_line.mode;
  print_options.max_width = StdoutWidth();

  Database database;
  Connection connection(database);
  Shell shell(connection, print_options, std::cout, std::cerr);

  if (command_line.command.has_value()) {
    return shell.RunText(*command_line.command) ? kExitSuccess : kExitFailure;
  }
  if (command_line.script.has_value() && *command_line.script != "-") {
    return shell.RunFile(*command_line.script) ? kExitSuccess : kExitFailure;
  }
  if (!command_line.script.has_value() && ::isatty(STDIN_FILENO)) {
    return shell.RunInteractive();
  }
  return shell.RunScript(std::cin) ? kExitSuccess : kExitFailure;
}

}  // namespace
}  // namespace tarn

int main(int argc, char** argv) {
  try {
    return tarn::Run(argc, argv);
  } catch (const std::exception& exception) {
    std::cout.flush();
    std::cerr << "Error: " << exception.what() << '\n';
    return 1;
  }
}
