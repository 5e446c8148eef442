#include "formats/csv/csv_reader.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "types/date_time.h"
#include "types/numeric.h"

namespace tarn {

namespace {

constexpr size_t kBlockSize = 1024 * 1024;
constexpr size_t kMinimumRangeRead = 64 * 1024;
// Read blocks a scanner keeps for reuse: the block being parsed, the one before it (whose
// rows may still be in the batch), and room for blocks a consumer holds on to briefly.
constexpr size_t kPooledBlocks = 4;
constexpr size_t kBlockSlack = 64 * 1024;
constexpr uint32_t kQuoted = 1;
constexpr uint32_t kEscaped = 2;
constexpr uint32_t kMissing = 4;

constexpr int64_t kPowersOfTen[] = {1LL,
                                    10LL,
                                    100LL,
                                    1000LL,
                                    10000LL,
                                    100000LL,
                                    1000000LL,
                                    10000000LL,
                                    100000000LL,
                                    1000000000LL,
                                    10000000000LL,
                                    100000000000LL,
                                    1000000000000LL,
                                    10000000000000LL,
                                    100000000000000LL,
                                    1000000000000000LL,
                                    10000000000000000LL,
                                    100000000000000000LL,
                                    1000000000000000000LL};

// Plain [-]digits of at most 18 digits; anything else goes to the strict general parser.
inline bool ParseBigintFast(const char* text, uint32_t length, int64_t* result) {
  const char* end = text + length;
  bool negative = false;
  if (text < end && *text == '-') {
    negative = true;
    text++;
  }
  if (text == end || end - text > 18) return false;
  int64_t value = 0;
  for (; text < end; text++) {
    unsigned digit = static_cast<unsigned char>(*text) - '0';
    if (digit > 9) return false;
    value = value * 10 + digit;
  }
  *result = negative ? -value : value;
  return true;
}

// [-]digits[.digits] with at most `scale` fraction digits, where the digits before the point
// and `scale` together are at most 18, so that the scaled value fits in 64 bits; anything
// else (signs, spaces, exponents, rounding, wide values) goes to the strict general parser.
inline bool ParseDecimalFast(const char* text, uint32_t length, uint8_t scale, int64_t* result) {
  const char* end = text + length;
  const bool negative = length > 0 && *text == '-';
  text += negative;
  const char* integer_start = text;
  uint64_t value = 0;  // Unsigned: long inputs wrap harmlessly before the digit count rejects them.
  for (; text < end; text++) {
    unsigned digit = static_cast<unsigned char>(*text) - '0';
    if (digit > 9) break;
    value = value * 10 + digit;
  }
  const ptrdiff_t integer_digits = text - integer_start;
  if (integer_digits + scale > 18) return false;
  ptrdiff_t fraction_digits = 0;
  if (text < end) {
    if (*text != '.') return false;
    const char* fraction_start = ++text;
    for (; text < end; text++) {
      unsigned digit = static_cast<unsigned char>(*text) - '0';
      if (digit > 9) return false;
      value = value * 10 + digit;
    }
    fraction_digits = text - fraction_start;
    if (fraction_digits > scale) return false;
  }
  if (integer_digits + fraction_digits == 0) return false;
  value *= static_cast<uint64_t>(kPowersOfTen[scale - fraction_digits]);
  *result = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

// Days before the first of each month in a year that starts on March 1st, so that a leap
// day is the year's last day.
constexpr int32_t kMarchYearDaysBeforeMonth[12] = {306, 337, 0,   31,  61,  92,
                                                   122, 153, 184, 214, 245, 275};
constexpr uint8_t kMaxDaysInMonth[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// YYYY-MM-DD exactly; anything else goes to the strict general parser. Digits and dashes
// are checked a word at a time; days since 1970-01-01 are computed arithmetically, with the
// March-based year shifted by one 400-year cycle (146097 days) so that every division is
// of a positive number.
inline bool ParseDateFast(const char* text, uint32_t length, int32_t* result) {
  if (length != 10) return false;
  uint64_t head;  // "YYYY-MM-", the first character in the lowest byte.
  std::memcpy(&head, text, 8);
  uint16_t tail;  // "DD"
  std::memcpy(&tail, text + 8, 2);
  constexpr uint64_t kDigitBytes = 0x00FFFF00FFFFFFFFULL;  // Bytes 0-3, 5 and 6.
  constexpr uint64_t kDashBytes = 0xFF0000FF00000000ULL;   // Bytes 4 and 7.
  if ((head & kDashBytes) != 0x2D00002D00000000ULL) return false;
  // With the dashes in place no byte carries: every digit byte must keep high nibble 3
  // after adding 6.
  const uint64_t digits = head & kDigitBytes;
  if ((digits & 0xF0F0F0F0F0F0F0F0ULL) != (0x3030303030303030ULL & kDigitBytes) ||
      ((digits + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL & kDigitBytes) !=
          (0x3030303030303030ULL & kDigitBytes) ||
      (tail & 0xF0F0) != 0x3030 || ((tail + 0x0606) & 0xF0F0) != 0x3030) {
    return false;
  }
  const uint64_t values = digits - (0x3030303030303030ULL & kDigitBytes);
  uint64_t year_pairs = values & 0xFFFFFFFFULL;
  year_pairs = (year_pairs * 10 + (year_pairs >> 8)) & 0x00FF00FFULL;
  const uint32_t year = static_cast<uint32_t>((year_pairs & 0xFF) * 100 + (year_pairs >> 16));
  const uint32_t month =
      static_cast<uint32_t>(((values >> 40) & 0xFF) * 10 + ((values >> 48) & 0xFF));
  const uint32_t day = static_cast<uint32_t>(((tail & 0xFF) - '0') * 10 + ((tail >> 8) - '0'));
  if (month - 1 > 11 || day == 0 || day > kMaxDaysInMonth[month - 1]) return false;
  if (month == 2 && day == 29 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) {
    return false;
  }
  const uint32_t shifted_year = year + 400 - (month <= 2 ? 1 : 0);
  *result = static_cast<int32_t>(shifted_year * 365 + shifted_year / 4 - shifted_year / 100 +
                                 shifted_year / 400) +
            kMarchYearDaysBeforeMonth[month - 1] + static_cast<int32_t>(day) - 1 - 719468 - 146097;
  return true;
}

std::string Printable(std::string_view text) {
  constexpr size_t kMaxShown = 60;
  std::string result;
  for (char c : text.substr(0, kMaxShown)) {
    if (c == '\n') {
      result += "\\n";
    } else if (c == '\r') {
      result += "\\r";
    } else {
      result += c;
    }
  }
  if (text.size() > kMaxShown) result += "...";
  return result;
}

std::string CharacterName(char c) {
  if (c == '\t') return "\\t";
  if (c == '\0') return "";
  return std::string(1, c);
}

}  // namespace

CsvScanner::CsvScanner(const CsvScanPlan& plan, std::string path, uint64_t start, uint64_t end,
                       const std::vector<idx_t>& output_columns)
    : plan_(plan),
      path_(std::move(path)),
      range_start_(start),
      range_end_(end),
      output_columns_(output_columns) {}

CsvScanner::~CsvScanner() = default;

std::shared_ptr<char[]> CsvBlockPool::Acquire(size_t capacity) {
  Block* free_block = nullptr;
  for (Block& block : blocks_) {
    if (block.data.use_count() != 1) continue;
    if (!free_block || (free_block->capacity < capacity && block.capacity > free_block->capacity)) {
      free_block = &block;
    }
  }
  if (free_block) {
    // Pairs with the release of the last other reference (possibly on another thread), so
    // that its reads of the block happen before the block is overwritten.
    std::atomic_thread_fence(std::memory_order_acquire);
    if (free_block->capacity >= capacity) return free_block->data;
  } else if (blocks_.size() < kPooledBlocks) {
    free_block = &blocks_.emplace_back();
  }
  // Rows cross block ends, so requests are a block plus a short tail: a little slack lets
  // the next request fit. Not zero-initialized: only bytes read into the block are looked at.
  size_t allocated = std::max(capacity, kBlockSize + kBlockSlack);
  std::shared_ptr<char[]> data(new char[allocated + 1]);
  if (free_block) *free_block = Block{data, allocated};
  return data;
}

Result<std::unique_ptr<CsvScanner>> CsvScanner::Open(const CsvScanPlan& plan,
                                                     const std::string& path, uint64_t start,
                                                     uint64_t end,
                                                     const std::vector<idx_t>& output_columns,
                                                     CsvBlockPool* pool) {
  std::unique_ptr<CsvScanner> scanner(new CsvScanner(plan, path, start, end, output_columns));
  if (pool) scanner->pool_ = pool;
  TARN_RETURN_IF_ERROR(scanner->Initialize());
  return scanner;
}

Status CsvScanner::Initialize() {
  field_to_slot_.assign(std::max<uint64_t>(plan_.physical_columns, 1), -1);
  for (size_t slot = 0; slot < output_columns_.size(); slot++) {
    if (output_columns_[slot] == kSkipColumn) continue;
    TARN_CHECK(output_columns_[slot] < plan_.names.size(), "CSV column out of range");
    field_to_slot_[output_columns_[slot]] = static_cast<int32_t>(slot);
  }
  fields_.clear();
  for (size_t slot = 0; slot < output_columns_.size(); slot++) {
    fields_.emplace_back(new FieldSlice[kVectorSize]);
  }
  row_offsets_.resize(kVectorSize);
  std::memset(special_, 0, sizeof(special_));
  special_[static_cast<unsigned char>(plan_.dialect.delimiter)] = true;
  special_[static_cast<unsigned char>('\n')] = true;
  special_[static_cast<unsigned char>('\r')] = true;

  bool whole_file = range_start_ == 0 && range_end_ == kEndOfFile;
  if (whole_file) {
    TARN_ASSIGN_OR_RETURN(stream_, OpenInputStream(path_, plan_.compression));
  } else {
    TARN_ASSIGN_OR_RETURN(file_, RandomAccessFile::Open(path_));
    read_offset_ = range_start_ > 0 ? range_start_ - 1 : 0;
  }
  buffer_offset_ = read_offset_;
  size_ = 0;
  position_ = 0;
  Refill();
  if (range_start_ == 0) {
    if (size_ >= 3 && static_cast<unsigned char>(buffer_[0]) == 0xEF &&
        static_cast<unsigned char>(buffer_[1]) == 0xBB &&
        static_cast<unsigned char>(buffer_[2]) == 0xBF) {
      position_ = 3;
    }
    for (int64_t i = 0; i < plan_.skip_rows; i++) {
      if (!SkipLine()) break;
    }
    if (plan_.header) {
      idx_t field_count;
      bool malformed;
      while (true) {
        RowResult result = ParseRow(0, &field_count, &malformed);
        if (result == RowResult::kNeedMore) {
          Refill();
          continue;
        }
        if (result == RowResult::kEmpty) continue;
        break;
      }
    }
  } else {
    // Rows belong to the range they start in: skip the row that crosses range_start_. A row
    // longer than max_line_size fails in the range where it starts, so there is nothing
    // for this range to read past it; stopping here keeps a huge line from being read once
    // per range.
    if (!SkipLine(plan_.max_line_size + 1)) finished_ = true;
  }
  return Status::Ok();
}

uint64_t CsvScanner::BytesConsumed() const {
  if (stream_) return stream_->SourceBytesRead();
  uint64_t position = buffer_offset_ + position_;
  return position > range_start_ ? position - range_start_ : 0;
}

size_t CsvScanner::ReadSource(char* target, size_t size) {
  size_t total = 0;
  if (file_) {
    auto count = file_->ReadAt(read_offset_, target, size);
    if (!count.ok()) count.status().ThrowIfError();
    total = count.value();
    read_offset_ += total;
    if (total < size) source_exhausted_ = true;
    return total;
  }
  while (total < size) {
    auto count = stream_->Read(target + total, size - total);
    if (!count.ok()) count.status().ThrowIfError();
    if (count.value() == 0) {
      source_exhausted_ = true;
      break;
    }
    total += count.value();
  }
  return total;
}

void CsvScanner::Refill() {
  size_t tail = size_ - position_;
  if (tail > plan_.max_line_size) {
    ThrowRowError(buffer_offset_ + position_,
                  "line is longer than max_line_size (" + std::to_string(plan_.max_line_size) +
                      " bytes). Raise it with max_line_size=N if this is intended");
  }
  size_t block = kBlockSize;
  if (file_ && range_end_ != kEndOfFile) {
    uint64_t remaining = range_end_ > read_offset_ ? range_end_ - read_offset_ : 0;
    block = static_cast<size_t>(std::clamp<uint64_t>(remaining, kMinimumRangeRead, kBlockSize));
  }
  // A row longer than a block grows the buffer geometrically: each refill copies the
  // unparsed tail, and buffers of the current batch stay alive, so fixed-size steps would
  // make one long line cost time and memory quadratic in its length.
  block = std::max(block, tail);
  size_t capacity = tail + block;
  // The current block is still referenced by buffer_, so the pool never hands it out: its
  // tail is copied out of it below.
  std::shared_ptr<char[]> next = pool_->Acquire(capacity);
  if (tail > 0) std::memcpy(next.get(), buffer_.get() + position_, tail);
  capacity_ = capacity;
  buffer_offset_ += position_;
  buffer_ = std::move(next);
  size_t count = source_exhausted_ ? 0 : ReadSource(buffer_.get() + tail, capacity_ - tail);
  size_ = tail + count;
  position_ = 0;
  buffer_[size_] = '\n';  // Sentinel: ends the unquoted-field scan loop.
  ComputeSpecialMasks();
}

namespace {

// Fills special[w] for the 64-byte words [0, words) of `data` and returns
// whether any of those bytes is a carriage return or `quote`.
bool ComputeMaskWordsSse2(const char* data, size_t words, char delimiter_char, char quote_char,
                          uint64_t* special) {
  bool irregular = false;
#if defined(__SSE2__)
  const __m128i delimiter = _mm_set1_epi8(delimiter_char);
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const __m128i quotes = _mm_set1_epi8(quote_char);
  __m128i irregular_bytes = _mm_setzero_si128();
  for (size_t word = 0; word < words; word++) {
    uint64_t special_mask = 0;
    for (int part = 0; part < 4; part++) {
      __m128i bytes =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + word * 64 + part * 16));
      __m128i returns = _mm_cmpeq_epi8(bytes, carriage_return);
      __m128i breaks = _mm_cmpeq_epi8(bytes, newlines);
      __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, delimiter), breaks), returns);
      irregular_bytes =
          _mm_or_si128(irregular_bytes, _mm_or_si128(returns, _mm_cmpeq_epi8(bytes, quotes)));
      special_mask |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hits)))
                      << (part * 16);
    }
    special[word] = special_mask;
  }
  irregular = _mm_movemask_epi8(irregular_bytes) != 0;
#else
  (void)data, (void)words, (void)delimiter_char, (void)quote_char, (void)special;
#endif
  return irregular;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) bool ComputeMaskWordsAvx2(const char* data, size_t words,
                                                          char delimiter_char, char quote_char,
                                                          uint64_t* special) {
  const __m256i delimiter = _mm256_set1_epi8(delimiter_char);
  const __m256i newlines = _mm256_set1_epi8('\n');
  const __m256i carriage_return = _mm256_set1_epi8('\r');
  const __m256i quotes = _mm256_set1_epi8(quote_char);
  __m256i irregular_bytes = _mm256_setzero_si256();
  for (size_t word = 0; word < words; word++) {
    __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + word * 64));
    __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + word * 64 + 32));
    __m256i low_returns = _mm256_cmpeq_epi8(low, carriage_return);
    __m256i high_returns = _mm256_cmpeq_epi8(high, carriage_return);
    __m256i low_breaks = _mm256_cmpeq_epi8(low, newlines);
    __m256i high_breaks = _mm256_cmpeq_epi8(high, newlines);
    __m256i low_hits = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(low, delimiter), low_breaks), low_returns);
    __m256i high_hits = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(high, delimiter), high_breaks), high_returns);
    irregular_bytes = _mm256_or_si256(
        irregular_bytes, _mm256_or_si256(_mm256_or_si256(low_returns, high_returns),
                                         _mm256_or_si256(_mm256_cmpeq_epi8(low, quotes),
                                                         _mm256_cmpeq_epi8(high, quotes))));
    special[word] = static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(low_hits))) |
                    static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(high_hits)))
                        << 32;
  }
  return !_mm256_testz_si256(irregular_bytes, irregular_bytes);
}

const bool kHasAvx2 = __builtin_cpu_supports("avx2");
#endif

}  // namespace

void CsvScanner::ComputeSpecialMasks() {
  const size_t length = size_ + 1;  // Including the sentinel.
  const size_t words = (length + 63) / 64;
  special_masks_.resize(words + 1);
  const char* data = buffer_.get();
  const char delimiter = plan_.dialect.delimiter;
  const char quote = plan_.dialect.quote;
  // The fast path needs every special bit to be a delimiter or '\n'. With no quote
  // character configured, the quote comparisons look for NUL bytes instead, which only
  // costs such blocks the fast path.
  bool irregular = plan_.physical_columns == 0 || delimiter == '\n' || delimiter == '\r';
  size_t word = 0;
#if defined(__SSE2__)
  const size_t whole_words = length / 64;
#if defined(__x86_64__)
  if (kHasAvx2) {
    irregular |= ComputeMaskWordsAvx2(data, whole_words, delimiter, quote, special_masks_.data());
  } else
#endif
  {
    irregular |= ComputeMaskWordsSse2(data, whole_words, delimiter, quote, special_masks_.data());
  }
  word = whole_words;
#endif
  for (; word < words; word++) {
    uint64_t special_mask = 0;
    size_t limit = std::min<size_t>(64, length - word * 64);
    for (size_t i = 0; i < limit; i++) {
      char c = data[word * 64 + i];
      if (special_[static_cast<unsigned char>(c)]) special_mask |= uint64_t(1) << i;
      irregular = irregular || c == '\r' || c == quote;
    }
    special_masks_[word] = special_mask;
  }
  special_masks_[words] = 0;
  quote_free_ = !irregular;
}

bool CsvScanner::SkipLine(uint64_t limit) {
  uint64_t skipped = 0;
  while (true) {
    const char* start = buffer_.get() + position_;
    const void* line_break = std::memchr(start, '\n', size_ - position_);
    if (line_break) {
      position_ = static_cast<const char*>(line_break) - buffer_.get() + 1;
      return true;
    }
    skipped += size_ - position_;
    position_ = size_;
    if (source_exhausted_ || skipped > limit) return false;
    Refill();
  }
}

idx_t CsvScanner::ParseQuoteFreeRows(idx_t row, idx_t limit) {
  const char* const buffer = buffer_.get();
  const uint64_t* const masks = special_masks_.data();
  const char delimiter = plan_.dialect.delimiter;
  const uint64_t physical = plan_.physical_columns;
  const uint64_t max_line_size = plan_.max_line_size;
  const int32_t* const field_to_slot = field_to_slot_.data();
  const std::unique_ptr<FieldSlice[]>* const slot_fields = fields_.data();
  // Rows that start at or after the end of the range belong to the next range.
  size_t stop = size_;
  if (range_end_ != kEndOfFile) {
    stop = range_end_ > buffer_offset_
               ? static_cast<size_t>(std::min<uint64_t>(size_, range_end_ - buffer_offset_))
               : 0;
  }
  size_t position = position_;
  while (row < limit && position < stop) {
    size_t word = position >> 6;
    uint64_t mask = masks[word] & (~uint64_t(0) << (position & 63));
    size_t field_start = position;
    uint64_t field = 0;
    size_t row_end = 0;  // One past the row's '\n'; 0 when ParseRow must take the row.
    while (true) {
      // The sentinel '\n' at size_ ends every search.
      while (mask == 0) mask = masks[++word];
      const size_t hit = (word << 6) + static_cast<size_t>(__builtin_ctzll(mask));
      mask &= mask - 1;
      const int32_t slot = field_to_slot[field];
      if (slot >= 0) {
        slot_fields[slot][row] =
            FieldSlice{buffer + field_start, static_cast<uint32_t>(hit - field_start), 0};
      }
      field++;
      if (buffer[hit] == delimiter) {
        if (field == physical) break;
        field_start = hit + 1;
        continue;
      }
      // A '\n': the block holds no '\r'. A lone empty field is an empty line, which
      // ParseRow skips.
      if (field == physical && hit < size_ && hit != position) row_end = hit + 1;
      break;
    }
    // The limit is on the line's content, without its '\n'.
    if (row_end == 0 || row_end - 1 - position > max_line_size) break;
    row_offsets_[row] = buffer_offset_ + position;
    position = row_end;
    row++;
  }
  position_ = position;
  return row;
}

CsvScanner::RowResult CsvScanner::ParseRow(idx_t row, idx_t* field_count, bool* malformed) {
  char* const buffer = buffer_.get();
  const char* p = buffer + position_;
  const char* const end = buffer + size_;
  if (p == end) {
    if (source_exhausted_) return RowResult::kEnd;
    return RowResult::kNeedMore;
  }
  const char delimiter = plan_.dialect.delimiter;
  const char quote = plan_.dialect.quote;
  const char escape = plan_.dialect.escape;
  const uint64_t physical = plan_.physical_columns;
  const int32_t* field_to_slot = field_to_slot_.data();
  const bool* special = special_;
  const char* row_start = p;
  idx_t field = 0;
  uint32_t last_length = 0;
  uint32_t last_flags = 0;
  *malformed = false;
  while (true) {
    const char* start;
    uint32_t length;
    uint32_t flags = 0;
    if (quote != '\0' && *p == quote) {
      flags = kQuoted;
      p++;
      start = p;
      while (true) {
        while (p < end && *p != quote && *p != escape) p++;
        if (p >= end) {
          if (!source_exhausted_) return RowResult::kNeedMore;
          bad_detail_ = "unterminated quoted field";
          *malformed = true;
          length = static_cast<uint32_t>(p - start);
          break;
        }
        if (*p != quote) {
          if (escape == '\0') {  // A NUL byte, with no escape character configured.
            p++;
            continue;
          }
          if (p + 1 >= end && !source_exhausted_) return RowResult::kNeedMore;
          p += 2;
          if (p > end) p = end;
          flags |= kEscaped;
          continue;
        }
        if (escape == quote && p + 1 >= end && !source_exhausted_) return RowResult::kNeedMore;
        if (escape == quote && p + 1 < end && p[1] == quote) {
          p += 2;
          flags |= kEscaped;
          continue;
        }
        length = static_cast<uint32_t>(p - start);
        p++;
        if (!special[static_cast<unsigned char>(*p)]) {
          // Text after the closing quote: keep it out of the value, but flag the row.
          if (!*malformed) {
            bad_detail_ = "unexpected character after a closing quote";
            bad_character_ = *p;
            bad_field_ = static_cast<int64_t>(field);
          }
          *malformed = true;
          while (!special[static_cast<unsigned char>(*p)]) p++;
        }
        break;
      }
    } else {
      start = p;
      p = NextSpecial(p);
      length = static_cast<uint32_t>(p - start);
    }
    if (field < physical) {
      int32_t slot = field_to_slot[field];
      if (slot >= 0) fields_[slot][row] = FieldSlice{start, length, flags};
    }
    field++;
    last_length = length;
    last_flags = flags;
    if (p >= end) {
      if (!source_exhausted_) return RowResult::kNeedMore;
      p = end;
      break;
    }
    if (*p == delimiter) {
      p++;
      continue;
    }
    if (*p == '\r') {
      p++;
      if (p < end && *p == '\n') p++;
    } else {
      p++;
    }
    break;
  }
  position_ = static_cast<size_t>(p - buffer);
  row_offsets_[row] = buffer_offset_ + static_cast<uint64_t>(row_start - buffer);
  // The limit is on the line's content: its line break does not count.
  const char* content_end = p;
  if (content_end > row_start && content_end[-1] == '\n') content_end--;
  if (content_end > row_start && content_end[-1] == '\r') content_end--;
  if (static_cast<uint64_t>(content_end - row_start) > plan_.max_line_size) {
    ThrowRowError(row_offsets_[row],
                  "line is longer than max_line_size (" + std::to_string(plan_.max_line_size) +
                      " bytes). Raise it with max_line_size=N if this is intended");
  }
  *field_count = field;
  if (field == 1 && last_length == 0 && last_flags == 0) return RowResult::kEmpty;
  if (field < physical && plan_.null_padding) {
    for (idx_t missing = field; missing < physical; missing++) {
      int32_t slot = field_to_slot[missing];
      if (slot >= 0) fields_[slot][row] = FieldSlice{nullptr, 0, kMissing};
    }
  }
  return RowResult::kRow;
}

std::string CsvScanner::ColumnLabel(idx_t csv_column) const {
  return "column \"" + plan_.names[csv_column] + "\" (" + std::to_string(csv_column + 1) + ")";
}

uint64_t CsvScanner::LineNumberAt(uint64_t offset) const {
  uint64_t lines = 0;
  std::vector<char> block(kBlockSize);
  if (plan_.compression == Compression::kNone || file_) {
    auto file = RandomAccessFile::Open(path_);
    if (!file.ok()) return 0;
    uint64_t position = 0;
    while (position < offset) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(block.size(), offset - position));
      auto count = file.value()->ReadAt(position, block.data(), want);
      if (!count.ok() || count.value() == 0) break;
      lines += std::count(block.data(), block.data() + count.value(), '\n');
      position += count.value();
    }
    return lines + 1;
  }
  auto stream = OpenInputStream(path_, plan_.compression);
  if (!stream.ok()) return 0;
  uint64_t position = 0;
  while (position < offset) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(block.size(), offset - position));
    auto count = stream.value()->Read(block.data(), want);
    if (!count.ok() || count.value() == 0) break;
    lines += std::count(block.data(), block.data() + count.value(), '\n');
    position += count.value();
  }
  return lines + 1;
}

void CsvScanner::ThrowRowError(uint64_t row_offset, const std::string& message) const {
  ThrowError(ErrorCode::kInvalidInput, "Error reading \"" + path_ + "\" line " +
                                           std::to_string(LineNumberAt(row_offset)) + ": " +
                                           message);
}

idx_t CsvScanner::Scan(DataChunk& output) {
  idx_t limit = std::min<idx_t>(kVectorSize, output.capacity());
  idx_t rows = 0;
  batch_buffers_.clear();
  if (buffer_) batch_buffers_.push_back(buffer_);
  while (!finished_ && rows < limit) {
    if (quote_free_) {
      rows = ParseQuoteFreeRows(rows, limit);
      if (rows >= limit) break;
    }
    if (range_end_ != kEndOfFile && buffer_offset_ + position_ >= range_end_) {
      finished_ = true;
      break;
    }
    idx_t field_count = 0;
    bool malformed = false;
    RowResult result = ParseRow(rows, &field_count, &malformed);
    if (result == RowResult::kNeedMore) {
      Refill();
      batch_buffers_.push_back(buffer_);
      continue;
    }
    if (result == RowResult::kEnd) {
      finished_ = true;
      break;
    }
    if (result == RowResult::kEmpty) continue;
    if (malformed) {
      if (plan_.ignore_errors) continue;
      std::string message = bad_detail_ ? bad_detail_ : "malformed row";
      if (bad_detail_ && std::strcmp(bad_detail_, "unterminated quoted field") == 0) {
        message += " (quote character '" + CharacterName(plan_.dialect.quote) +
                   "') at end of file. Set quote='' if the file does not use quoting, or "
                   "ignore_errors=true";
      } else {
        message += " '" + CharacterName(bad_character_) + "' in field " +
                   std::to_string(bad_field_ + 1) +
                   ". If quotes inside fields are escaped with a backslash set escape='\\', "
                   "or skip such rows with ignore_errors=true";
      }
      ThrowRowError(row_offsets_[rows], message);
    }
    if (field_count != plan_.physical_columns &&
        !(field_count < plan_.physical_columns && plan_.null_padding)) {
      if (plan_.ignore_errors) continue;
      ThrowRowError(row_offsets_[rows],
                    "expected " + std::to_string(plan_.physical_columns) + " fields but found " +
                        std::to_string(field_count) +
                        (field_count < plan_.physical_columns
                             ? ". Use null_padding=true to read missing trailing columns as "
                               "NULL, or ignore_errors=true to skip such rows"
                             : ". Use ignore_errors=true to skip such rows, or check the "
                               "delimiter (delim='" +
                                   CharacterName(plan_.dialect.delimiter) + "')"));
    }
    rows++;
  }
  if (rows == 0) return 0;

  std::vector<bool> dropped;
  bool any_dropped = false;
  for (idx_t slot = 0; slot < output_columns_.size(); slot++) {
    if (output_columns_[slot] == kSkipColumn) continue;
    ConvertColumn(slot, output.column(slot), rows, &dropped, &any_dropped);
  }
  output.SetSize(rows);
  if (any_dropped) {
    keep_rows_.clear();
    for (idx_t row = 0; row < rows; row++) {
      if (!dropped[row]) keep_rows_.push_back(static_cast<uint32_t>(row));
    }
    output.Slice(keep_rows_.data(), keep_rows_.size());
    return keep_rows_.size();
  }
  return rows;
}

void CsvScanner::ConvertColumn(idx_t slot, Vector& vector, idx_t rows, std::vector<bool>* dropped,
                               bool* any_dropped) {
  const FieldSlice* fields = fields_[slot].get();
  const idx_t csv_column = output_columns_[slot];
  const LogicalType& type = vector.type();
  const bool is_varchar = type.id() == TypeId::kVarchar;
  const std::string& null_string = plan_.null_string;
  const bool has_null_string = !null_string.empty();
  ValidityMask& validity = vector.validity();

  auto is_null = [&](const FieldSlice& field) {
    if (field.flags & kMissing) return true;
    if (field.length == 0) {
      if (!is_varchar) return true;
      return !(field.flags & kQuoted) && !has_null_string;
    }
    return has_null_string && !(field.flags & kQuoted) && field.length == null_string.size() &&
           std::memcmp(field.data, null_string.data(), field.length) == 0;
  };
  // An unquoted field of the file (not missing) that cannot be the null string: when a fast
  // parser accepts it, it is a value, as the fast parsers accept no empty text.
  auto plain = [&](const FieldSlice& field) { return field.flags == 0 && !has_null_string; };
  auto fail = [&](idx_t row) {
    if (plan_.ignore_errors) {
      if (dropped->empty()) dropped->assign(rows, false);
      (*dropped)[row] = true;
      *any_dropped = true;
      validity.SetInvalid(row);
      return;
    }
    const FieldSlice& field = fields[row];
    std::string text(field.data, field.length);
    std::string message = ColumnLabel(csv_column) + ": could not convert \"" + Printable(text) +
                          "\" to " + type.ToString() + ".";
    if (plan_.sniffed_types[csv_column]) {
      message += " The type was detected from a sample; fix it with types={'" +
                 plan_.names[csv_column] + "': 'VARCHAR'} or sample_size=-1";
    } else {
      message +=
          " Fix the declared type of the column, or skip such rows with "
          "ignore_errors=true";
    }
    ThrowError(ErrorCode::kInvalidInput, "Error reading \"" + path_ + "\" line " +
                                             std::to_string(LineNumberAt(row_offsets_[row])) +
                                             ", " + message);
  };
  auto text_of = [&](const FieldSlice& field) {
    if (!(field.flags & kEscaped)) return std::string_view(field.data, field.length);
    scratch_.clear();
    const char quote = plan_.dialect.quote;
    const char escape = plan_.dialect.escape;
    for (uint32_t i = 0; i < field.length; i++) {
      char c = field.data[i];
      if ((c == escape || (c == quote && escape == quote)) && i + 1 < field.length) {
        i++;
        c = field.data[i];
      }
      scratch_ += c;
    }
    return std::string_view(scratch_);
  };

  switch (type.id()) {
    case TypeId::kVarchar: {
      auto* data = vector.Data<std::string_view>();
      bool added = false;
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (is_null(field)) {
          validity.SetInvalid(row);
          data[row] = std::string_view();
        } else if (field.flags & kEscaped) {
          data[row] = vector.AddString(text_of(field));
        } else {
          data[row] = std::string_view(field.data, field.length);
          added = true;
        }
      }
      if (added) {
        for (const auto& buffer : batch_buffers_) vector.KeepAlive(std::shared_ptr<void>(buffer));
      }
      break;
    }
    case TypeId::kBigint: {
      auto* data = vector.Data<int64_t>();
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (plain(field) && ParseBigintFast(field.data, field.length, &data[row])) continue;
        if (is_null(field)) {
          validity.SetInvalid(row);
        } else if (!ParseBigintFast(field.data, field.length, &data[row]) &&
                   !numeric::TryParseInt64(text_of(field), &data[row])) {
          fail(row);
        }
      }
      break;
    }
    case TypeId::kInteger: {
      auto* data = vector.Data<int32_t>();
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        int64_t wide;
        if (plain(field) && ParseBigintFast(field.data, field.length, &wide) && wide >= INT32_MIN &&
            wide <= INT32_MAX) {
          data[row] = static_cast<int32_t>(wide);
          continue;
        }
        if (is_null(field)) {
          validity.SetInvalid(row);
        } else if (ParseBigintFast(field.data, field.length, &wide) && wide >= INT32_MIN &&
                   wide <= INT32_MAX) {
          data[row] = static_cast<int32_t>(wide);
        } else if (!numeric::TryParseInt32(text_of(field), &data[row])) {
          fail(row);
        }
      }
      break;
    }
    case TypeId::kDouble: {
      auto* data = vector.Data<double>();
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (is_null(field)) {
          validity.SetInvalid(row);
          continue;
        }
        auto [end, error] = std::from_chars(field.data, field.data + field.length, data[row]);
        if (error == std::errc() && end == field.data + field.length) continue;
        if (!numeric::TryParseDouble(text_of(field), &data[row])) fail(row);
      }
      break;
    }
    case TypeId::kDecimal: {
      const uint8_t width = type.width();
      const uint8_t scale = type.scale();
      const bool small = type.physical() == PhysicalType::kInt64;
      const int64_t max_small = small ? static_cast<int64_t>(numeric::MaxDecimalValue(width)) : 0;
      const bool small_fast = small && scale <= 18;
      int64_t* small_data = vector.Data<int64_t>();
      auto parse_small = [&](const FieldSlice& field, idx_t row) {
        int64_t value;
        if (!ParseDecimalFast(field.data, field.length, scale, &value) ||
            (value < 0 ? -value : value) > max_small) {
          return false;
        }
        small_data[row] = value;
        return true;
      };
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (small_fast && plain(field) && parse_small(field, row)) continue;
        if (is_null(field)) {
          validity.SetInvalid(row);
          continue;
        }
        if (small_fast && parse_small(field, row)) continue;
        int128_t value;
        if (!numeric::TryParseDecimal(text_of(field), width, scale, &value)) {
          fail(row);
        } else if (small) {
          small_data[row] = static_cast<int64_t>(value);
        } else {
          vector.Data<int128_t>()[row] = value;
        }
      }
      break;
    }
    case TypeId::kDate: {
      auto* data = vector.Data<int32_t>();
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (plain(field) && ParseDateFast(field.data, field.length, &data[row])) continue;
        if (is_null(field)) {
          validity.SetInvalid(row);
        } else if (!ParseDateFast(field.data, field.length, &data[row]) &&
                   !date_time::TryParseDate(text_of(field), &data[row])) {
          fail(row);
        }
      }
      break;
    }
    case TypeId::kTimestamp: {
      auto* data = vector.Data<int64_t>();
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (is_null(field)) {
          validity.SetInvalid(row);
          continue;
        }
        if (!date_time::TryParseTimestamp(text_of(field), &data[row])) fail(row);
      }
      break;
    }
    case TypeId::kBoolean: {
      auto* data = vector.Data<bool>();
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (is_null(field)) {
          validity.SetInvalid(row);
          continue;
        }
        if (!numeric::TryParseBoolean(text_of(field), &data[row])) fail(row);
      }
      break;
    }
    case TypeId::kInterval: {
      auto* data = vector.Data<Interval>();
      for (idx_t row = 0; row < rows; row++) {
        const FieldSlice& field = fields[row];
        if (is_null(field)) {
          validity.SetInvalid(row);
          continue;
        }
        if (!date_time::TryParseInterval(text_of(field), &data[row])) fail(row);
      }
      break;
    }
    case TypeId::kNull:
      for (idx_t row = 0; row < rows; row++) validity.SetInvalid(row);
      break;
    case TypeId::kList:
    case TypeId::kStruct:
    case TypeId::kMap:
      ThrowError(ErrorCode::kInternal, "CSV column of nested type " + type.ToString());
  }
}

}  // namespace tarn
