// The `tarn` command: an interactive SQL shell on a terminal, or a runner of SQL given
// with -c, in a script file, or piped on stdin. See kUsage for the options.

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cctype>

#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/crawler/crawler.h"
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
    "Usage: tarn [OPTIONS] [LAKE] [FILE.sql]\n"
    "       tarn [OPTIONS] [LAKE] crawl PATH [--database DB] [CRAWL OPTIONS]\n"
    "\n"
    "Runs SQL. With no FILE and no -c, starts an interactive shell when stdin is a\n"
    "terminal, or runs the SQL piped on stdin as a script. LAKE is a folder (created\n"
    "when absent) that keeps the catalog and managed tables across runs; without one\n"
    "the session is transient.\n"
    "\n"
    "Options:\n"
    "  --lake DIR          Open or create the lake folder DIR (the same as LAKE)\n"
    "  --catalog URL       Keep the lake's catalog in PostgreSQL\n"
    "                      (postgresql://user@host:5432/db) or another SQLite file\n"
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
    "crawl PATH: crawls the folder PATH into the lake's catalog and prints the report.\n"
    "  --database DB          Target database (default: default; created if absent)\n"
    "  --exclude GLOB         Skip paths matching GLOB (repeatable): *, **, ?, {a,b}\n"
    "  --table-prefix P       Prefix for the names of the tables it creates\n"
    "  --schema-change update|log\n"
    "                         Apply schema changes (default) or only report them\n"
    "  --new-folders-only     Read only folders the catalog does not know yet\n"
    "\n"
    "Exit status: 0 on success; 1 when a statement fails (-c, scripts and stdin stop at\n"
    "the first error and print 'Error: ...' on stderr) or a script cannot be read;\n"
    "2 on a usage error. Type .help in the shell for its dot commands.\n";

struct CrawlCommand {
  std::string path;
  std::string database = "default";
  std::vector<std::string> exclusions;
  std::string table_prefix;
  SchemaChangePolicy schema_change = SchemaChangePolicy::kUpdate;
  RecrawlPolicy recrawl = RecrawlPolicy::kEverything;
};

struct CommandLine {
  std::optional<std::string> lake;
  std::string catalog;
  std::optional<CrawlCommand> crawl;
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
    if (command_line->crawl.has_value()) {
      CrawlCommand& crawl = *command_line->crawl;
      std::string value;
      if (argument == "--database" || argument.starts_with("--database=")) {
        if (!take_value("--database", &crawl.database))
          return UsageError("--database needs a name");
      } else if (argument == "--exclude" || argument.starts_with("--exclude=")) {
        if (!take_value("--exclude", &value)) return UsageError("--exclude needs a glob");
        crawl.exclusions.push_back(value);
      } else if (argument == "--table-prefix" || argument.starts_with("--table-prefix=")) {
        if (!take_value("--table-prefix", &crawl.table_prefix)) {
          return UsageError("--table-prefix needs a value");
        }
      } else if (argument == "--schema-change" || argument.starts_with("--schema-change=")) {
        if (!take_value("--schema-change", &value) || (value != "update" && value != "log")) {
          return UsageError("--schema-change needs update or log");
        }
        crawl.schema_change =
            value == "log" ? SchemaChangePolicy::kLog : SchemaChangePolicy::kUpdate;
      } else if (argument == "--new-folders-only") {
        crawl.recrawl = RecrawlPolicy::kNewFoldersOnly;
      } else if (!argument.starts_with("-") && crawl.path.empty()) {
        crawl.path = std::string(argument);
      } else {
        return UsageError("unknown crawl argument \"" + std::string(argument) + "\"");
      }
      continue;
    }
    if (!options_ended && argument == "crawl" && !command_line->script.has_value()) {
      command_line->crawl = CrawlCommand();
      continue;
    }
    if (options_ended || argument == "-" || !argument.starts_with("-")) {
      // A folder, or a path that does not exist and is not a .sql file, is the lake.
      std::string path(argument);
      struct stat info;
      bool exists = ::stat(path.c_str(), &info) == 0;
      bool is_folder = exists && S_ISDIR(info.st_mode);
      bool looks_like_script = path == "-" || path.ends_with(".sql") || path.ends_with(".txt");
      if (!command_line->lake.has_value() && (is_folder || (!exists && !looks_like_script))) {
        command_line->lake = path;
        continue;
      }
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
    } else if (argument == "--lake" || argument.starts_with("--lake=")) {
      std::string value;
      if (!take_value("--lake", &value)) return UsageError("--lake needs a folder");
      command_line->lake = value;
    } else if (argument == "--catalog" || argument.starts_with("--catalog=")) {
      if (!take_value("--catalog", &command_line->catalog)) {
        return UsageError("--catalog needs a URL such as postgresql://user@host:5432/lake");
      }
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

  DatabaseOptions options;
  if (command_line.lake.has_value()) options.lake.path = *command_line.lake;
  options.lake.catalog = command_line.catalog;
  Database database(options);
  if (command_line.crawl.has_value()) {
    const CrawlCommand& crawl = *command_line.crawl;
    if (crawl.path.empty()) return UsageError("crawl needs the PATH of a folder to crawl");
    CrawlOptions crawl_options;
    crawl_options.path = crawl.path;
    crawl_options.database = crawl.database;
    crawl_options.exclusions = crawl.exclusions;
    crawl_options.table_prefix = crawl.table_prefix;
    crawl_options.schema_change = crawl.schema_change;
    crawl_options.recrawl = crawl.recrawl;
    crawl_options.crawler_name = "cli";
    Result<CrawlReport> report = Crawl(database.lake().store(), crawl_options);
    if (!report.ok()) {
      std::cerr << "Error: " << ErrorCodeName(report.status().code()) << ": "
                << report.status().message() << '\n';
      return kExitFailure;
    }
    std::cout << report->ToString();
    return kExitSuccess;
  }
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
