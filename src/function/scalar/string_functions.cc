// String functions: lower, upper, length, substr, trim, replace, concat, ||, like, ilike,
// starts_with, ends_with, contains, split_part, strpos, left, right, repeat, reverse,
// lpad, rpad. Character positions and lengths count UTF-8 code points; case mapping
// (lower, upper, ilike) follows case_mapping.h.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "function/function.h"
#include "function/scalar/case_mapping.h"
#include "function/scalar_kernels.h"

namespace tarn {

namespace {

using std::string_view;

const LogicalType kVarchar(TypeId::kVarchar);
const LogicalType kBigint(TypeId::kBigint);
const LogicalType kBoolean(TypeId::kBoolean);

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int64_t CharacterCount(string_view text) {
  int64_t count = 0;
  for (char c : text) count += !IsContinuationByte(c);
  return count;
}

// Byte offset of character `characters` (0-based), or text.size() when past the end.
size_t ByteOffsetOfCharacter(string_view text, int64_t characters) {
  if (characters <= 0) return 0;
  size_t position = 0;
  while (position < text.size()) {
    if (!IsContinuationByte(text[position])) {
      if (characters == 0) return position;
      characters--;
    }
    position++;
  }
  return text.size();
}

// Byte length of the UTF-8 character starting at `position` (1 for invalid bytes).
size_t CharacterLength(string_view text, size_t position) {
  size_t end = position + 1;
  while (end < text.size() && IsContinuationByte(text[end])) end++;
  return end - position;
}

// Substring by 0-based character range [begin, end), clamped to the text.
string_view CharacterSlice(string_view text, int64_t begin, int64_t end) {
  begin = std::max<int64_t>(begin, 0);
  if (end <= begin) return string_view();
  size_t begin_byte = ByteOffsetOfCharacter(text, begin);
  size_t end_byte = ByteOffsetOfCharacter(text, end);
  return text.substr(begin_byte, end_byte - begin_byte);
}

// Views into an argument's strings stay valid when the result shares its storage.
void ShareStorage(Vector& result, const Vector& argument) { result.ShareStringStorage(argument); }

// ---- case, length ----

template <std::string (*kMap)(string_view)>
void CaseMapKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteUnary<string_view, string_view>(
      arguments.column(0), result, arguments.size(),
      [&](string_view text) { return result.AddString(kMap(text)); });
}

void CharacterLengthKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteUnary<string_view, int64_t>(arguments.column(0), result, arguments.size(),
                                     [](string_view text) { return CharacterCount(text); });
}

void ByteLengthKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteUnary<string_view, int64_t>(
      arguments.column(0), result, arguments.size(),
      [](string_view text) { return static_cast<int64_t>(text.size()); });
}

// ---- substr, left, right ----

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? INT64_MAX : INT64_MIN;
  return sum;
}

void SubstrFromKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ShareStorage(result, arguments.column(0));
  ExecuteBinary<string_view, int64_t, string_view>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, int64_t start) { return CharacterSlice(text, start - 1, INT64_MAX); });
}

void SubstrKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ShareStorage(result, arguments.column(0));
  ExecuteTernary<string_view, int64_t, int64_t, string_view>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [](string_view text, int64_t start, int64_t length) {
        if (length < 0) {
          ThrowError(ErrorCode::kInvalidInput, "substr: negative substring length not allowed");
        }
        int64_t begin = SaturatingAdd(start, -1);
        return CharacterSlice(text, begin, SaturatingAdd(begin, length));
      });
}

void LeftKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ShareStorage(result, arguments.column(0));
  ExecuteBinary<string_view, int64_t, string_view>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, int64_t count) {
        if (count >= 0) return CharacterSlice(text, 0, count);
        return CharacterSlice(text, 0, CharacterCount(text) + count);
      });
}

void RightKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ShareStorage(result, arguments.column(0));
  ExecuteBinary<string_view, int64_t, string_view>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, int64_t count) {
        int64_t length = CharacterCount(text);
        if (count >= 0) return CharacterSlice(text, length - std::min(count, length), length);
        return CharacterSlice(text, std::min(-std::max(count, -INT64_MAX), length), length);
      });
}

// ---- trim ----

enum class TrimSide : uint8_t { kLeft, kRight, kBoth };

// Length in bytes of the character of `characters` that `text` starts (or ends, when
// `at_end`) with, or 0.
size_t MatchTrimCharacter(string_view text, string_view characters, bool at_end) {
  size_t position = 0;
  while (position < characters.size()) {
    size_t length = CharacterLength(characters, position);
    string_view character = characters.substr(position, length);
    if (at_end ? text.ends_with(character) : text.starts_with(character)) return length;
    position += length;
  }
  return 0;
}

string_view TrimText(string_view text, string_view characters, TrimSide side) {
  if (characters.empty()) return text;
  if (side != TrimSide::kRight) {
    while (!text.empty()) {
      size_t length = MatchTrimCharacter(text, characters, false);
      if (length == 0) break;
      text.remove_prefix(length);
    }
  }
  if (side != TrimSide::kLeft) {
    while (!text.empty()) {
      size_t length = MatchTrimCharacter(text, characters, true);
      if (length == 0) break;
      text.remove_suffix(length);
    }
  }
  return text;
}

template <TrimSide kSide>
void TrimSpacesKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ShareStorage(result, arguments.column(0));
  ExecuteUnary<string_view, string_view>(
      arguments.column(0), result, arguments.size(),
      [](string_view text) { return TrimText(text, " ", kSide); });
}

template <TrimSide kSide>
void TrimCharactersKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ShareStorage(result, arguments.column(0));
  ExecuteBinary<string_view, string_view, string_view>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, string_view characters) { return TrimText(text, characters, kSide); });
}

// ---- replace, repeat, reverse, pad ----

void ReplaceKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string scratch;
  ShareStorage(result, arguments.column(0));
  ExecuteTernary<string_view, string_view, string_view, string_view>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [&](string_view text, string_view from, string_view to) {
        if (from.empty()) return text;
        size_t found = text.find(from);
        if (found == string_view::npos) return text;
        scratch.clear();
        size_t position = 0;
        while (found != string_view::npos) {
          scratch.append(text.substr(position, found - position));
          scratch.append(to);
          position = found + from.size();
          found = text.find(from, position);
        }
        scratch.append(text.substr(position));
        return result.AddString(scratch);
      });
}

constexpr size_t kMaxGeneratedString = size_t(1) << 30;

void RepeatKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string scratch;
  ExecuteBinary<string_view, int64_t, string_view>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [&](string_view text, int64_t count) {
        if (count <= 0 || text.empty()) return string_view();
        if (static_cast<uint64_t>(count) > kMaxGeneratedString / text.size()) {
          ThrowError(ErrorCode::kOutOfRange, "repeat: result of " + std::to_string(count) +
                                                 " repetitions of " + std::to_string(text.size()) +
                                                 " bytes exceeds the 1 GiB limit");
        }
        scratch.clear();
        for (int64_t i = 0; i < count; i++) scratch.append(text);
        return result.AddString(scratch);
      });
}

void ReverseKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string scratch;
  ExecuteUnary<string_view, string_view>(
      arguments.column(0), result, arguments.size(), [&](string_view text) {
        scratch.assign(text.size(), '\0');
        size_t position = 0;
        while (position < text.size()) {
          size_t length = CharacterLength(text, position);
          std::copy(text.begin() + position, text.begin() + position + length,
                    scratch.end() - position - length);
          position += length;
        }
        return result.AddString(scratch);
      });
}

template <bool kLeft>
string_view Pad(string_view text, int64_t length, string_view fill, std::string& scratch,
                Vector& result) {
  if (length <= 0) return string_view();
  int64_t text_length = CharacterCount(text);
  if (text_length >= length || fill.empty()) return CharacterSlice(text, 0, length);
  if (static_cast<uint64_t>(length) > kMaxGeneratedString) {
    ThrowError(ErrorCode::kOutOfRange,
               "pad: length " + std::to_string(length) + " exceeds the 1 GiB limit");
  }
  std::string padding;
  int64_t missing = length - text_length;
  size_t position = 0;
  while (missing > 0) {
    if (position >= fill.size()) position = 0;
    size_t character = CharacterLength(fill, position);
    padding.append(fill.substr(position, character));
    position += character;
    missing--;
  }
  scratch.clear();
  if (kLeft) {
    scratch.append(padding).append(text);
  } else {
    scratch.append(text).append(padding);
  }
  return result.AddString(scratch);
}

template <bool kLeft>
void PadSpacesKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string scratch;
  ShareStorage(result, arguments.column(0));
  ExecuteBinary<string_view, int64_t, string_view>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [&](string_view text, int64_t length) {
        return Pad<kLeft>(text, length, " ", scratch, result);
      });
}

template <bool kLeft>
void PadKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string scratch;
  ShareStorage(result, arguments.column(0));
  ExecuteTernary<string_view, int64_t, string_view, string_view>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [&](string_view text, int64_t length, string_view fill) {
        return Pad<kLeft>(text, length, fill, scratch, result);
      });
}

// ---- search ----

void StartsWithKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteBinary<string_view, string_view, bool>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, string_view prefix) { return text.starts_with(prefix); });
}

void EndsWithKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteBinary<string_view, string_view, bool>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, string_view suffix) { return text.ends_with(suffix); });
}

void ContainsKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteBinary<string_view, string_view, bool>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view text, string_view part) { return text.find(part) != string_view::npos; });
}

int64_t CharacterPosition(string_view text, string_view part) {
  size_t found = text.find(part);
  if (found == string_view::npos) return 0;
  return CharacterCount(text.substr(0, found)) + 1;
}

// strpos(text, part) and instr(text, part).
void StrposKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteBinary<string_view, string_view, int64_t>(arguments.column(0), arguments.column(1), result,
                                                   arguments.size(), CharacterPosition);
}

// position(part, text): the SQL form POSITION(part IN text).
void PositionKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ExecuteBinary<string_view, string_view, int64_t>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [](string_view part, string_view text) { return CharacterPosition(text, part); });
}

void SplitPartKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  ShareStorage(result, arguments.column(0));
  ExecuteTernary<string_view, string_view, int64_t, string_view>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [](string_view text, string_view delimiter, int64_t index) {
        if (index == 0) {
          ThrowError(ErrorCode::kInvalidInput, "split_part: field position must not be zero");
        }
        if (delimiter.empty()) return index == 1 || index == -1 ? text : string_view();
        std::vector<string_view> parts;
        size_t position = 0;
        while (true) {
          size_t found = text.find(delimiter, position);
          if (found == string_view::npos) {
            parts.push_back(text.substr(position));
            break;
          }
          parts.push_back(text.substr(position, found - position));
          position = found + delimiter.size();
        }
        int64_t count = static_cast<int64_t>(parts.size());
        if (index > 0) return index <= count ? parts[index - 1] : string_view();
        return -index <= count ? parts[count + index] : string_view();
      });
}

// ---- concat, || ----

void ConcatKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string scratch;
  std::string_view* out = result.Data<string_view>();
  result.validity().SetAllValid();
  for (idx_t row = 0; row < arguments.size(); row++) {
    scratch.clear();
    for (idx_t column = 0; column < arguments.ColumnCount(); column++) {
      const Vector& argument = arguments.column(column);
      if (argument.validity().RowIsValid(row)) scratch.append(argument.Data<string_view>()[row]);
    }
    out[row] = result.AddString(scratch);
  }
}

void ConcatOperatorKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string scratch;
  std::string_view* out = result.Data<string_view>();
  result.validity().SetAllValid();
  for (idx_t row = 0; row < arguments.size(); row++) {
    scratch.clear();
    bool valid = true;
    for (idx_t column = 0; column < arguments.ColumnCount() && valid; column++) {
      const Vector& argument = arguments.column(column);
      valid = argument.validity().RowIsValid(row);
      if (valid) scratch.append(argument.Data<string_view>()[row]);
    }
    if (valid) {
      out[row] = result.AddString(scratch);
    } else {
      result.validity().SetInvalid(row);
    }
  }
}

// Binds a function taking `minimum`.. arguments of any type that casts to VARCHAR.
ScalarBinder VariadicVarcharBinder(std::string name, size_t minimum, ScalarKernel kernel) {
  return [name, minimum, kernel](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (types.size() < minimum) {
      return NoMatchingFunction(name, types,
                                name + "(ANY, ...) with at least " + std::to_string(minimum) +
                                    " argument" + (minimum == 1 ? "" : "s"));
    }
    BoundScalarFunction bound;
    bound.name = name;
    bound.argument_types.assign(types.size(), kVarchar);
    bound.return_type = kVarchar;
    bound.kernel = kernel;
    return bound;
  };
}

// ---- LIKE ----

// Matches `text` against a LIKE pattern: '%' any sequence, '_' one character, `escape`
// (or -1 for none) makes the next pattern character literal. Backtracks only to the last
// '%', so the cost is O(text * pattern) at worst.
bool LikeMatch(string_view text, string_view pattern, int escape) {
  size_t t = 0, p = 0;
  size_t star_pattern = string_view::npos, star_text = 0;
  while (t < text.size()) {
    bool advanced = false;
    if (p < pattern.size()) {
      char c = pattern[p];
      if (escape >= 0 && c == static_cast<char>(escape) && p + 1 < pattern.size()) {
        if (text[t] == pattern[p + 1]) {
          t++;
          p += 2;
          advanced = true;
        }
      } else if (c == '%') {
        star_pattern = ++p;
        star_text = t;
        continue;
      } else if (c == '_') {
        t += CharacterLength(text, t);
        p++;
        advanced = true;
      } else if (c == text[t]) {
        t++;
        p++;
        advanced = true;
      }
    }
    if (advanced) continue;
    if (star_pattern == string_view::npos) return false;
    star_text += CharacterLength(text, star_text);
    t = star_text;
    p = star_pattern;
  }
  while (p < pattern.size() && pattern[p] == '%') p++;
  return p == pattern.size();
}

struct LikeData : FunctionData {
  enum class Kind : uint8_t { kExact, kPrefix, kSuffix, kContains, kAny, kSegments, kGeneric };
  Kind kind = Kind::kGeneric;
  std::string literal;  // For the fast paths.
  // kSegments: literals separated by '%' (two or more), and whether the pattern starts /
  // ends with a literal rather than '%'.
  std::vector<std::string> segments;
  bool anchored_start = false, anchored_end = false;
  std::string pattern;  // Lower-cased for ILIKE.
  int escape = -1;
};

std::shared_ptr<LikeData> AnalyzeLikePattern(string_view pattern, int escape,
                                             bool case_insensitive) {
  auto data = std::make_shared<LikeData>();
  data->pattern = case_insensitive ? LowerUtf8(pattern) : std::string(pattern);
  data->escape = escape;
  string_view text = data->pattern;
  bool special = text.find('_') != string_view::npos ||
                 (escape >= 0 && text.find(static_cast<char>(escape)) != string_view::npos);
  if (special) return data;
  size_t begin = 0, end = text.size();
  bool leading = false, trailing = false;
  while (begin < end && text[begin] == '%') {
    begin++;
    leading = true;
  }
  while (end > begin && text[end - 1] == '%') {
    end--;
    trailing = true;
  }
  string_view middle = text.substr(begin, end - begin);
  if (middle.find('%') != string_view::npos) {
    data->kind = LikeData::Kind::kSegments;
    data->anchored_start = !leading;
    data->anchored_end = !trailing;
    while (!middle.empty()) {
      size_t cut = middle.find('%');
      if (cut != 0) data->segments.emplace_back(middle.substr(0, cut));
      if (cut == string_view::npos) break;
      middle.remove_prefix(cut + 1);
    }
    return data;
  }
  data->literal = std::string(middle);
  if (middle.empty() && (leading || trailing)) {
    data->kind = LikeData::Kind::kAny;
  } else if (leading && trailing) {
    data->kind = LikeData::Kind::kContains;
  } else if (leading) {
    data->kind = LikeData::Kind::kSuffix;
  } else if (trailing) {
    data->kind = LikeData::Kind::kPrefix;
  } else {
    data->kind = LikeData::Kind::kExact;
  }
  return data;
}

Result<int> ParseEscape(const std::string& name, string_view escape) {
  if (escape.empty()) return -1;
  if (escape.size() != 1) {
    return Status::Error(ErrorCode::kInvalidInput,
                         name + ": the ESCAPE string must be empty or one character, got '" +
                             std::string(escape) + "'");
  }
  return static_cast<unsigned char>(escape[0]);
}

// Whether `text` matches literals separated by '%': each literal is taken at its first
// occurrence after the previous one (the leftmost choice never loses a match), the first
// and last at the ends of the text when anchored there.
bool MatchLikeSegments(string_view text, const LikeData& data) {
  const std::vector<std::string>& segments = data.segments;
  size_t first = 0, last = segments.size();
  size_t position = 0, limit = text.size();
  if (data.anchored_start) {
    if (!text.starts_with(segments[0])) return false;
    position = segments[0].size();
    first = 1;
  }
  if (data.anchored_end) {
    const std::string& tail = segments[last - 1];
    if (tail.size() > limit - position || !text.ends_with(tail)) return false;
    limit -= tail.size();
    last--;
  }
  for (size_t i = first; i < last; i++) {
    size_t found = text.substr(0, limit).find(segments[i], position);
    if (found == string_view::npos) return false;
    position = found + segments[i].size();
  }
  return true;
}

template <bool kNegated, bool kCaseInsensitive>
void LikeConstantKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  const auto& data = static_cast<const LikeData&>(*bind_data);
  string_view literal = data.literal;
  std::string lowered;
  auto prepare = [&](string_view text) -> string_view {
    if (!kCaseInsensitive) return text;
    lowered = LowerUtf8(text);
    return lowered;
  };
  auto run = [&](auto matcher) {
    ExecuteUnary<string_view, bool>(
        arguments.column(0), result, arguments.size(),
        [&](string_view text) { return matcher(prepare(text)) != kNegated; });
  };
  switch (data.kind) {
    case LikeData::Kind::kExact:
      return run([&](string_view t) { return t == literal; });
    case LikeData::Kind::kPrefix:
      return run([&](string_view t) { return t.starts_with(literal); });
    case LikeData::Kind::kSuffix:
      return run([&](string_view t) { return t.ends_with(literal); });
    case LikeData::Kind::kContains:
      return run([&](string_view t) { return t.find(literal) != string_view::npos; });
    case LikeData::Kind::kAny:
      return run([](string_view) { return true; });
    case LikeData::Kind::kSegments:
      return run([&](string_view t) { return MatchLikeSegments(t, data); });
    case LikeData::Kind::kGeneric:
      return run([&](string_view t) { return LikeMatch(t, data.pattern, data.escape); });
  }
}

template <bool kNegated, bool kCaseInsensitive>
void LikeKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  std::string lowered_text, lowered_pattern;
  auto match = [&](string_view text, string_view pattern, int escape) {
    if (kCaseInsensitive) {
      lowered_text = LowerUtf8(text);
      lowered_pattern = LowerUtf8(pattern);
      text = lowered_text;
      pattern = lowered_pattern;
    }
    return LikeMatch(text, pattern, escape) != kNegated;
  };
  if (arguments.ColumnCount() == 2) {
    ExecuteBinary<string_view, string_view, bool>(
        arguments.column(0), arguments.column(1), result, arguments.size(),
        [&](string_view text, string_view pattern) { return match(text, pattern, -1); });
    return;
  }
  ExecuteTernary<string_view, string_view, string_view, bool>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [&](string_view text, string_view pattern, string_view escape) {
        Result<int> escape_character = ParseEscape("LIKE", escape);
        if (!escape_character.ok()) escape_character.status().ThrowIfError();
        return match(text, pattern, escape_character.value());
      });
}

template <bool kNegated, bool kCaseInsensitive>
ScalarBinder LikeBinder(std::string name) {
  return [name](const std::vector<LogicalType>& types,
                const std::vector<std::optional<Value>>& constants) -> Result<BoundScalarFunction> {
    bool fits = types.size() == 2 || types.size() == 3;
    for (size_t i = 0; fits && i < types.size(); i++) {
      fits = ImplicitCastCost(types[i], kVarchar) >= 0;
    }
    if (!fits) {
      return NoMatchingFunction(
          name, types, name + "(VARCHAR, VARCHAR), " + name + "(VARCHAR, VARCHAR, VARCHAR)");
    }
    BoundScalarFunction bound;
    bound.name = name;
    bound.argument_types.assign(types.size(), kVarchar);
    bound.return_type = kBoolean;
    bound.kernel = LikeKernel<kNegated, kCaseInsensitive>;
    auto constant_text = [&](size_t i) -> const Value* {
      if (i >= constants.size() || !constants[i].has_value() || constants[i]->is_null()) {
        return nullptr;
      }
      return &*constants[i];
    };
    const Value* pattern = constant_text(1);
    const Value* escape = types.size() == 3 ? constant_text(2) : nullptr;
    if (pattern && (types.size() == 2 || escape)) {
      int escape_character = -1;
      if (escape) {
        TARN_ASSIGN_OR_RETURN(escape_character,
                              ParseEscape(name, escape->CastTo(kVarchar).GetString()));
      }
      bound.bind_data = AnalyzeLikePattern(pattern->CastTo(kVarchar).GetString(), escape_character,
                                           kCaseInsensitive);
      bound.kernel = LikeConstantKernel<kNegated, kCaseInsensitive>;
    }
    return bound;
  };
}

ScalarSignature Signature(std::vector<LogicalType> arguments, LogicalType return_type,
                          ScalarKernel kernel) {
  return ScalarSignature{std::move(arguments), return_type, std::move(kernel)};
}

void RegisterOverloads(FunctionRegistry& registry, const std::vector<std::string>& names,
                       const std::vector<ScalarSignature>& overloads) {
  for (const auto& name : names) registry.RegisterScalar(name, OverloadBinder(name, overloads));
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& registry) {
  RegisterOverloads(registry, {"lower", "lcase"},
                    {Signature({kVarchar}, kVarchar, CaseMapKernel<LowerUtf8>)});
  RegisterOverloads(registry, {"upper", "ucase"},
                    {Signature({kVarchar}, kVarchar, CaseMapKernel<UpperUtf8>)});
  RegisterOverloads(registry, {"length", "char_length", "character_length", "len"},
                    {Signature({kVarchar}, kBigint, CharacterLengthKernel)});
  RegisterOverloads(registry, {"strlen", "octet_length"},
                    {Signature({kVarchar}, kBigint, ByteLengthKernel)});
  RegisterOverloads(registry, {"substr", "substring"},
                    {Signature({kVarchar, kBigint}, kVarchar, SubstrFromKernel),
                     Signature({kVarchar, kBigint, kBigint}, kVarchar, SubstrKernel)});
  RegisterOverloads(registry, {"left"}, {Signature({kVarchar, kBigint}, kVarchar, LeftKernel)});
  RegisterOverloads(registry, {"right"}, {Signature({kVarchar, kBigint}, kVarchar, RightKernel)});
  RegisterOverloads(
      registry, {"trim", "btrim"},
      {Signature({kVarchar}, kVarchar, TrimSpacesKernel<TrimSide::kBoth>),
       Signature({kVarchar, kVarchar}, kVarchar, TrimCharactersKernel<TrimSide::kBoth>)});
  RegisterOverloads(
      registry, {"ltrim"},
      {Signature({kVarchar}, kVarchar, TrimSpacesKernel<TrimSide::kLeft>),
       Signature({kVarchar, kVarchar}, kVarchar, TrimCharactersKernel<TrimSide::kLeft>)});
  RegisterOverloads(
      registry, {"rtrim"},
      {Signature({kVarchar}, kVarchar, TrimSpacesKernel<TrimSide::kRight>),
       Signature({kVarchar, kVarchar}, kVarchar, TrimCharactersKernel<TrimSide::kRight>)});
  RegisterOverloads(registry, {"replace"},
                    {Signature({kVarchar, kVarchar, kVarchar}, kVarchar, ReplaceKernel)});
  RegisterOverloads(registry, {"repeat"}, {Signature({kVarchar, kBigint}, kVarchar, RepeatKernel)});
  RegisterOverloads(registry, {"reverse"}, {Signature({kVarchar}, kVarchar, ReverseKernel)});
  RegisterOverloads(registry, {"lpad"},
                    {Signature({kVarchar, kBigint}, kVarchar, PadSpacesKernel<true>),
                     Signature({kVarchar, kBigint, kVarchar}, kVarchar, PadKernel<true>)});
  RegisterOverloads(registry, {"rpad"},
                    {Signature({kVarchar, kBigint}, kVarchar, PadSpacesKernel<false>),
                     Signature({kVarchar, kBigint, kVarchar}, kVarchar, PadKernel<false>)});
  RegisterOverloads(registry, {"starts_with", "prefix"},
                    {Signature({kVarchar, kVarchar}, kBoolean, StartsWithKernel)});
  RegisterOverloads(registry, {"ends_with", "suffix"},
                    {Signature({kVarchar, kVarchar}, kBoolean, EndsWithKernel)});
  RegisterOverloads(registry, {"contains"},
                    {Signature({kVarchar, kVarchar}, kBoolean, ContainsKernel)});
  RegisterOverloads(registry, {"strpos", "instr"},
                    {Signature({kVarchar, kVarchar}, kBigint, StrposKernel)});
  RegisterOverloads(registry, {"position"},
                    {Signature({kVarchar, kVarchar}, kBigint, PositionKernel)});
  RegisterOverloads(registry, {"split_part"},
                    {Signature({kVarchar, kVarchar, kBigint}, kVarchar, SplitPartKernel)});
  registry.RegisterScalar("concat", VariadicVarcharBinder("concat", 1, ConcatKernel));
  // || joins text, or lists when either side is a LIST (as list_concat).
  ScalarBinder concat_text = VariadicVarcharBinder("||", 2, ConcatOperatorKernel);
  registry.RegisterScalar("||", [concat_text](const std::vector<LogicalType>& types,
                                              const std::vector<std::optional<Value>>& constants) {
    for (const auto& type : types) {
      if (type.id() == TypeId::kList) {
        return (*FunctionRegistry::Get().FindScalar("list_concat"))(types, constants);
      }
    }
    return concat_text(types, constants);
  });
  registry.RegisterScalar("like", LikeBinder<false, false>("like"));
  registry.RegisterScalar("not like", LikeBinder<true, false>("not like"));
  registry.RegisterScalar("ilike", LikeBinder<false, true>("ilike"));
  registry.RegisterScalar("not ilike", LikeBinder<true, true>("not ilike"));
}

}  // namespace tarn
