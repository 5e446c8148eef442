#include "formats/format_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "storage/file_system.h"
#include "types/numeric.h"

namespace tarn {

namespace {

constexpr size_t kBufferSize = 1 << 20;

}  // namespace

std::string OptionDisplayName(const std::string& name) {
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

Result<bool> WriterOptionBool(const WriterOption& option) {
  if (!option.value) return true;
  const Value& value = *option.value;
  if (!value.is_null()) {
    if (value.type().id() == TypeId::kBoolean) return value.GetBoolean();
    std::string text = value.ToString();
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == "true" || text == "1" || text == "on" || text == "yes") return true;
    if (text == "false" || text == "0" || text == "off" || text == "no") return false;
  }
  return Status::Error(ErrorCode::kInvalidOption, "option " + OptionDisplayName(option.name) +
                                                      " expects true or false, got " +
                                                      value.ToSqlLiteral());
}

Result<std::string> WriterOptionString(const WriterOption& option) {
  if (!option.value || option.value->is_null()) {
    return Status::Error(ErrorCode::kInvalidOption,
                         "option " + OptionDisplayName(option.name) + " needs a value");
  }
  return option.value->ToString();
}

Result<int64_t> WriterOptionInteger(const WriterOption& option) {
  if (option.value && !option.value->is_null()) {
    TypeId id = option.value->type().id();
    if (id == TypeId::kBigint || id == TypeId::kInteger) return option.value->GetBigint();
    int64_t parsed = 0;
    std::string text = option.value->ToString();
    if (id == TypeId::kVarchar && numeric::TryParseInt64(text, &parsed)) return parsed;
  }
  return Status::Error(ErrorCode::kInvalidOption,
                       "option " + OptionDisplayName(option.name) + " expects an integer, got " +
                           (option.value ? option.value->ToSqlLiteral() : std::string("nothing")));
}

Status UnknownWriterOption(const std::string& format, const WriterOption& option,
                           const std::string& known) {
  return Status::Error(ErrorCode::kInvalidOption,
                       "unknown option " + OptionDisplayName(option.name) + " for FORMAT " +
                           format + "; options: " + known +
                           " (COPY also takes FORMAT, PARTITION_BY, "
                           "OVERWRITE_OR_IGNORE, APPEND)");
}

OutputFile::~OutputFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

Result<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (descriptor < 0) return IoErrorFromErrno("Cannot create file", path, errno);
  return std::unique_ptr<OutputFile>(new OutputFile(path, descriptor));
}

void OutputFile::Write(std::string_view bytes) {
  offset_ += bytes.size();
  if (buffer_.size() + bytes.size() > kBufferSize) Flush();
  if (bytes.size() >= kBufferSize) {
    buffer_.append(bytes);
    Flush();
    return;
  }
  buffer_.append(bytes);
}

void OutputFile::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    if (descriptor_ < 0) ThrowError(ErrorCode::kIo, "write to closed file \"" + path_ + "\"");
    ssize_t written = ::write(descriptor_, buffer_.data() + done, buffer_.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      IoErrorFromErrno("Cannot write file", path_, errno).ThrowIfError();
    }
    done += static_cast<size_t>(written);
  }
  buffer_.clear();
}

void OutputFile::Close() {
  Flush();
  if (::fsync(descriptor_) != 0) IoErrorFromErrno("Cannot sync file", path_, errno).ThrowIfError();
  int descriptor = descriptor_;
  descriptor_ = -1;
  if (::close(descriptor) != 0) IoErrorFromErrno("Cannot close file", path_, errno).ThrowIfError();
}

}  // namespace tarn
