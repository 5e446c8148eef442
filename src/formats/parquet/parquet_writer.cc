#include "formats/parquet/parquet_writer.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <optional>
#include <unordered_map>

#include "formats/parquet/thrift_compact_writer.h"

namespace tarn {

namespace {

constexpr char kMagic[] = "PAR1";
constexpr size_t kPageBytes = 1 << 20;
// Statistics for longer strings are left out rather than bloating the footer.
constexpr size_t kMaxStatisticsBytes = 256;
constexpr size_t kMinAverageRepeats = 5;

// Parquet's physical types, encodings, codecs and page types (parquet.thrift).
enum class PhysicalKind : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};
constexpr int32_t kEncodingPlain = 0;
constexpr int32_t kEncodingRle = 3;
constexpr int32_t kEncodingRleDictionary = 8;
constexpr int32_t kPageData = 0;
constexpr int32_t kPageDictionary = 2;
constexpr int32_t kRepetitionRequired = 0;
constexpr int32_t kRepetitionOptional = 1;
constexpr int32_t kRepetitionRepeated = 2;
constexpr int32_t kConvertedMap = 1;
constexpr int32_t kConvertedList = 3;
constexpr int32_t kConvertedUtf8 = 0;
constexpr int32_t kConvertedDecimal = 5;
constexpr int32_t kConvertedDate = 6;
constexpr int32_t kConvertedTimestampMicros = 10;
constexpr int32_t kConvertedInterval = 21;

int32_t CodecId(BlockCodec codec) {
  switch (codec) {
    case BlockCodec::kUncompressed:
      return 0;
    case BlockCodec::kSnappy:
      return 1;
    case BlockCodec::kGzip:
      return 2;
    case BlockCodec::kZstd:
      return 6;
    case BlockCodec::kLz4Raw:
      return 7;
  }
  return 0;
}

// The metadata of one column chunk; offsets are relative to the start of its block until
// the block is appended to a file.
struct ColumnChunkMeta {
  std::vector<std::string> path;  // path_in_schema
  PhysicalKind physical = PhysicalKind::kInt32;
  bool dictionary = false;
  int64_t num_values = 0;
  int64_t uncompressed_size = 0;
  int64_t compressed_size = 0;
  int64_t data_page_offset = 0;
  int64_t dictionary_page_offset = -1;
  int64_t null_count = 0;
  std::optional<std::string> min;
  std::optional<std::string> max;
};

struct ParquetBlock : EncodedBlock {
  std::vector<ColumnChunkMeta> columns;
};

struct RowGroupMeta {
  std::vector<ColumnChunkMeta> columns;
  int64_t num_rows = 0;
  int64_t file_offset = 0;
};

struct ParquetFileState : FileWriteState {
  std::vector<RowGroupMeta> row_groups;
  int64_t num_rows = 0;
};

PhysicalKind PhysicalFor(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return PhysicalKind::kBoolean;
    case TypeId::kBigint:
    case TypeId::kTimestamp:
      return PhysicalKind::kInt64;
    case TypeId::kDouble:
      return PhysicalKind::kDouble;
    case TypeId::kVarchar:
      return PhysicalKind::kByteArray;
    case TypeId::kInterval:
      return PhysicalKind::kFixedLenByteArray;
    case TypeId::kDecimal:
      if (type.width() <= 9) return PhysicalKind::kInt32;
      if (type.width() <= 18) return PhysicalKind::kInt64;
      return PhysicalKind::kFixedLenByteArray;
    default:
      return PhysicalKind::kInt32;
  }
}

// ---- Nested columns: the leaves of a type and the levels of its values ----------------
//
// Every field tarn writes is OPTIONAL except the repeated group of a LIST or MAP and a MAP's
// key (REQUIRED). A LIST is `optional group (LIST) { repeated group list { optional element } }`,
// a MAP is `optional group (MAP) { repeated group key_value { required key; optional value } }`,
// a STRUCT an unannotated optional group.

// The levels of one leaf's entries and where its present values are.
struct LeafLevels {
  std::vector<uint8_t> definition;
  std::vector<uint8_t> repetition;  // Empty when max_repetition is 0.
  int max_definition = 1;
  int max_repetition = 0;
  // Present values (definition == max_definition), in order.
  std::vector<std::pair<const Vector*, idx_t>> sources;
};

idx_t LeafCount(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kList:
      return LeafCount(type.ListChild());
    case TypeId::kMap:
      return LeafCount(type.MapKey()) + LeafCount(type.MapValue());
    case TypeId::kStruct: {
      idx_t count = 0;
      for (const auto& [name, child] : type.children()) count += LeafCount(child);
      return count;
    }
    default:
      return 1;
  }
}

// Appends the leaves of `type` (a field named `name` under `path`) with their maximum levels.
void CollectWriterLeaves(const std::string& name, const LogicalType& type,
                         std::vector<std::string> path, int definition, int repetition,
                         bool required, std::vector<ColumnChunkMeta>* paths,
                         std::vector<LeafLevels>* levels) {
  path.push_back(name);
  if (!required) definition++;
  switch (type.id()) {
    case TypeId::kList:
      path.push_back("list");
      CollectWriterLeaves("element", type.ListChild(), path, definition + 1, repetition + 1, false,
                          paths, levels);
      return;
    case TypeId::kMap:
      path.push_back("key_value");
      CollectWriterLeaves("key", type.MapKey(), path, definition + 1, repetition + 1, true, paths,
                          levels);
      CollectWriterLeaves("value", type.MapValue(), path, definition + 1, repetition + 1, false,
                          paths, levels);
      return;
    case TypeId::kStruct:
      for (const auto& [child_name, child] : type.children()) {
        CollectWriterLeaves(child_name, child, path, definition, repetition, false, paths, levels);
      }
      return;
    default: {
      ColumnChunkMeta meta;
      meta.path = std::move(path);
      paths->push_back(std::move(meta));
      LeafLevels leaf;
      leaf.max_definition = definition;
      leaf.max_repetition = repetition;
      levels->push_back(std::move(leaf));
      return;
    }
  }
}

// Records one entry without a value in every leaf of `type`.
void EmitAbsent(const LogicalType& type, uint8_t repetition, uint8_t definition,
                LeafLevels* leaves) {
  idx_t count = LeafCount(type);
  for (idx_t i = 0; i < count; i++) {
    leaves[i].definition.push_back(definition);
    if (leaves[i].max_repetition > 0) leaves[i].repetition.push_back(repetition);
  }
}

// Shreds row `row` of `vector` (of `type`) into the levels of its leaves. `definition` is
// the level of the enclosing value, `repetition` the level of this entry, `depth` the
// number of repeated groups above.
void Shred(const LogicalType& type, const Vector& vector, idx_t row, int definition,
           uint8_t repetition, int depth, bool required, LeafLevels* leaves) {
  if (!vector.validity().RowIsValid(row)) {
    if (required)
      ThrowError(ErrorCode::kInvalidInput, "a MAP key is NULL: Parquet cannot store it");
    EmitAbsent(type, repetition, static_cast<uint8_t>(definition), leaves);
    return;
  }
  if (!required) definition++;
  switch (type.id()) {
    case TypeId::kList:
    case TypeId::kMap: {
      ListEntry entry = vector.Data<ListEntry>()[row];
      if (entry.length == 0) {
        EmitAbsent(type, repetition, static_cast<uint8_t>(definition), leaves);
        return;
      }
      const Vector& elements = vector.child(0);
      auto element_repetition = static_cast<uint8_t>(depth + 1);
      for (uint64_t i = 0; i < entry.length; i++) {
        idx_t element = entry.offset + i;
        uint8_t level = i == 0 ? repetition : element_repetition;
        if (type.id() == TypeId::kList) {
          Shred(type.ListChild(), elements, element, definition + 1, level, depth + 1, false,
                leaves);
        } else {
          Shred(type.MapKey(), elements.child(0), element, definition + 1, level, depth + 1, true,
                leaves);
          Shred(type.MapValue(), elements.child(1), element, definition + 1, level, depth + 1,
                false, leaves + LeafCount(type.MapKey()));
        }
      }
      return;
    }
    case TypeId::kStruct: {
      idx_t leaf = 0;
      const auto& fields = type.children();
      for (size_t i = 0; i < fields.size(); i++) {
        Shred(fields[i].second, vector.child(i), row, definition, repetition, depth, false,
              leaves + leaf);
        leaf += LeafCount(fields[i].second);
      }
      return;
    }
    default:
      leaves->definition.push_back(static_cast<uint8_t>(definition));
      if (leaves->max_repetition > 0) leaves->repetition.push_back(repetition);
      leaves->sources.emplace_back(&vector, row);
      return;
  }
}

// ---- Little helpers for bytes -------------------------------------------------------

template <class T>
void AppendLittleEndian(T value, std::string* out) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out->append(bytes, sizeof(T));
}

void AppendBigEndian128(int128_t value, std::string* out) {
  auto bits = static_cast<unsigned __int128>(value);
  for (int i = 15; i >= 0; i--) out->push_back(static_cast<char>((bits >> (i * 8)) & 0xff));
}

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

int BitWidth(uint64_t max_value) { return max_value == 0 ? 0 : 64 - std::countl_zero(max_value); }

// RleEncoder writes the RLE / bit-packing hybrid encoding: runs of at least 8 equal values
// as RLE runs, everything else in bit-packed groups of 8.
class RleEncoder {
 public:
  RleEncoder(int bit_width, std::string* out) : bit_width_(bit_width), out_(out) {}

  void Put(uint32_t value) {
    if (value == previous_ && count_since_flush_ > 0) {
      repeat_count_++;
      if (repeat_count_ >= 8) return;
    } else {
      if (repeat_count_ >= 8) WriteRleRun();
      repeat_count_ = 1;
      previous_ = value;
    }
    count_since_flush_ = 1;
    buffered_[buffered_count_++] = value;
    if (buffered_count_ == 8) WriteBitPackedGroup();
  }

  void Finish() {
    if (repeat_count_ >= 8) {
      WriteRleRun();
    } else if (buffered_count_ > 0) {
      while (buffered_count_ < 8) buffered_[buffered_count_++] = 0;
      WriteBitPackedGroup();
    }
    EndBitPackedRun();
  }

 private:
  void WriteBitPackedGroup() {
    if (group_count_ >= 63) EndBitPackedRun();
    if (!header_position_) {
      header_position_ = out_->size();
      out_->push_back(0);
    }
    uint64_t accumulator = 0;
    int bits = 0;
    for (int i = 0; i < 8; i++) {
      accumulator |= static_cast<uint64_t>(buffered_[i]) << bits;
      bits += bit_width_;
      while (bits >= 8) {
        out_->push_back(static_cast<char>(accumulator & 0xff));
        accumulator >>= 8;
        bits -= 8;
      }
    }
    group_count_++;
    buffered_count_ = 0;
    repeat_count_ = 0;
  }

  void EndBitPackedRun() {
    if (!header_position_) return;
    (*out_)[*header_position_] = static_cast<char>((group_count_ << 1) | 1);
    header_position_.reset();
    group_count_ = 0;
  }

  void WriteRleRun() {
    EndBitPackedRun();
    AppendVarint(static_cast<uint64_t>(repeat_count_) << 1, out_);
    for (int i = 0; i < (bit_width_ + 7) / 8; i++) {
      out_->push_back(static_cast<char>((previous_ >> (i * 8)) & 0xff));
    }
    repeat_count_ = 0;
    buffered_count_ = 0;
  }

  int bit_width_;
  std::string* out_;
  uint32_t buffered_[8] = {};
  int buffered_count_ = 0;
  uint32_t previous_ = 0;
  int count_since_flush_ = 0;
  int repeat_count_ = 0;
  int group_count_ = 0;
  std::optional<size_t> header_position_;
};

// ---- Value traits: how each Parquet value type is gathered, encoded and ordered -------

struct BooleanTraits {
  using T = bool;
  static T Get(const Vector& vector, idx_t row) { return vector.Data<bool>()[row]; }
  static bool Less(T a, T b) { return !a && b; }
  static std::optional<std::string> StatisticsBytes(T value) {
    return std::string(1, value ? 1 : 0);
  }
};

template <class Stored>
struct Int32Traits {
  using T = int32_t;
  static T Get(const Vector& vector, idx_t row) {
    return static_cast<int32_t>(vector.Data<Stored>()[row]);
  }
  static bool Less(T a, T b) { return a < b; }
  static size_t PlainSize(T) { return 4; }
  static void Plain(T value, std::string* out) { AppendLittleEndian(value, out); }
  static std::optional<std::string> StatisticsBytes(T value) {
    std::string bytes;
    AppendLittleEndian(value, &bytes);
    return bytes;
  }
  static uint64_t Hash(T value) { return static_cast<uint32_t>(value) * 0x9E3779B97F4A7C15ull; }
  static bool Equal(T a, T b) { return a == b; }
};

struct Int64Traits {
  using T = int64_t;
  static T Get(const Vector& vector, idx_t row) { return vector.Data<int64_t>()[row]; }
  static bool Less(T a, T b) { return a < b; }
  static size_t PlainSize(T) { return 8; }
  static void Plain(T value, std::string* out) { AppendLittleEndian(value, out); }
  static std::optional<std::string> StatisticsBytes(T value) {
    std::string bytes;
    AppendLittleEndian(value, &bytes);
    return bytes;
  }
  static uint64_t Hash(T value) {
    uint64_t bits = static_cast<uint64_t>(value) * 0x9E3779B97F4A7C15ull;
    return bits ^ (bits >> 29);
  }
  static bool Equal(T a, T b) { return a == b; }
};

struct DoubleTraits {
  using T = double;
  static T Get(const Vector& vector, idx_t row) { return vector.Data<double>()[row]; }
  static bool Less(T a, T b) { return a < b; }
  static bool Skip(T value) { return std::isnan(value); }
  static size_t PlainSize(T) { return 8; }
  static void Plain(T value, std::string* out) { AppendLittleEndian(value, out); }
  static std::optional<std::string> StatisticsBytes(T value) {
    std::string bytes;
    AppendLittleEndian(value, &bytes);
    return bytes;
  }
  static uint64_t Hash(T value) { return Int64Traits::Hash(std::bit_cast<int64_t>(value)); }
  static bool Equal(T a, T b) { return std::bit_cast<int64_t>(a) == std::bit_cast<int64_t>(b); }
};

struct StringTraits {
  using T = std::string_view;
  static T Get(const Vector& vector, idx_t row) { return vector.Data<std::string_view>()[row]; }
  static bool Less(T a, T b) { return a < b; }  // Byte-wise unsigned, as Parquet orders UTF8.
  static size_t PlainSize(T value) { return 4 + value.size(); }
  static void Plain(T value, std::string* out) {
    AppendLittleEndian(static_cast<uint32_t>(value.size()), out);
    out->append(value);
  }
  static std::optional<std::string> StatisticsBytes(T value) {
    if (value.size() > kMaxStatisticsBytes) return std::nullopt;
    return std::string(value);
  }
  static uint64_t Hash(T value) { return std::hash<std::string_view>()(value); }
  static bool Equal(T a, T b) { return a == b; }
};

struct Decimal128Traits {
  using T = int128_t;
  static T Get(const Vector& vector, idx_t row) { return vector.Data<int128_t>()[row]; }
  static bool Less(T a, T b) { return a < b; }
  static size_t PlainSize(T) { return 16; }
  static void Plain(T value, std::string* out) { AppendBigEndian128(value, out); }
  static std::optional<std::string> StatisticsBytes(T value) {
    std::string bytes;
    AppendBigEndian128(value, &bytes);
    return bytes;
  }
  static uint64_t Hash(T value) {
    auto bits = static_cast<unsigned __int128>(value);
    return Int64Traits::Hash(static_cast<int64_t>(bits) ^
                             static_cast<int64_t>((bits >> 64) * 0xC2B2AE3D27D4EB4Full));
  }
  static bool Equal(T a, T b) { return a == b; }
};

struct IntervalTraits {
  using T = Interval;
  static T Get(const Vector& vector, idx_t row) { return vector.Data<Interval>()[row]; }
  static size_t PlainSize(T) { return 12; }
  static void Plain(T value, std::string* out) {
    AppendLittleEndian(static_cast<uint32_t>(value.months), out);
    AppendLittleEndian(static_cast<uint32_t>(value.days), out);
    AppendLittleEndian(static_cast<uint32_t>(value.micros / 1000), out);
  }
  static uint64_t Hash(T value) {
    return Int64Traits::Hash(value.micros) ^
           Int64Traits::Hash((static_cast<int64_t>(value.months) << 32) ^ value.days);
  }
  static bool Equal(T a, T b) { return a == b; }
};

template <class Traits>
concept HasOrder = requires(typename Traits::T a) {
  Traits::Less(a, a);
};
template <class Traits>
concept HasSkip = requires(typename Traits::T a) {
  Traits::Skip(a);
};

// ---- Column chunk encoding -----------------------------------------------------------

class ColumnChunkEncoder {
 public:
  ColumnChunkEncoder(const ParquetWriteOptions& options, std::string* out)
      : options_(options), out_(out) {}

  // Appends one page (header + compressed body) to the block.
  void WritePage(int32_t page_type, const std::string& body, int32_t num_values, int32_t encoding,
                 ColumnChunkMeta* meta) {
    const std::string* payload = &body;
    std::string compressed;
    if (options_.compression != BlockCodec::kUncompressed) {
      Compress(options_.compression, body, &compressed).ThrowIfError();
      payload = &compressed;
    }
    if (body.size() > INT32_MAX || payload->size() > INT32_MAX) {
      ThrowError(ErrorCode::kInvalidInput, "a Parquet page would exceed 2 GiB");
    }
    ThriftCompactWriter header;
    header.BeginStruct();
    header.FieldI32(1, page_type);
    header.FieldI32(2, static_cast<int32_t>(body.size()));
    header.FieldI32(3, static_cast<int32_t>(payload->size()));
    if (page_type == kPageData) {
      header.FieldStructBegin(5);
      header.FieldI32(1, num_values);
      header.FieldI32(2, encoding);
      header.FieldI32(3, kEncodingRle);
      header.FieldI32(4, kEncodingRle);
      header.EndStruct();
    } else {
      header.FieldStructBegin(7);
      header.FieldI32(1, num_values);
      header.FieldI32(2, kEncodingPlain);
      header.EndStruct();
    }
    header.EndStruct();
    meta->uncompressed_size += static_cast<int64_t>(header.bytes().size() + body.size());
    meta->compressed_size += static_cast<int64_t>(header.bytes().size() + payload->size());
    out_->append(header.bytes());
    out_->append(*payload);
  }

  // Encodes the column values of `chunks`, column `column` (a flat column), as one chunk.
  template <class Traits>
  ColumnChunkMeta Encode(const std::vector<DataChunk>& chunks, idx_t column,
                         PhysicalKind physical) {
    using T = typename Traits::T;
    std::vector<T> values;
    LeafLevels levels;
    for (const auto& chunk : chunks) {
      const Vector& vector = chunk.column(column);
      const ValidityMask& validity = vector.validity();
      for (idx_t row = 0; row < chunk.size(); row++) {
        bool valid = validity.RowIsValid(row);
        levels.definition.push_back(valid);
        if (valid) values.push_back(Traits::Get(vector, row));
      }
    }
    return EncodeLeaf<Traits>(values, levels, physical);
  }

  // Encodes one leaf of a nested column from its shredded levels.
  template <class Traits>
  ColumnChunkMeta EncodeNested(const LeafLevels& levels, PhysicalKind physical) {
    std::vector<typename Traits::T> values;
    values.reserve(levels.sources.size());
    for (const auto& [vector, row] : levels.sources) values.push_back(Traits::Get(*vector, row));
    return EncodeLeaf<Traits>(values, levels, physical);
  }

  template <class Traits>
  ColumnChunkMeta EncodeLeaf(const std::vector<typename Traits::T>& values,
                             const LeafLevels& levels, PhysicalKind physical) {
    using T = typename Traits::T;
    ColumnChunkMeta meta;
    meta.physical = physical;
    meta.num_values = static_cast<int64_t>(levels.definition.size());
    meta.null_count = static_cast<int64_t>(levels.definition.size() - values.size());
    if constexpr (HasOrder<Traits>) ComputeStatistics<Traits>(values, &meta);

    int64_t chunk_start = static_cast<int64_t>(out_->size());
    if constexpr (std::is_same_v<T, bool>) {
      meta.data_page_offset = chunk_start;
      WriteBooleanPages(values, levels, &meta);
      return meta;
    } else {
      std::vector<uint32_t> indices;
      std::vector<T> dictionary;
      if (BuildDictionary<Traits>(values, &indices, &dictionary)) {
        meta.dictionary = true;
        meta.dictionary_page_offset = chunk_start;
        std::string body;
        for (const T& value : dictionary) Traits::Plain(value, &body);
        WritePage(kPageDictionary, body, static_cast<int32_t>(dictionary.size()), kEncodingPlain,
                  &meta);
        meta.data_page_offset = static_cast<int64_t>(out_->size());
        int bit_width = std::max(1, BitWidth(dictionary.size() - 1));
        WriteDataPages(
            levels, indices.size(),
            [&](size_t begin, size_t end) { return (end - begin) * bit_width / 8; },
            [&](size_t begin, size_t end, std::string* body) {
              body->push_back(static_cast<char>(bit_width));
              RleEncoder encoder(bit_width, body);
              for (size_t i = begin; i < end; i++) encoder.Put(indices[i]);
              encoder.Finish();
            },
            kEncodingRleDictionary, &meta);
      } else {
        meta.data_page_offset = chunk_start;
        WriteDataPages(
            levels, values.size(),
            [&](size_t begin, size_t end) {
              size_t bytes = 0;
              for (size_t i = begin; i < end; i++) bytes += Traits::PlainSize(values[i]);
              return bytes;
            },
            [&](size_t begin, size_t end, std::string* body) {
              for (size_t i = begin; i < end; i++) Traits::Plain(values[i], body);
            },
            kEncodingPlain, &meta);
      }
      return meta;
    }
  }

 private:
  template <class Traits>
  void ComputeStatistics(const std::vector<typename Traits::T>& values, ColumnChunkMeta* meta) {
    using T = typename Traits::T;
    std::optional<T> min;
    std::optional<T> max;
    for (size_t i = 0; i < values.size(); i++) {
      T value = values[i];
      if constexpr (HasSkip<Traits>) {
        if (Traits::Skip(value)) continue;
      }
      if (!min || Traits::Less(value, *min)) min = value;
      if (!max || Traits::Less(*max, value)) max = value;
    }
    if (!min) return;
    T low = *min;
    T high = *max;
    if constexpr (std::is_same_v<typename Traits::T, double>) {
      // Readers cannot tell -0.0 from 0.0 by comparison: widen the bounds to cover both.
      if (low == 0) low = -0.0;
      if (high == 0) high = 0.0;
    }
    meta->min = Traits::StatisticsBytes(low);
    meta->max = Traits::StatisticsBytes(high);
    if (!meta->min || !meta->max) {
      meta->min.reset();
      meta->max.reset();
    }
  }

  // Dictionary-encodes `values` when that is smaller than PLAIN and the dictionary stays
  // within the limit; returns false (and leaves the outputs unspecified) otherwise.
  template <class Traits>
  bool BuildDictionary(const std::vector<typename Traits::T>& values,
                       std::vector<uint32_t>* indices,
                       std::vector<typename Traits::T>* dictionary) {
    using T = typename Traits::T;
    if (values.empty()) return false;
    struct Hash {
      size_t operator()(const T& value) const { return Traits::Hash(value); }
    };
    struct Equal {
      bool operator()(const T& a, const T& b) const { return Traits::Equal(a, b); }
    };
    std::unordered_map<T, uint32_t, Hash, Equal> lookup;
    lookup.reserve(std::min<size_t>(values.size(), 4096));
    indices->reserve(values.size());
    size_t dictionary_bytes = 0;
    size_t plain_bytes = 0;
    auto limit = static_cast<size_t>(options_.dictionary_size_limit);
    // Values that repeat less than kMinAverageRepeats times on average compress better
    // PLAIN (sorted keys, near-unique prices): the dictionary only adds indices to them.
    size_t max_entries = values.size() / kMinAverageRepeats + 1;
    for (const T& value : values) {
      plain_bytes += Traits::PlainSize(value);
      auto [it, inserted] = lookup.try_emplace(value, static_cast<uint32_t>(dictionary->size()));
      if (inserted) {
        dictionary->push_back(value);
        dictionary_bytes += Traits::PlainSize(value);
        if (dictionary_bytes > limit || dictionary->size() > max_entries) return false;
      }
      indices->push_back(it->second);
    }
    size_t bit_width = std::max(1, BitWidth(dictionary->size() - 1));
    size_t encoded_bytes = dictionary_bytes + values.size() * bit_width / 8 + 16;
    return encoded_bytes < plain_bytes;
  }

  // Cuts the entries into data pages of about kPageBytes (at record boundaries) and writes
  // them. `value_bytes` estimates the encoded size of values [begin, end); `encode_values`
  // appends them.
  template <class SizeFunction, class EncodeFunction>
  void WriteDataPages(const LeafLevels& levels, size_t value_count, SizeFunction value_bytes,
                      EncodeFunction encode_values, int32_t encoding, ColumnChunkMeta* meta) {
    const std::vector<uint8_t>& definition = levels.definition;
    const std::vector<uint8_t>& repetition = levels.repetition;
    const uint8_t present = static_cast<uint8_t>(levels.max_definition);
    size_t entry = 0;
    size_t value = 0;
    size_t entries = definition.size();
    const size_t kStep = 4096;
    do {
      size_t page_start_entry = entry;
      size_t page_start_value = value;
      // Grow the page in steps of entries until it is big enough.
      while (entry < entries) {
        size_t step_end = std::min(entries, entry + kStep);
        if (levels.max_repetition > 0) {
          while (step_end < entries && repetition[step_end] != 0) step_end++;
        }
        size_t step_values = 0;
        for (size_t r = entry; r < step_end; r++) step_values += definition[r] == present;
        entry = step_end;
        value += step_values;
        if (value_bytes(page_start_value, value) >= kPageBytes) break;
      }
      std::string body;
      if (levels.max_repetition > 0) {
        AppendLevels(repetition, page_start_entry, entry, levels.max_repetition, &body);
      }
      AppendLevels(definition, page_start_entry, entry, levels.max_definition, &body);
      encode_values(page_start_value, value, &body);
      WritePage(kPageData, body, static_cast<int32_t>(entry - page_start_entry), encoding, meta);
    } while (entry < entries);
    TARN_CHECK(value == value_count, "parquet page split lost values");
  }

  // Appends levels [begin, end) RLE-encoded behind their 4-byte length.
  static void AppendLevels(const std::vector<uint8_t>& levels, size_t begin, size_t end,
                           int max_level, std::string* body) {
    size_t start = body->size();
    body->resize(start + 4);
    RleEncoder encoder(BitWidth(static_cast<uint64_t>(max_level)), body);
    for (size_t i = begin; i < end; i++) encoder.Put(levels[i]);
    encoder.Finish();
    auto size = static_cast<uint32_t>(body->size() - start - 4);
    std::memcpy(body->data() + start, &size, 4);
  }

  void WriteBooleanPages(const std::vector<bool>& values, const LeafLevels& levels,
                         ColumnChunkMeta* meta) {
    WriteDataPages(
        levels, values.size(), [](size_t begin, size_t end) { return (end - begin) / 8; },
        [&](size_t begin, size_t end, std::string* body) {
          uint8_t byte = 0;
          int bits = 0;
          for (size_t i = begin; i < end; i++) {
            if (values[i]) byte |= static_cast<uint8_t>(1 << bits);
            if (++bits == 8) {
              body->push_back(static_cast<char>(byte));
              byte = 0;
              bits = 0;
            }
          }
          if (bits > 0) body->push_back(static_cast<char>(byte));
        },
        kEncodingPlain, meta);
  }

  const ParquetWriteOptions& options_;
  std::string* out_;
};

void WriteColumnMetadata(ThriftCompactWriter& writer, const ColumnChunkMeta& meta,
                         BlockCodec codec) {
  writer.FieldI32(1, static_cast<int32_t>(meta.physical));
  std::vector<int32_t> encodings = {kEncodingPlain, kEncodingRle};
  if (meta.dictionary) encodings.push_back(kEncodingRleDictionary);
  writer.FieldListBegin(2, ThriftType::kI32, static_cast<uint32_t>(encodings.size()));
  for (int32_t encoding : encodings) writer.ListI32(encoding);
  writer.FieldListBegin(3, ThriftType::kBinary, static_cast<uint32_t>(meta.path.size()));
  for (const std::string& part : meta.path) writer.ListBinary(part);
  writer.FieldI32(4, CodecId(codec));
  writer.FieldI64(5, meta.num_values);
  writer.FieldI64(6, meta.uncompressed_size);
  writer.FieldI64(7, meta.compressed_size);
  writer.FieldI64(9, meta.data_page_offset);
  if (meta.dictionary_page_offset >= 0) writer.FieldI64(11, meta.dictionary_page_offset);
  writer.FieldStructBegin(12);
  if (meta.max) writer.FieldBinary(1, *meta.max);
  if (meta.min) writer.FieldBinary(2, *meta.min);
  writer.FieldI64(3, meta.null_count);
  if (meta.max) writer.FieldBinary(5, *meta.max);
  if (meta.min) writer.FieldBinary(6, *meta.min);
  writer.EndStruct();
}

void WriteSchemaElement(ThriftCompactWriter& writer, const std::string& name,
                        const LogicalType& type, int32_t repetition = kRepetitionOptional);

// A group element: `converted` and `logical_field` (the LogicalType union member) for LIST
// and MAP, -1 for none.
void WriteGroupElement(ThriftCompactWriter& writer, const std::string& name, int32_t repetition,
                       size_t children, int32_t converted, int16_t logical_field) {
  writer.BeginStruct();
  writer.FieldI32(3, repetition);
  writer.FieldBinary(4, name);
  writer.FieldI32(5, static_cast<int32_t>(children));
  if (converted >= 0) writer.FieldI32(6, converted);
  if (logical_field >= 0) {
    writer.FieldStructBegin(10);
    writer.FieldStructBegin(logical_field);
    writer.EndStruct();
    writer.EndStruct();
  }
  writer.EndStruct();
}

// Writes the schema elements of a field of `type`, depth first.
void WriteSchemaTree(ThriftCompactWriter& writer, const std::string& name, const LogicalType& type,
                     int32_t repetition) {
  switch (type.id()) {
    case TypeId::kList:
      WriteGroupElement(writer, name, repetition, 1, kConvertedList, 3);
      WriteGroupElement(writer, "list", kRepetitionRepeated, 1, -1, -1);
      WriteSchemaTree(writer, "element", type.ListChild(), kRepetitionOptional);
      return;
    case TypeId::kMap:
      WriteGroupElement(writer, name, repetition, 1, kConvertedMap, 2);
      WriteGroupElement(writer, "key_value", kRepetitionRepeated, 2, -1, -1);
      WriteSchemaTree(writer, "key", type.MapKey(), kRepetitionRequired);
      WriteSchemaTree(writer, "value", type.MapValue(), kRepetitionOptional);
      return;
    case TypeId::kStruct:
      WriteGroupElement(writer, name, repetition, type.children().size(), -1, -1);
      for (const auto& [child_name, child] : type.children()) {
        WriteSchemaTree(writer, child_name, child, kRepetitionOptional);
      }
      return;
    default:
      WriteSchemaElement(writer, name, type, repetition);
  }
}

void WriteSchemaElement(ThriftCompactWriter& writer, const std::string& name,
                        const LogicalType& type, int32_t repetition) {
  PhysicalKind physical = PhysicalFor(type);
  writer.BeginStruct();
  writer.FieldI32(1, static_cast<int32_t>(physical));
  if (type.id() == TypeId::kInterval) writer.FieldI32(2, 12);
  if (type.id() == TypeId::kDecimal && physical == PhysicalKind::kFixedLenByteArray) {
    writer.FieldI32(2, 16);
  }
  writer.FieldI32(3, repetition);
  writer.FieldBinary(4, name);
  switch (type.id()) {
    case TypeId::kVarchar:
      writer.FieldI32(6, kConvertedUtf8);
      writer.FieldStructBegin(10);
      writer.FieldStructBegin(1);  // STRING
      writer.EndStruct();
      writer.EndStruct();
      break;
    case TypeId::kDate:
      writer.FieldI32(6, kConvertedDate);
      writer.FieldStructBegin(10);
      writer.FieldStructBegin(6);  // DATE
      writer.EndStruct();
      writer.EndStruct();
      break;
    case TypeId::kTimestamp:
      writer.FieldI32(6, kConvertedTimestampMicros);
      writer.FieldStructBegin(10);
      writer.FieldStructBegin(8);  // TIMESTAMP
      writer.FieldBool(1, false);  // isAdjustedToUTC
      writer.FieldStructBegin(2);  // unit
      writer.FieldStructBegin(2);  // MICROS
      writer.EndStruct();
      writer.EndStruct();
      writer.EndStruct();
      writer.EndStruct();
      break;
    case TypeId::kDecimal:
      writer.FieldI32(6, kConvertedDecimal);
      writer.FieldI32(7, type.scale());
      writer.FieldI32(8, type.width());
      writer.FieldStructBegin(10);
      writer.FieldStructBegin(5);  // DECIMAL
      writer.FieldI32(1, type.scale());
      writer.FieldI32(2, type.width());
      writer.EndStruct();
      writer.EndStruct();
      break;
    case TypeId::kInterval:
      writer.FieldI32(6, kConvertedInterval);
      break;
    default:
      break;
  }
  writer.EndStruct();
}

// Why `type` cannot be written: "" when it can, "-" for an unsupported scalar type.
std::string UnwritableReason(const LogicalType& type, bool map_key) {
  switch (type.id()) {
    case TypeId::kNull:
      return map_key ? "a MAP key cannot be NULL-typed" : "";
    case TypeId::kBoolean:
    case TypeId::kInteger:
    case TypeId::kBigint:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kInterval:
    case TypeId::kVarchar:
      return "";
    case TypeId::kList:
      return UnwritableReason(type.ListChild(), false);
    case TypeId::kMap:
      if (type.MapKey().IsNested()) return "MAP keys of a nested type are not supported";
      if (std::string why = UnwritableReason(type.MapKey(), true); !why.empty()) return why;
      return UnwritableReason(type.MapValue(), false);
    case TypeId::kStruct:
      if (type.children().empty()) return "a STRUCT without fields cannot be written";
      for (const auto& [name, child] : type.children()) {
        if (std::string why = UnwritableReason(child, false); !why.empty()) return why;
      }
      return "";
    default:
      return "-";
  }
}

// The traits that encode values of a leaf type.
template <class Function>
void DispatchLeafType(const LogicalType& type, Function function) {
  switch (type.id()) {
    case TypeId::kBoolean:
      function.template operator()<BooleanTraits>();
      break;
    case TypeId::kInteger:
    case TypeId::kDate:
      function.template operator()<Int32Traits<int32_t>>();
      break;
    case TypeId::kBigint:
    case TypeId::kTimestamp:
      function.template operator()<Int64Traits>();
      break;
    case TypeId::kDouble:
      function.template operator()<DoubleTraits>();
      break;
    case TypeId::kVarchar:
      function.template operator()<StringTraits>();
      break;
    case TypeId::kInterval:
      function.template operator()<IntervalTraits>();
      break;
    case TypeId::kDecimal:
      if (PhysicalFor(type) == PhysicalKind::kInt32) {
        function.template operator()<Int32Traits<int64_t>>();
      } else if (PhysicalFor(type) == PhysicalKind::kInt64) {
        function.template operator()<Int64Traits>();
      } else {
        function.template operator()<Decimal128Traits>();
      }
      break;
    default:
      // NULL-typed columns: every value is NULL, so the INT32 values are never read.
      function.template operator()<Int32Traits<int32_t>>();
      break;
  }
}

// The number of schema elements WriteSchemaTree writes for `type`.
size_t SchemaElementCount(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kList:
      return 2 + SchemaElementCount(type.ListChild());
    case TypeId::kMap:
      return 2 + SchemaElementCount(type.MapKey()) + SchemaElementCount(type.MapValue());
    case TypeId::kStruct: {
      size_t count = 1;
      for (const auto& [name, child] : type.children()) count += SchemaElementCount(child);
      return count;
    }
    default:
      return 1;
  }
}

// The leaf types of `type`, depth first.
void CollectLeafTypes(const LogicalType& type, std::vector<LogicalType>* types) {
  switch (type.id()) {
    case TypeId::kList:
      CollectLeafTypes(type.ListChild(), types);
      return;
    case TypeId::kMap:
      CollectLeafTypes(type.MapKey(), types);
      CollectLeafTypes(type.MapValue(), types);
      return;
    case TypeId::kStruct:
      for (const auto& [name, child] : type.children()) CollectLeafTypes(child, types);
      return;
    default:
      types->push_back(type);
  }
}

}  // namespace

Result<std::unique_ptr<ParquetWriter>> ParquetWriter::Create(
    std::vector<std::string> names, std::vector<LogicalType> types,
    const std::vector<WriterOption>& options) {
  ParquetWriteOptions parsed;
  for (const auto& option : options) {
    if (option.name == "compression" || option.name == "codec") {
      TARN_ASSIGN_OR_RETURN(std::string text, WriterOptionString(option));
      TARN_ASSIGN_OR_RETURN(parsed.compression, ParseBlockCodec(text));
    } else if (option.name == "row_group_size") {
      TARN_ASSIGN_OR_RETURN(parsed.row_group_size, WriterOptionInteger(option));
      if (parsed.row_group_size < 1 || parsed.row_group_size > (int64_t(1) << 31)) {
        return Status::Error(ErrorCode::kInvalidOption,
                             "ROW_GROUP_SIZE must be between 1 and 2147483648");
      }
    } else if (option.name == "dictionary_size_limit") {
      TARN_ASSIGN_OR_RETURN(parsed.dictionary_size_limit, WriterOptionInteger(option));
      if (parsed.dictionary_size_limit < 0) {
        return Status::Error(ErrorCode::kInvalidOption, "DICTIONARY_SIZE_LIMIT must be >= 0");
      }
    } else {
      return UnknownWriterOption("parquet", option,
                                 "COMPRESSION, ROW_GROUP_SIZE, DICTIONARY_SIZE_LIMIT");
    }
  }
  for (size_t i = 0; i < types.size(); i++) {
    std::string why = UnwritableReason(types[i], false);
    if (!why.empty()) {
      return Status::Error(ErrorCode::kNotImplemented,
                           "writing column \"" + names[i] + "\" of type " + types[i].ToString() +
                               " to Parquet is not supported yet" + (why == "-" ? "" : ": " + why));
    }
  }
  return std::unique_ptr<ParquetWriter>(
      new ParquetWriter(std::move(names), std::move(types), parsed));
}

std::unique_ptr<EncodedBlock> ParquetWriter::Encode(const std::vector<DataChunk>& chunks) const {
  auto block = std::make_unique<ParquetBlock>();
  for (const auto& chunk : chunks) block->row_count += chunk.size();
  ColumnChunkEncoder encoder(options_, &block->bytes);
  for (idx_t column = 0; column < types_.size(); column++) {
    const LogicalType& type = types_[column];
    if (!type.IsNested()) {
      ColumnChunkMeta meta;
      PhysicalKind physical = type.id() == TypeId::kNull ? PhysicalKind::kInt32 : PhysicalFor(type);
      DispatchLeafType(
          type, [&]<class Traits>() { meta = encoder.Encode<Traits>(chunks, column, physical); });
      meta.path = {names_[column]};
      block->columns.push_back(std::move(meta));
      continue;
    }
    std::vector<ColumnChunkMeta> paths;
    std::vector<LeafLevels> leaves;
    CollectWriterLeaves(names_[column], type, {}, 0, 0, false, &paths, &leaves);
    for (const auto& chunk : chunks) {
      const Vector& vector = chunk.column(column);
      for (idx_t row = 0; row < chunk.size(); row++) {
        Shred(type, vector, row, 0, 0, 0, false, leaves.data());
      }
    }
    std::vector<LogicalType> leaf_types;
    CollectLeafTypes(type, &leaf_types);
    for (size_t leaf = 0; leaf < leaves.size(); leaf++) {
      const LogicalType& leaf_type = leaf_types[leaf];
      PhysicalKind physical =
          leaf_type.id() == TypeId::kNull ? PhysicalKind::kInt32 : PhysicalFor(leaf_type);
      ColumnChunkMeta meta;
      DispatchLeafType(leaf_type, [&]<class Traits>() {
        meta = encoder.EncodeNested<Traits>(leaves[leaf], physical);
      });
      meta.path = std::move(paths[leaf].path);
      block->columns.push_back(std::move(meta));
    }
  }
  return block;
}

std::unique_ptr<FileWriteState> ParquetWriter::BeginFile(OutputFile& file) const {
  file.Write(std::string_view(kMagic, 4));
  return std::make_unique<ParquetFileState>();
}

void ParquetWriter::AppendBlock(FileWriteState& state, OutputFile& file,
                                EncodedBlock& block) const {
  auto& parquet_state = static_cast<ParquetFileState&>(state);
  auto& parquet_block = static_cast<ParquetBlock&>(block);
  if (parquet_block.row_count == 0) return;
  auto base = static_cast<int64_t>(file.offset());
  RowGroupMeta row_group;
  row_group.num_rows = static_cast<int64_t>(parquet_block.row_count);
  row_group.file_offset = base;
  for (auto& column : parquet_block.columns) {
    column.data_page_offset += base;
    if (column.dictionary_page_offset >= 0) column.dictionary_page_offset += base;
    row_group.columns.push_back(std::move(column));
  }
  file.Write(parquet_block.bytes);
  parquet_state.num_rows += row_group.num_rows;
  parquet_state.row_groups.push_back(std::move(row_group));
}

void ParquetWriter::FinishFile(FileWriteState& state, OutputFile& file) const {
  auto& parquet_state = static_cast<ParquetFileState&>(state);
  ThriftCompactWriter writer;
  writer.BeginStruct();
  writer.FieldI32(1, 1);
  size_t elements = 1;
  for (const LogicalType& type : types_) elements += SchemaElementCount(type);
  writer.FieldListBegin(2, ThriftType::kStruct, static_cast<uint32_t>(elements));
  writer.BeginStruct();
  writer.FieldBinary(4, "tarn_schema");
  writer.FieldI32(5, static_cast<int32_t>(types_.size()));
  writer.EndStruct();
  std::vector<LogicalType> leaf_types;
  for (size_t i = 0; i < types_.size(); i++) {
    WriteSchemaTree(writer, names_[i], types_[i], kRepetitionOptional);
    CollectLeafTypes(types_[i], &leaf_types);
  }
  writer.FieldI64(3, parquet_state.num_rows);
  writer.FieldListBegin(4, ThriftType::kStruct,
                        static_cast<uint32_t>(parquet_state.row_groups.size()));
  for (size_t g = 0; g < parquet_state.row_groups.size(); g++) {
    const RowGroupMeta& row_group = parquet_state.row_groups[g];
    writer.BeginStruct();
    writer.FieldListBegin(1, ThriftType::kStruct, static_cast<uint32_t>(row_group.columns.size()));
    int64_t total_uncompressed = 0;
    int64_t total_compressed = 0;
    for (size_t c = 0; c < row_group.columns.size(); c++) {
      const ColumnChunkMeta& column = row_group.columns[c];
      total_uncompressed += column.uncompressed_size;
      total_compressed += column.compressed_size;
      writer.BeginStruct();
      writer.FieldI64(2, column.dictionary_page_offset >= 0 ? column.dictionary_page_offset
                                                            : column.data_page_offset);
      writer.FieldStructBegin(3);
      WriteColumnMetadata(writer, column, options_.compression);
      writer.EndStruct();
      writer.EndStruct();
    }
    writer.FieldI64(2, total_uncompressed);
    writer.FieldI64(3, row_group.num_rows);
    writer.FieldI64(5, row_group.file_offset);
    writer.FieldI64(6, total_compressed);
    writer.FieldI16(7, static_cast<int16_t>(std::min<size_t>(g, INT16_MAX)));
    writer.EndStruct();
  }
  writer.FieldBinary(6, "tarn");
  writer.FieldListBegin(7, ThriftType::kStruct, static_cast<uint32_t>(leaf_types.size()));
  for (size_t i = 0; i < leaf_types.size(); i++) {
    writer.BeginStruct();
    writer.FieldStructBegin(1);  // TYPE_ORDER
    writer.EndStruct();
    writer.EndStruct();
  }
  writer.EndStruct();
  std::string footer = writer.Release();
  file.Write(footer);
  std::string trailer;
  AppendLittleEndian(static_cast<uint32_t>(footer.size()), &trailer);
  trailer.append(kMagic, 4);
  file.Write(trailer);
}

}  // namespace tarn
