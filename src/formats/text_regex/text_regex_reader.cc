#include "formats/text_regex/text_regex_reader.h"

#include <algorithm>
#include <cstring>

#include "formats/text_regex/apache_log.h"
#include "function/cast.h"

namespace tarn {

namespace {

constexpr size_t kReadBlock = 1 << 20;

// Apache log columns, by position in ApacheLogColumnNames().
enum ApacheColumn : size_t {
  kClientIp,
  kIdentity,
  kUserId,
  kTime,
  kMethod,
  kRequestPath,
  kProtocol,
  kStatus,
  kBytes,
  kReferer,
  kUserAgent,
};

std::string_view View(const re2::StringPiece& piece) {
  return std::string_view(piece.data(), piece.size());
}

// A value as it appears in a message: quoted, shortened, control bytes escaped.
std::string QuoteText(std::string_view text) {
  constexpr size_t kLimit = 60;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kLimit; i++) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kLimit) out += "...";
  return out + "'";
}

}  // namespace

TextRegexScanner::TextRegexScanner(const TextRegexPlan& plan, std::string path, uint64_t start,
                                   uint64_t end, const std::vector<idx_t>& output_columns)
    : plan_(plan),
      path_(std::move(path)),
      range_start_(start),
      range_end_(end),
      output_columns_(output_columns) {}

TextRegexScanner::~TextRegexScanner() = default;

Result<std::unique_ptr<TextRegexScanner>> TextRegexScanner::Open(
    const TextRegexPlan& plan, const std::string& path, uint64_t start, uint64_t end,
    const std::vector<idx_t>& output_columns) {
  std::unique_ptr<TextRegexScanner> scanner(
      new TextRegexScanner(plan, path, start, end, output_columns));
  TARN_RETURN_IF_ERROR(scanner->Initialize());
  return scanner;
}

Status TextRegexScanner::Initialize() {
  for (idx_t column : output_columns_) {
    TARN_CHECK(column < plan_.types.size(), "text scan column out of range");
    const LogicalType& type = plan_.types[column];
    Conversion conversion = Conversion::kCast;
    if (type.id() == TypeId::kVarchar) {
      conversion = Conversion::kText;
    } else if (plan_.layout == TextLineLayout::kApacheLog && column == kTime &&
               type.id() == TypeId::kTimestamp) {
      conversion = Conversion::kApacheTime;
    }
    conversions_.push_back(conversion);
    staging_.emplace_back(LogicalType(TypeId::kVarchar));
  }
  fields_.assign(plan_.names.size(), std::nullopt);
  int groups = plan_.pattern ? plan_.pattern->NumberOfCapturingGroups() : 0;
  groups_.assign(static_cast<size_t>(std::max(groups, 0)) + 1, re2::StringPiece());
  row_lines_.assign(kVectorSize, 0);
  row_offsets_.assign(kVectorSize, 0);
  buffer_.resize(kReadBlock);
  if (range_start_ == 0 && range_end_ == kEndOfFile) {
    TARN_ASSIGN_OR_RETURN(stream_, OpenInputStream(path_, plan_.compression));
    return Status::Ok();
  }
  TARN_ASSIGN_OR_RETURN(file_, RandomAccessFile::Open(path_));
  if (range_start_ == 0) return Status::Ok();
  // The line that crosses range_start_ belongs to the previous range; a line break just
  // before range_start_ means a line starts exactly there.
  read_offset_ = range_start_ - 1;
  buffer_offset_ = read_offset_;
  std::string_view line;
  uint64_t offset = 0;
  if (!ReadLine(&line, &offset)) finished_ = true;
  return Status::Ok();
}

uint64_t TextRegexScanner::BytesConsumed() const {
  if (stream_) return stream_->SourceBytesRead();
  return read_offset_ - std::min(read_offset_, range_start_);
}

bool TextRegexScanner::ReadMore() {
  if (source_exhausted_) return false;
  if (position_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + position_, size_ - position_);
    buffer_offset_ += position_;
    size_ -= position_;
    searched_ -= position_;
    position_ = 0;
  }
  if (buffer_.size() - size_ < kReadBlock / 2) buffer_.resize(buffer_.size() * 2);
  size_t count = 0;
  if (stream_) {
    count = stream_->Read(buffer_.data() + size_, buffer_.size() - size_).ValueOrThrow();
  } else {
    count =
        file_->ReadAt(read_offset_, buffer_.data() + size_, buffer_.size() - size_).ValueOrThrow();
    read_offset_ += count;
  }
  if (count == 0) {
    source_exhausted_ = true;
    return false;
  }
  size_ += count;
  return true;
}

bool TextRegexScanner::ReadLine(std::string_view* line, uint64_t* offset) {
  while (true) {
    const char* begin = buffer_.data();
    const void* found =
        searched_ < size_ ? std::memchr(begin + searched_, '\n', size_ - searched_) : nullptr;
    size_t line_end = 0;
    size_t next = 0;
    if (found != nullptr) {
      line_end = static_cast<size_t>(static_cast<const char*>(found) - begin);
      next = line_end + 1;
    } else {
      searched_ = size_;
      if (size_ - position_ > plan_.max_line_size) {
        ThrowError(ErrorCode::kInvalidInput,
                   plan_.function_name + ": \"" + path_ + "\" has a line longer than " +
                       std::to_string(plan_.max_line_size) + " bytes at byte offset " +
                       std::to_string(buffer_offset_ + position_) +
                       " (raise max_line_size if this is intended)");
      }
      if (ReadMore()) continue;
      if (position_ == size_) return false;
      line_end = size_;
      next = size_;
    }
    *offset = buffer_offset_ + position_;
    *line = std::string_view(begin + position_, line_end - position_);
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    position_ = next;
    searched_ = next;
    return true;
  }
}

bool TextRegexScanner::NextLine(std::string_view* line, uint64_t* offset) {
  if (finished_) return false;
  if (!ReadLine(line, offset) || *offset >= range_end_) {
    finished_ = true;
    return false;
  }
  lines_read_++;
  return true;
}

bool TextRegexScanner::ParseLine(std::string_view line) {
  std::fill(fields_.begin(), fields_.end(), std::nullopt);
  const int group_count = static_cast<int>(groups_.size());
  if (!plan_.pattern->Match(re2::StringPiece(line.data(), line.size()), 0, line.size(),
                            RE2::ANCHOR_BOTH, groups_.data(), group_count)) {
    return false;
  }
  auto group = [this](size_t index) -> std::optional<std::string_view> {
    if (index >= groups_.size() || groups_[index].data() == nullptr) return std::nullopt;
    return View(groups_[index]);
  };
  if (plan_.layout == TextLineLayout::kRegex) {
    for (size_t c = 0; c < fields_.size(); c++) fields_[c] = group(c + 1);
    return true;
  }
  fields_[kClientIp] = group(1);
  fields_[kIdentity] = group(2);
  fields_[kUserId] = group(3);
  fields_[kTime] = group(4);
  std::string_view request = group(5).value_or("");
  if (!request.empty() && request != "-") {
    size_t first_space = request.find(' ');
    size_t last_space = request.rfind(' ');
    if (first_space == std::string_view::npos) {
      fields_[kRequestPath] = request;
    } else if (first_space == last_space || request.substr(last_space + 1).rfind("HTTP/", 0) != 0) {
      fields_[kMethod] = request.substr(0, first_space);
      fields_[kRequestPath] = request.substr(first_space + 1);
    } else {
      fields_[kMethod] = request.substr(0, first_space);
      fields_[kRequestPath] = request.substr(first_space + 1, last_space - first_space - 1);
      fields_[kProtocol] = request.substr(last_space + 1);
    }
  }
  fields_[kStatus] = group(6);
  auto bytes = group(7);
  if (bytes && *bytes != "-") fields_[kBytes] = bytes;
  fields_[kReferer] = group(8);
  fields_[kUserAgent] = group(9);
  return true;
}

uint64_t TextRegexScanner::LineNumberOf(idx_t row) const {
  uint64_t line_in_range = row_lines_[row];
  if (range_start_ == 0) return line_in_range;
  // Count the line breaks before this range's first line; only on the error path.
  uint64_t first_offset = row_offsets_[row];
  uint64_t before = 0;
  std::string block(kReadBlock, '\0');
  for (uint64_t offset = 0; offset < first_offset;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(block.size(), first_offset - offset));
    auto count = file_->ReadAt(offset, block.data(), want);
    if (!count.ok() || count.value() == 0) break;
    before += static_cast<uint64_t>(std::count(block.data(), block.data() + count.value(), '\n'));
    offset += count.value();
  }
  return before + 1;
}

idx_t TextRegexScanner::Scan(DataChunk& output) {
  while (true) {
    idx_t rows = ScanBatch(output);
    if (rows > 0 || finished_) return rows;
  }
}

idx_t TextRegexScanner::ScanBatch(DataChunk& output) {
  output.Reset();
  for (size_t slot = 0; slot < staging_.size(); slot++) {
    if (conversions_[slot] == Conversion::kCast) staging_[slot].Reset();
  }
  std::vector<Failure> failures;
  idx_t rows = 0;
  std::string_view line;
  uint64_t offset = 0;
  while (rows < kVectorSize && NextLine(&line, &offset)) {
    if (line.empty()) continue;
    bool matched = ParseLine(line);
    for (size_t slot = 0; slot < output_columns_.size(); slot++) {
      const std::optional<std::string_view>& field =
          matched ? fields_[output_columns_[slot]] : std::nullopt;
      Vector& target =
          conversions_[slot] == Conversion::kCast ? staging_[slot] : output.column(slot);
      if (!field) {
        target.validity().SetInvalid(rows);
        continue;
      }
      switch (conversions_[slot]) {
        case Conversion::kText:
        case Conversion::kCast:
          target.Data<std::string_view>()[rows] = target.AddString(*field);
          break;
        case Conversion::kApacheTime: {
          int64_t micros = 0;
          if (ParseApacheLogTime(*field, &micros)) {
            target.Data<int64_t>()[rows] = micros;
          } else {
            target.validity().SetInvalid(rows);
            failures.push_back(Failure{rows, slot, std::string(*field)});
          }
          break;
        }
      }
    }
    row_lines_[rows] = lines_read_;
    row_offsets_[rows] = offset;
    rows++;
  }
  for (size_t slot = 0; slot < staging_.size(); slot++) {
    if (conversions_[slot] != Conversion::kCast) continue;
    Vector& target = output.column(slot);
    CastVector(staging_[slot], target, rows, /*try_cast=*/true);
    for (idx_t row = 0; row < rows; row++) {
      if (staging_[slot].validity().RowIsValid(row) && !target.validity().RowIsValid(row)) {
        failures.push_back(
            Failure{row, slot, std::string(staging_[slot].Data<std::string_view>()[row])});
      }
    }
  }
  output.SetSize(rows);
  if (failures.empty()) return rows;
  if (!plan_.ignore_errors) {
    const Failure& first =
        *std::min_element(failures.begin(), failures.end(),
                          [](const Failure& a, const Failure& b) { return a.row < b.row; });
    idx_t column = output_columns_[first.slot];
    ThrowError(ErrorCode::kInvalidInput,
               plan_.function_name + ": \"" + path_ + "\" line " +
                   std::to_string(LineNumberOf(first.row)) + ": cannot convert " +
                   QuoteText(first.text) + " to " + plan_.types[column].ToString() +
                   " for column \"" + plan_.names[column] + "\" (" + std::to_string(column + 1) +
                   "). Skip such lines with ignore_errors=true");
  }
  std::vector<bool> dropped(rows, false);
  for (const Failure& failure : failures) dropped[failure.row] = true;
  std::vector<uint32_t> keep;
  keep.reserve(rows);
  for (idx_t row = 0; row < rows; row++) {
    if (dropped[row]) {
      skipped_lines_++;
    } else {
      keep.push_back(static_cast<uint32_t>(row));
    }
  }
  output.Slice(keep.data(), keep.size());
  return keep.size();
}

}  // namespace tarn
