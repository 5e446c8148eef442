#include "cli/shell.h"

#include <fcntl.h>
#include <histedit.h>
#include <langinfo.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/progress_bar.h"
#include "parser/parser.h"

namespace tarn {

namespace {

constexpr const char* kPrompt = "tarn> ";
constexpr const char* kContinuationPrompt = "  ...> ";
constexpr auto kProgressDelay = std::chrono::seconds(2);
constexpr int kPollMilliseconds = 100;
constexpr int kMaximumReadDepth = 16;

constexpr const char* kHelpText =
    "SQL statements end with ';' and may span several lines.\n"
    "Dot commands (one per line):\n"
    "  .help                  Show this help\n"
    "  .tables                List tables and views (SHOW TABLES)\n"
    "  .schema [TABLE]        Describe TABLE, or every table\n"
    "  .mode [table|csv|json|line]\n"
    "                         Set (or show) how results are printed\n"
    "  .timer on|off          Print the run time of each statement\n"
    "  .read FILE             Run the SQL script in FILE\n"
    "  .print TEXT            Print TEXT\n"
    "  .quit, .exit           Leave the shell (Ctrl-D also does)\n"
    "Ctrl-C cancels the running query, or clears the line being typed.\n";

// Written by the SIGINT handler, read by whoever waits: the line editor at the prompt,
// the waiting loop while a query runs.
int g_interrupt_pipe[2] = {-1, -1};

void HandleInterrupt(int) {
  int saved_errno = errno;
  if (g_interrupt_pipe[1] >= 0) {
    if (::write(g_interrupt_pipe[1], "i", 1) < 0) {
      // A full pipe already holds a pending interrupt.
    }
  }
  errno = saved_errno;
}

void DrainInterruptPipe() {
  if (g_interrupt_pipe[0] < 0) return;
  char buffer[64];
  while (::read(g_interrupt_pipe[0], buffer, sizeof(buffer)) > 0) {
  }
}

size_t TerminalWidth(int file_descriptor, size_t fallback) {
  struct winsize size;
  if (::isatty(file_descriptor) && ::ioctl(file_descriptor, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  return fallback;
}

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  return text;
}

std::string_view Trim(std::string_view text) {
  text = TrimLeft(text);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string result(text);
  for (auto& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

std::string QuoteIdentifier(std::string_view name) {
  std::string result = "\"";
  for (char c : name) {
    if (c == '"') result += '"';
    result += c;
  }
  return result + "\"";
}

}  // namespace

// The libedit state of one interactive session: the editor, its history and the flag the
// character reader raises when Ctrl-C should discard the line being typed.
struct ShellLineEditor {
  ShellLineEditor() {
    editor = el_init("tarn", stdin, stdout, stderr);
    if (editor == nullptr) return;
    el_set(editor, EL_CLIENTDATA, this);
    el_set(editor, EL_PROMPT, &ShellLineEditor::Prompt);
    el_set(editor, EL_EDITOR, "emacs");
    el_set(editor, EL_SIGNAL, 0);
    el_set(editor, EL_GETCFN, &ShellLineEditor::ReadCharacter);
    history = history_init();
    if (history != nullptr) {
      HistEvent event;
      ::history(history, &event, H_SETSIZE, 2000);
      ::history(history, &event, H_SETUNIQUE, 1);
      el_set(editor, EL_HIST, ::history, history);
      if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        history_path = std::string(home) + "/.tarn_history";
        ::history(history, &event, H_LOAD, history_path.c_str());
      }
    }
    el_source(editor, nullptr);
  }

  ~ShellLineEditor() {
    if (history != nullptr) history_end(history);
    if (editor != nullptr) el_end(editor);
  }

  ShellLineEditor(const ShellLineEditor&) = delete;
  ShellLineEditor& operator=(const ShellLineEditor&) = delete;

  void AddHistory(std::string entry) {
    if (history == nullptr) return;
    for (auto& c : entry) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    entry = std::string(Trim(entry));
    if (entry.empty()) return;
    HistEvent event;
    ::history(history, &event, H_ENTER, entry.c_str());
    // An unwritable history file is not worth a message on every line.
    if (!history_path.empty()) ::history(history, &event, H_SAVE, history_path.c_str());
  }

  static ShellLineEditor* From(EditLine* editor) {
    void* data = nullptr;
    el_get(editor, EL_CLIENTDATA, &data);
    return static_cast<ShellLineEditor*>(data);
  }

  static char* Prompt(EditLine* editor) { return From(editor)->prompt.data(); }

  // Reads one character from the terminal, waiting on the interrupt pipe at the same time
  // so that Ctrl-C ends the line (the shell then discards it) instead of the process.
  static int ReadCharacter(EditLine* editor, wchar_t* character) {
    ShellLineEditor* self = From(editor);
    unsigned char bytes[4];
    size_t have = 0;
    size_t need = 1;
    while (have < need) {
      struct pollfd descriptors[2] = {{STDIN_FILENO, POLLIN, 0}, {g_interrupt_pipe[0], POLLIN, 0}};
      int ready = ::poll(descriptors, g_interrupt_pipe[0] >= 0 ? 2 : 1, -1);
      if (ready < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      if (g_interrupt_pipe[0] >= 0 && (descriptors[1].revents & POLLIN)) {
        DrainInterruptPipe();
        self->cancelled = true;
        *character = L'\n';
        return 1;
      }
      if (descriptors[0].revents == 0) continue;
      ssize_t count = ::read(STDIN_FILENO, bytes + have, 1);
      if (count < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return -1;
      }
      if (count == 0) return 0;
      if (have == 0) {
        unsigned char lead = bytes[0];
        if (lead == 0x03) {  // Ctrl-C arriving as a byte when the terminal does not signal.
          self->cancelled = true;
          *character = L'\n';
          return 1;
        }
        if ((lead & 0xE0) == 0xC0) {
          need = 2;
        } else if ((lead & 0xF0) == 0xE0) {
          need = 3;
        } else if ((lead & 0xF8) == 0xF0) {
          need = 4;
        }
      } else if ((bytes[have] & 0xC0) != 0x80) {
        // A broken sequence: hand over the lead byte as is.
        *character = static_cast<wchar_t>(bytes[0]);
        return 1;
      }
      have++;
    }
    uint32_t value;
    if (need == 1) {
      value = bytes[0];
    } else {
      value = bytes[0] & (need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07);
      for (size_t i = 1; i < need; i++) value = (value << 6) | (bytes[i] & 0x3F);
    }
    *character = static_cast<wchar_t>(value);
    return 1;
  }

  EditLine* editor = nullptr;
  History* history = nullptr;
  std::string history_path;
  std::string prompt = kPrompt;
  bool cancelled = false;
};

bool ContainsSql(std::string_view sql) {
  size_t position = 0;
  while (position < sql.size()) {
    char c = sql[position];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      position++;
    } else if (sql.substr(position, 2) == "--") {
      size_t end = sql.find('\n', position);
      position = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(position, 2) == "/*") {
      size_t end = sql.find("*/", position + 2);
      // An unterminated comment is for the parser to report.
      if (end == std::string_view::npos) return true;
      position = end + 2;
    } else {
      return true;
    }
  }
  return false;
}

std::vector<std::string> SplitCommandLine(std::string_view line) {
  std::vector<std::string> words;
  size_t position = 0;
  while (position < line.size()) {
    while (position < line.size() && std::isspace(static_cast<unsigned char>(line[position]))) {
      position++;
    }
    if (position >= line.size()) break;
    std::string word;
    char quote = line[position];
    if (quote == '\'' || quote == '"') {
      position++;
      while (position < line.size() && line[position] != quote) word += line[position++];
      if (position < line.size()) position++;
    } else {
      while (position < line.size() && !std::isspace(static_cast<unsigned char>(line[position]))) {
        word += line[position++];
      }
    }
    words.push_back(std::move(word));
  }
  return words;
}

Shell::Shell(Connection& connection, PrintOptions print_options, std::ostream& out,
             std::ostream& error)
    : connection_(connection), print_options_(print_options), out_(out), error_(error) {}

bool Shell::RunText(std::string_view text) {
  std::istringstream input{std::string(text)};
  return RunScriptLines(input) != Outcome::kError;
}

bool Shell::RunScript(std::istream& input) { return RunScriptLines(input) != Outcome::kError; }

bool Shell::RunFile(const std::string& path) {
  std::error_code error_code;
  if (std::filesystem::is_directory(path, error_code)) {
    ReportError("cannot read script \"" + path + "\": it is a directory");
    return false;
  }
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    ReportError("cannot open script \"" + path + "\": " + std::strerror(errno));
    return false;
  }
  if (read_depth_ >= kMaximumReadDepth) {
    ReportError(".read nested more than " + std::to_string(kMaximumReadDepth) + " deep");
    return false;
  }
  read_depth_++;
  Outcome outcome = RunScriptLines(input);
  read_depth_--;
  return outcome != Outcome::kError;
}

Shell::Outcome Shell::RunScriptLines(std::istream& input) {
  std::string buffer;
  std::string line;
  while (!quit_requested_ && std::getline(input, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!ContainsSql(buffer)) {
      std::string_view trimmed = Trim(line);
      if (!trimmed.empty() && trimmed.front() == '.') {
        buffer.clear();
        Outcome outcome = RunDotCommand(trimmed);
        if (outcome != Outcome::kOk) return outcome;
        continue;
      }
    }
    buffer += line;
    buffer += '\n';
    if (!IsIncompleteStatement(buffer)) {
      if (ContainsSql(buffer) && !RunSql(buffer)) return Outcome::kError;
      buffer.clear();
    }
  }
  if (quit_requested_) return Outcome::kQuit;
  // A last statement without its ';' still runs, as in other SQL shells.
  if (ContainsSql(buffer) && !RunSql(buffer)) return Outcome::kError;
  return Outcome::kOk;
}

Shell::Outcome Shell::RunDotCommand(std::string_view line) {
  std::vector<std::string> words = SplitCommandLine(line.substr(1));
  if (words.empty()) {
    ReportError("empty dot command; type .help for the list of commands");
    return Outcome::kError;
  }
  std::string command = Lower(words[0]);
  std::vector<std::string> arguments(words.begin() + 1, words.end());
  auto usage_error = [&](const std::string& usage) {
    ReportError("usage: " + usage);
    return Outcome::kError;
  };

  if (command == "help") {
    out_ << kHelpText;
    out_.flush();
    return Outcome::kOk;
  }
  if (command == "quit" || command == "exit") {
    quit_requested_ = true;
    return Outcome::kQuit;
  }
  if (command == "tables") {
    if (!arguments.empty()) return usage_error(".tables");
    return RunSql("SHOW TABLES") ? Outcome::kOk : Outcome::kError;
  }
  if (command == "schema") {
    if (arguments.size() > 1) return usage_error(".schema [TABLE]");
    return ShowSchema(arguments) ? Outcome::kOk : Outcome::kError;
  }
  if (command == "mode") {
    if (arguments.empty()) {
      out_ << "current output mode: " << OutputModeName(print_options_.mode) << '\n';
      out_.flush();
      return Outcome::kOk;
    }
    if (arguments.size() > 1) return usage_error(".mode table|csv|json|line");
    std::optional<OutputMode> mode = ParseOutputMode(arguments[0]);
    if (!mode) {
      ReportError("unknown output mode \"" + arguments[0] + "\"; use table, csv, json or line");
      return Outcome::kError;
    }
    print_options_.mode = *mode;
    return Outcome::kOk;
  }
  if (command == "timer") {
    if (arguments.size() != 1) return usage_error(".timer on|off");
    std::string setting = Lower(arguments[0]);
    if (setting == "on" || setting == "true" || setting == "1") {
      timer_ = true;
    } else if (setting == "off" || setting == "false" || setting == "0") {
      timer_ = false;
    } else {
      return usage_error(".timer on|off");
    }
    return Outcome::kOk;
  }
  if (command == "read") {
    if (arguments.size() != 1) return usage_error(".read FILE");
    bool ok = RunFile(arguments[0]);
    if (quit_requested_) return Outcome::kQuit;
    return ok ? Outcome::kOk : Outcome::kError;
  }
  if (command == "print") {
    std::string_view rest = line.substr(1);
    size_t space = rest.find_first_of(" \t");
    rest = space == std::string_view::npos ? std::string_view() : TrimLeft(rest.substr(space));
    out_ << rest << '\n';
    out_.flush();
    return Outcome::kOk;
  }
  ReportError("unknown command \"." + words[0] + "\"; type .help for the list of commands");
  return Outcome::kError;
}

bool Shell::ShowSchema(const std::vector<std::string>& arguments) {
  if (!arguments.empty()) return RunSql("DESCRIBE " + QuoteIdentifier(arguments[0]) + ";");
  std::vector<std::unique_ptr<QueryResult>> tables = Execute("SHOW TABLES");
  if (tables.empty() || tables.back() == nullptr) return true;
  const QueryResult& list = *tables.back();
  if (list.HasError()) {
    ReportError(list.FormattedError());
    return false;
  }
  if (list.ColumnCount() == 0) return true;
  for (idx_t row = 0; row < list.RowCount(); row++) {
    Value name = list.GetValue(0, row);
    if (name.is_null()) continue;
    out_ << "-- " << name.ToString() << '\n';
    if (!RunSql("DESCRIBE " + QuoteIdentifier(name.ToString()) + ";")) return false;
  }
  return true;
}

bool Shell::RunSql(std::string_view sql) {
  auto start = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<QueryResult>> results =
      interactive_ ? ExecuteInterruptibly(sql) : Execute(sql);
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  for (const auto& result : results) {
    if (result == nullptr) continue;
    if (result->HasError()) {
      ReportError(result->FormattedError());
      return false;
    }
    PrintResult(*result);
  }
  if (timer_) {
    std::ostringstream text;
    text << "Run Time: " << std::fixed << std::setprecision(3) << elapsed.count() << " s\n";
    out_ << text.str();
    out_.flush();
  }
  return true;
}

std::vector<std::unique_ptr<QueryResult>> Shell::Execute(std::string_view sql) {
  std::vector<std::unique_ptr<QueryResult>> results;
  try {
    results = connection_.QueryAll(sql);
  } catch (const std::exception& exception) {
    // Connection promises not to throw; if it does, report it rather than die.
    results.clear();
    results.push_back(QueryResult::Error(ErrorCode::kInternal, exception.what()));
  }
  return results;
}

std::vector<std::unique_ptr<QueryResult>> Shell::ExecuteInterruptibly(std::string_view sql) {
  int done_pipe[2];
  if (::pipe2(done_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return Execute(sql);
  DrainInterruptPipe();

  std::vector<std::unique_ptr<QueryResult>> results;
  std::thread worker([&] {
    // Signals go to the waiting thread, so that the query's system calls are not disturbed.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    results = Execute(sql);
    if (::write(done_pipe[1], "d", 1) < 0) {
      // The waiting loop also notices completion through the join below.
    }
  });

  const auto start = std::chrono::steady_clock::now();
  const bool show_progress = ::isatty(STDERR_FILENO);
  ProgressBar progress_bar(STDERR_FILENO, TerminalWidth(STDERR_FILENO, 80));
  while (true) {
    struct pollfd descriptors[2] = {{done_pipe[0], POLLIN, 0}, {g_interrupt_pipe[0], POLLIN, 0}};
    int ready = ::poll(descriptors, g_interrupt_pipe[0] >= 0 ? 2 : 1, kPollMilliseconds);
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0 && (descriptors[0].revents & (POLLIN | POLLHUP))) break;
    if (ready > 0 && g_interrupt_pipe[0] >= 0 && (descriptors[1].revents & POLLIN)) {
      DrainInterruptPipe();
      connection_.Interrupt();
    }
    if (show_progress && std::chrono::steady_clock::now() - start >= kProgressDelay) {
      double progress = connection_.Progress();
      if (progress >= 0) progress_bar.Update(progress);
    }
  }
  worker.join();
  progress_bar.Clear();
  ::close(done_pipe[0]);
  ::close(done_pipe[1]);
  return results;
}

void Shell::PrintResult(const QueryResult& result) {
  PrintOptions options = print_options_;
  if (interactive_) options.max_width = OutputWidth();
  ResultPrinter(options).Print(result, out_);
  out_.flush();
}

size_t Shell::OutputWidth() const { return TerminalWidth(STDOUT_FILENO, print_options_.max_width); }

void Shell::ReportError(const std::string& message) {
  out_.flush();
  error_ << "Error: " << message << '\n';
  error_.flush();
}

int Shell::RunInteractive() {
  interactive_ = true;
  if (g_interrupt_pipe[0] < 0 && ::pipe2(g_interrupt_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    g_interrupt_pipe[0] = g_interrupt_pipe[1] = -1;
  }
  struct sigaction action;
  struct sigaction previous;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = &HandleInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, &previous);

  // libedit decodes typed characters with the locale's character set; without a UTF-8
  // locale non-ASCII input would be lost.
  if (std::setlocale(LC_CTYPE, "") == nullptr || std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
    std::setlocale(LC_CTYPE, "C.UTF-8");
  }
  ShellLineEditor editor;
  if (editor.editor == nullptr) {
    error_ << "Error: cannot initialize line editing; reading the terminal as a script\n";
    ::sigaction(SIGINT, &previous, nullptr);
    interactive_ = false;
    return RunScript(std::cin) ? 0 : 1;
  }

  out_ << "tarn " << kTarnVersion << "\nEnter \".help\" for usage hints, Ctrl-D to exit.\n";
  out_.flush();
  std::string buffer;
  while (!quit_requested_) {
    editor.prompt = buffer.empty() ? kPrompt : kContinuationPrompt;
    DrainInterruptPipe();
    editor.cancelled = false;
    int count = 0;
    // Enter editing mode before the prompt shows, so that lines typed ahead are not echoed
    // twice (once by the terminal, once by the editor).
    el_set(editor.editor, EL_PREP_TERM, 1);
    const char* raw_line = el_gets(editor.editor, &count);
    if (editor.cancelled) {
      buffer.clear();
      continue;
    }
    if (raw_line == nullptr || count <= 0) {
      out_ << '\n';
      break;
    }
    std::string line(raw_line, static_cast<size_t>(count));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();

    if (!ContainsSql(buffer)) {
      std::string_view trimmed = Trim(line);
      if (!trimmed.empty() && trimmed.front() == '.') {
        editor.AddHistory(std::string(trimmed));
        buffer.clear();
        if (RunDotCommand(trimmed) == Outcome::kQuit) break;
        continue;
      }
      if (trimmed.empty() && buffer.empty()) continue;
    }
    buffer += line;
    buffer += '\n';
    if (!IsIncompleteStatement(buffer)) {
      editor.AddHistory(buffer);
      if (ContainsSql(buffer)) RunSql(buffer);
      buffer.clear();
    }
  }
  out_.flush();
  ::sigaction(SIGINT, &previous, nullptr);
  return 0;
}

}  // namespace tarn
