#include "execution/operator/physical_hash_join.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>

#include "execution/expression_executor.h"
#include "execution/group_hash_table.h"
#include "execution/key_encoder.h"
#include "execution/pipeline.h"
#include "storage/spill_file.h"

namespace tarn {

std::string JoinTypeName(PhysicalJoinType type) {
  switch (type) {
    case PhysicalJoinType::kInner:
      return "INNER";
    case PhysicalJoinType::kLeft:
      return "LEFT";
    case PhysicalJoinType::kRight:
      return "RIGHT";
    case PhysicalJoinType::kFull:
      return "FULL";
    case PhysicalJoinType::kSemi:
      return "SEMI";
    case PhysicalJoinType::kAnti:
      return "ANTI";
    case PhysicalJoinType::kMark:
      return "MARK";
    case PhysicalJoinType::kRightSemi:
      return "RIGHT_SEMI";
    case PhysicalJoinType::kRightAnti:
      return "RIGHT_ANTI";
  }
  return "?";
}

namespace {

constexpr uint32_t kNoRow = UINT32_MAX;

void EncodeJoinKeys(ExpressionExecutor& executor,
                    const std::vector<BoundExpressionPtr>& key_expressions,
                    const std::vector<bool>& null_equal, DataChunk& input, DataChunk& key_chunk,
                    Arena& arena, std::string_view* keys, std::vector<uint8_t>& matchable,
                    size_t offset) {
  idx_t count = input.size();
  key_chunk.Reset();
  std::vector<const Vector*> columns;
  for (size_t k = 0; k < key_expressions.size(); k++) {
    executor.Execute(*key_expressions[k], input, key_chunk.column(k));
    columns.push_back(&key_chunk.column(k));
  }
  key_chunk.SetSize(count);
  EncodeKeys(columns, nullptr, count, {}, arena, keys);
  for (idx_t row = 0; row < count; row++) {
    bool ok = true;
    for (size_t k = 0; k < columns.size(); k++) {
      if (!null_equal[k] && !columns[k]->validity().RowIsValid(row)) ok = false;
    }
    matchable[offset + row] = ok;
  }
}

// Bytes of a key type that packs into a 64-bit key, or 0.
idx_t PackedWidth(const LogicalType& type) {
  switch (type.physical()) {
    case PhysicalType::kInt32:
      return 4;
    case PhysicalType::kInt64:
      return 8;
    default:
      return 0;
  }
}

// Evaluates the key expressions over `input` and packs each row's keys into one integer
// (the first key in the high bits); a row with a NULL key is flagged as not matchable.
void PackJoinKeys(ExpressionExecutor& executor,
                  const std::vector<BoundExpressionPtr>& key_expressions, DataChunk& input,
                  DataChunk& key_chunk, uint64_t* packed, std::vector<uint8_t>& matchable,
                  size_t offset) {
  idx_t count = input.size();
  key_chunk.Reset();
  for (size_t k = 0; k < key_expressions.size(); k++) {
    executor.Execute(*key_expressions[k], input, key_chunk.column(k));
  }
  key_chunk.SetSize(count);
  for (idx_t row = 0; row < count; row++) matchable[offset + row] = true;
  for (size_t k = 0; k < key_expressions.size(); k++) {
    const Vector& column = key_chunk.column(k);
    bool first = k == 0;
    if (column.type().physical() == PhysicalType::kInt64) {
      const auto* values = column.Data<int64_t>();
      for (idx_t row = 0; row < count; row++) packed[row] = static_cast<uint64_t>(values[row]);
    } else {
      const auto* values = column.Data<int32_t>();
      for (idx_t row = 0; row < count; row++) {
        uint64_t value = static_cast<uint32_t>(values[row]);
        packed[row] = first ? value : (packed[row] << 32) | value;
      }
    }
    if (!column.validity().AllValid()) {
      for (idx_t row = 0; row < count; row++) {
        if (!column.validity().RowIsValid(row)) matchable[offset + row] = false;
      }
    }
  }
}

inline uint64_t MixPackedKey(uint64_t key) {
  key ^= key >> 33;
  key *= 0xFF51AFD7ED558CCDULL;
  key ^= key >> 33;
  return key;
}

// Up to this size a packed-key table is kept at a load factor of at most 1/16.
constexpr size_t kSparseTableBytes = 256 * 1024;

// Open-addressing table from a packed key to the first build row with that key.
struct PackedSlot {
  uint64_t key;
  uint32_t row;
};

// Spilling splits rows into kPartitions by kPartitionBits bits of their key's hash: the
// top bits at level 0, the next ones at each deeper level.
constexpr int kPartitionBits = 4;
constexpr uint32_t kPartitions = 1u << kPartitionBits;
constexpr uint32_t kAllPartitions = (1u << kPartitions) - 1;
constexpr int kMaxSpillLevel = 8;

uint32_t PartitionOf(uint64_t hash, int level) {
  return static_cast<uint32_t>(hash >> (64 - kPartitionBits * (level + 1))) & (kPartitions - 1);
}

// A partition for a row that can never match: any partition is right, so spread them.
uint64_t UnmatchableHash(uint64_t& salt) { return MixPackedKey(++salt * 0x9E3779B97F4A7C15ULL); }

// Estimated bytes a build row takes besides its values (key, chain link, flags, table
// slots); encoded keys also take twice their length (the row's copy and the table's).
constexpr uint64_t kPackedRowOverhead = 48;
constexpr uint64_t kEncodedRowOverhead = 96;

std::unique_ptr<SpillFile> CreateSpillFile(const std::string& directory, size_t buffer_bytes) {
  auto file = SpillFile::Create(directory, buffer_bytes);
  if (!file.ok()) ThrowError(file.status().code(), file.status().message());
  return std::move(file).value();
}

// Appends logical rows rows[0..count) of `source` to `file`, at most kVectorSize per
// written chunk (what a reader's chunk holds).
void AppendRows(SpillFile& file, const DataChunk& source, const uint32_t* rows, idx_t count) {
  for (idx_t start = 0; start < count; start += kVectorSize) {
    DataChunk view;
    view.Reference(source);
    view.Slice(rows + start, std::min<idx_t>(kVectorSize, count - start));
    file.Append(view);
  }
}

// Reads a spill file back in chunks of up to kVectorSize rows, gluing together the small
// pieces that rows were written in. Thread safety: none.
class SpillReader {
 public:
  SpillReader(std::unique_ptr<SpillFile> file, const std::vector<LogicalType>& types)
      : file_(std::move(file)), piece_(types) {
    file_->StartReading();
  }

  // Fills `target` (initialized with the file's types); false at the end.
  bool Next(DataChunk& target) {
    target.Reset();
    while (true) {
      if (!has_piece_) {
        if (!file_->Read(piece_)) break;
        has_piece_ = true;
      }
      if (target.size() > 0 && target.size() + piece_.size() > kVectorSize) break;
      target.Append(piece_);
      has_piece_ = false;
    }
    return target.size() > 0;
  }

 private:
  std::unique_ptr<SpillFile> file_;
  DataChunk piece_;
  bool has_piece_ = false;
};

}  // namespace

// Build rows held in memory before they are indexed: dense chunks and, per row, its key
// (packed or encoded, see PhysicalHashJoin::packed_keys_) and whether it can match.
struct HashJoinBuildRows {
  std::vector<DataChunk> chunks;
  std::vector<std::unique_ptr<Arena>> arenas;  // Hold the encoded keys; the last one grows.
  std::vector<std::string_view> keys;
  std::vector<uint64_t> packed;
  std::vector<uint8_t> matchable;
  uint64_t bytes = 0;  // Estimated memory, values and overhead.

  Arena& arena() {
    if (arenas.empty()) arenas.push_back(std::make_unique<Arena>(64 * 1024));
    return *arenas.back();
  }
};

// Indexed build rows: the in-memory part of the build side, or one spilled partition.
struct HashJoinTable {
  DataChunk rows;  // All build rows, concatenated.
  GroupHashTable table;
  std::vector<uint32_t> first;                      // Per key group, first build row.
  std::vector<uint32_t> next;                       // Per build row, next row with the same key.
  std::unique_ptr<std::atomic<uint8_t>[]> matched;  // Per build row (EmitsFinalBuildRows).
  idx_t row_count = 0;
  // Packed keys: the table from key to first row.
  std::vector<PackedSlot> packed_slots;
  uint64_t packed_mask = 0;

  uint32_t FindPacked(uint64_t key) const {
    uint64_t position = MixPackedKey(key) & packed_mask;
    while (true) {
      const PackedSlot& slot = packed_slots[position];
      if (slot.row == kNoRow || slot.key == key) return slot.row;
      position = (position + 1) & packed_mask;
    }
  }
};

// The spill files of one partition (level 0); `mutex` guards both.
struct HashJoinSpillPartition {
  std::mutex mutex;
  std::unique_ptr<SpillFile> build;
  std::unique_ptr<SpillFile> probe;
};

// A spilled pair of files waiting to be joined, and the level of its partitioning.
struct HashJoinSpillWork {
  std::unique_ptr<SpillFile> build;
  std::unique_ptr<SpillFile> probe;
  int level = 0;
};

struct HashJoinSink : GlobalSinkState {
  std::mutex mutex;
  uint64_t budget = 0;  // Bytes the build side may hold in memory.
  std::string temp_directory;
  size_t spill_buffer_bytes = SpillFile::kDefaultBufferBytes;
  OperatorProfile* profile = nullptr;  // Set when profiling.
  // Estimated bytes of the build rows in memory, over every thread.
  std::atomic<uint64_t> build_bytes{0};
  // Partitions (level 0) whose rows are on disk; only grows.
  std::atomic<uint32_t> spill_mask{0};
  std::atomic<uint64_t> spilled_build_rows{0};
  std::atomic<uint64_t> spilled_probe_rows{0};
  HashJoinBuildRows rows;  // Every thread's rows, combined.
  std::array<HashJoinSpillPartition, kPartitions> partitions;
  // After Finalize: the rows of the partitions in memory. GetFinalData takes it over.
  std::unique_ptr<HashJoinTable> table;

  void Spill(uint32_t partition, bool probe, const DataChunk& source, const uint32_t* rows,
             idx_t count) {
    HashJoinSpillPartition& target = partitions[partition];
    std::lock_guard<std::mutex> lock(target.mutex);
    std::unique_ptr<SpillFile>& file = probe ? target.probe : target.build;
    if (!file) file = CreateSpillFile(temp_directory, spill_buffer_bytes);
    AppendRows(*file, source, rows, count);
    (probe ? spilled_probe_rows : spilled_build_rows) += count;
  }
};

namespace {

struct HashJoinSinkLocal : LocalSinkState {
  ExpressionExecutor executor;
  DataChunk key_chunk;
  HashJoinBuildRows rows;
  uint32_t evicted_mask = 0;  // The spill_mask this thread's rows comply with.
  uint64_t salt = 0;
  // Keys of a chunk being split.
  std::vector<std::string_view> keys;
  std::vector<uint64_t> packed;
  std::vector<uint8_t> matchable;
};

}  // namespace

struct HashJoinProbe : OperatorState {
  ExpressionExecutor executor;
  DataChunk key_chunk;
  std::vector<std::string_view> keys;
  std::vector<uint64_t> packed;
  std::vector<uint8_t> matchable;
  // Progress through the current input chunk.
  bool active = false;
  bool tail_done = false;
  idx_t probe_row = 0;
  uint32_t chain = kNoRow;
  std::vector<uint32_t> heads;
  std::vector<uint8_t> probe_matched;
  // Rows written to a probe spill file (empty when none were).
  std::vector<uint8_t> deferred;
  std::array<std::vector<uint32_t>, kPartitions> routed;
  // Scratch.
  std::vector<uint32_t> pair_probe, pair_build, passing;
  // The build side's state, looked up once (the lookup takes the context's lock).
  HashJoinSink* global = nullptr;

  // GetFinalData: the table being emitted (the in-memory one, then each spilled
  // partition), its probe rows and the partitions still to join.
  bool final_started = false;
  std::unique_ptr<HashJoinTable> final_table;
  idx_t final_row = 0;
  std::unique_ptr<SpillReader> probe_reader;
  DataChunk probe_chunk;
  bool probe_pending = false;
  std::vector<HashJoinSpillWork> work;
  DataChunk build_key_chunk;
  uint64_t salt = 0;
  bool reported = false;  // Spill figures handed to EXPLAIN ANALYZE.
  idx_t splits = 0;       // Spilled partitions that were split again.
};

namespace {

HashJoinSink& BuildSide(ExecutionContext& context, const PhysicalOperator& join,
                        HashJoinProbe& state) {
  if (!state.global) state.global = &static_cast<HashJoinSink&>(context.SinkState(join));
  return *state.global;
}

std::vector<LogicalType> KeyTypes(const std::vector<BoundExpressionPtr>& keys) {
  std::vector<LogicalType> types;
  for (const auto& key : keys) types.push_back(key->type);
  return types;
}

}  // namespace

PhysicalHashJoin::PhysicalHashJoin(PhysicalJoinType join_type,
                                   std::vector<BoundExpressionPtr> probe_keys,
                                   std::vector<BoundExpressionPtr> build_keys,
                                   std::vector<bool> null_equal, BoundExpressionPtr residual,
                                   std::vector<LogicalType> probe_types,
                                   std::vector<LogicalType> build_types, double estimated_rows)
    : PhysicalOperator("HASH_JOIN", {}, estimated_rows),
      join_type_(join_type),
      probe_keys_(std::move(probe_keys)),
      build_keys_(std::move(build_keys)),
      null_equal_(std::move(null_equal)),
      residual_(std::move(residual)),
      probe_types_(std::move(probe_types)),
      build_types_(std::move(build_types)) {
  if (probe_keys_.empty()) name_ = "NESTED_LOOP_JOIN";
  idx_t packed_width = 0;
  packed_keys_ = !probe_keys_.empty() && probe_keys_.size() == build_keys_.size();
  for (size_t k = 0; packed_keys_ && k < probe_keys_.size(); k++) {
    idx_t width = PackedWidth(probe_keys_[k]->type);
    packed_width += width;
    packed_keys_ = width > 0 && probe_keys_[k]->type == build_keys_[k]->type && !null_equal_[k] &&
                   packed_width <= 8;
  }
  types_ = EmitsBuildSideOnly() ? build_types_ : probe_types_;
  if (EmitsBuildColumns()) types_.insert(types_.end(), build_types_.begin(), build_types_.end());
  if (join_type_ == PhysicalJoinType::kMark) types_.push_back(LogicalType(TypeId::kBoolean));
}

void PhysicalHashJoin::ComputeKeys(ExpressionExecutor& executor,
                                   const std::vector<BoundExpressionPtr>& keys, DataChunk& input,
                                   DataChunk& key_chunk, Arena& arena,
                                   std::vector<std::string_view>& encoded,
                                   std::vector<uint64_t>& packed, std::vector<uint8_t>& matchable,
                                   size_t offset) const {
  idx_t count = input.size();
  matchable.resize(offset + count);
  if (packed_keys_) {
    packed.resize(offset + count);
    PackJoinKeys(executor, keys, input, key_chunk, packed.data() + offset, matchable, offset);
  } else {
    encoded.resize(offset + count);
    EncodeJoinKeys(executor, keys, null_equal_, input, key_chunk, arena, encoded.data() + offset,
                   matchable, offset);
  }
}

uint64_t PhysicalHashJoin::KeyHash(const std::vector<std::string_view>& encoded,
                                   const std::vector<uint64_t>& packed, idx_t row) const {
  return packed_keys_ ? MixPackedKey(packed[row]) : HashKey(encoded[row]);
}

void PhysicalHashJoin::AppendBuildChunk(HashJoinBuildRows& rows, ExpressionExecutor& executor,
                                        DataChunk& key_chunk, DataChunk& input) const {
  DataChunk dense(build_types_, std::max<idx_t>(1, input.size()));
  dense.Append(input);
  size_t offset = rows.matchable.size();
  ComputeKeys(executor, build_keys_, dense, key_chunk, rows.arena(), rows.keys, rows.packed,
              rows.matchable, offset);
  uint64_t bytes = dense.EstimatedBytes();
  if (packed_keys_) {
    bytes += dense.size() * kPackedRowOverhead;
  } else {
    bytes += dense.size() * kEncodedRowOverhead;
    for (size_t i = offset; i < rows.keys.size(); i++) bytes += 2 * rows.keys[i].size();
  }
  rows.bytes += bytes;
  rows.chunks.push_back(std::move(dense));
}

void PhysicalHashJoin::AddBuildRows(HashJoinSink& global, HashJoinBuildRows& rows,
                                    const DataChunk& chunk, const std::string_view* keys,
                                    const uint64_t* packed, const uint8_t* matchable, uint32_t mask,
                                    uint64_t& salt) const {
  idx_t count = chunk.size();
  std::array<std::vector<uint32_t>, kPartitions> spilled;
  std::vector<uint32_t> kept;
  for (idx_t row = 0; row < count; row++) {
    uint64_t hash = !matchable[row] ? UnmatchableHash(salt)
                    : packed_keys_  ? MixPackedKey(packed[row])
                                    : HashKey(keys[row]);
    uint32_t partition = PartitionOf(hash, 0);
    if (mask >> partition & 1) {
      spilled[partition].push_back(static_cast<uint32_t>(row));
    } else {
      kept.push_back(static_cast<uint32_t>(row));
    }
  }
  for (uint32_t p = 0; p < kPartitions; p++) {
    if (!spilled[p].empty()) global.Spill(p, false, chunk, spilled[p].data(), spilled[p].size());
  }
  if (kept.empty()) return;
  DataChunk view;
  view.Reference(chunk);
  view.Slice(kept.data(), kept.size());
  DataChunk dense(build_types_, kept.size());
  dense.Append(view);
  // Kept rows must not hold on to the buffers of the rows that left.
  for (idx_t c = 0; c < dense.ColumnCount(); c++) dense.column(c).MakeStringsOwned(dense.size());
  uint64_t bytes = dense.EstimatedBytes();
  Arena& arena = rows.arena();
  for (uint32_t row : kept) {
    rows.matchable.push_back(matchable[row]);
    if (packed_keys_) {
      rows.packed.push_back(packed[row]);
    } else {
      rows.keys.push_back(arena.AddString(keys[row]));
      bytes += 2 * keys[row].size();
    }
  }
  bytes += kept.size() * (packed_keys_ ? kPackedRowOverhead : kEncodedRowOverhead);
  rows.bytes += bytes;
  rows.chunks.push_back(std::move(dense));
}

void PhysicalHashJoin::EvictPartitions(HashJoinSink& global, HashJoinBuildRows& rows, uint32_t mask,
                                       uint64_t& salt) const {
  HashJoinBuildRows old = std::move(rows);
  rows = HashJoinBuildRows();
  idx_t offset = 0;
  for (auto& chunk : old.chunks) {
    AddBuildRows(global, rows, chunk, packed_keys_ ? nullptr : old.keys.data() + offset,
                 packed_keys_ ? old.packed.data() + offset : nullptr, old.matchable.data() + offset,
                 mask, salt);
    offset += chunk.size();
    chunk = DataChunk();
  }
}

uint32_t PhysicalHashJoin::ChooseSpillPartitions(const HashJoinBuildRows& rows,
                                                 uint32_t mask) const {
  if (mask == kAllPartitions) return 0;
  std::array<uint64_t, kPartitions> bytes{};
  idx_t offset = 0;
  for (const auto& chunk : rows.chunks) {
    idx_t count = chunk.size();
    uint64_t row_bytes = chunk.EstimatedBytes() / std::max<idx_t>(count, 1) +
                         (packed_keys_ ? kPackedRowOverhead : kEncodedRowOverhead);
    for (idx_t row = offset; row < offset + count; row++) {
      if (!rows.matchable[row]) continue;
      bytes[PartitionOf(KeyHash(rows.keys, rows.packed, row), 0)] += row_bytes;
    }
    offset += count;
  }
  uint64_t total = 0;
  std::vector<uint32_t> candidates;
  for (uint32_t p = 0; p < kPartitions; p++) {
    if (mask >> p & 1) continue;
    total += bytes[p];
    candidates.push_back(p);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](uint32_t a, uint32_t b) { return bytes[a] > bytes[b]; });
  // The largest partitions first, until about half of the rows go; at least one (rows
  // that cannot match are spread over all partitions and count for none).
  uint32_t chosen = 0;
  uint64_t chosen_bytes = 0;
  for (uint32_t p : candidates) {
    if (chosen != 0 && chosen_bytes * 2 >= total) break;
    chosen |= 1u << p;
    chosen_bytes += bytes[p];
  }
  return chosen;
}

std::unique_ptr<HashJoinTable> PhysicalHashJoin::BuildTable(HashJoinBuildRows rows) const {
  auto table = std::make_unique<HashJoinTable>();
  idx_t total = rows.matchable.size();
  if (total >= kNoRow) {
    ThrowError(ErrorCode::kOutOfMemory,
               "the build side of a hash join has more than 4 billion rows in memory; lower "
               "memory_limit so that it spills, or filter the smaller side");
  }
  table->rows.Initialize(build_types_, std::max<idx_t>(total, 1));
  for (auto& chunk : rows.chunks) {
    table->rows.Append(chunk);
    chunk = DataChunk();
  }
  rows.chunks.clear();
  table->row_count = total;
  table->next.assign(total, kNoRow);
  if (packed_keys_) {
    // Sized for a load factor of at most one half: no growing while inserting. A small
    // table gets sparser (up to kSparseTableBytes) so that a probe key that is absent,
    // the common case of a selective build side, mostly meets an empty slot at once.
    size_t slots = 16;
    while (slots < total * 2) slots *= 2;
    while (slots < total * 16 && slots * sizeof(PackedSlot) < kSparseTableBytes) slots *= 2;
    table->packed_slots.assign(slots, PackedSlot{0, kNoRow});
    table->packed_mask = slots - 1;
    // Insert in reverse so that each chain lists rows in build order.
    for (idx_t i = total; i-- > 0;) {
      if (!rows.matchable[i]) continue;
      uint64_t key = rows.packed[i];
      uint64_t position = MixPackedKey(key) & table->packed_mask;
      while (table->packed_slots[position].row != kNoRow &&
             table->packed_slots[position].key != key) {
        position = (position + 1) & table->packed_mask;
      }
      PackedSlot& slot = table->packed_slots[position];
      table->next[i] = slot.row;
      slot.key = key;
      slot.row = static_cast<uint32_t>(i);
    }
  } else {
    // Insert in reverse so that each chain lists rows in build order.
    for (idx_t i = total; i-- > 0;) {
      if (!rows.matchable[i]) continue;
      bool inserted;
      uint32_t group = table->table.FindOrInsertOne(rows.keys[i], HashKey(rows.keys[i]), &inserted);
      if (inserted) table->first.push_back(kNoRow);
      table->next[i] = table->first[group];
      table->first[group] = static_cast<uint32_t>(i);
    }
  }
  if (EmitsFinalBuildRows()) {
    table->matched.reset(new std::atomic<uint8_t>[std::max<idx_t>(total, 1)]);
    for (idx_t i = 0; i < total; i++) table->matched[i].store(0, std::memory_order_relaxed);
  }
  return table;
}

std::unique_ptr<GlobalSinkState> PhysicalHashJoin::GetGlobalSinkState(
    ExecutionContext& context) const {
  auto global = std::make_unique<HashJoinSink>();
  // Half of memory_limit: the rest serves the probe pipeline and the operators around.
  global->budget = context.memory_limit() / 2;
  global->temp_directory = context.temp_directory();
  // Up to 32 files are written at once: their buffers take a small share of the limit.
  global->spill_buffer_bytes =
      std::clamp<size_t>(context.memory_limit() / 128, 16 * 1024, SpillFile::kDefaultBufferBytes);
  if (context.profiling()) global->profile = &context.Profile(*this);
  return global;
}

std::unique_ptr<LocalSinkState> PhysicalHashJoin::GetLocalSinkState(ExecutionContext&,
                                                                    GlobalSinkState&) const {
  auto local = std::make_unique<HashJoinSinkLocal>();
  local->key_chunk.Initialize(KeyTypes(build_keys_));
  return local;
}

SinkResult PhysicalHashJoin::Sink(ExecutionContext& context, GlobalSinkState& global_state,
                                  LocalSinkState& local_state, DataChunk& input) const {
  auto& local = static_cast<HashJoinSinkLocal&>(local_state);
  auto& global = static_cast<HashJoinSink&>(global_state);
  // Moves this thread's rows of newly spilled partitions to disk.
  auto comply = [&](uint32_t mask) {
    uint64_t before = local.rows.bytes;
    EvictPartitions(global, local.rows, mask, local.salt);
    local.evicted_mask = mask;
    global.build_bytes.fetch_sub(before, std::memory_order_relaxed);
    global.build_bytes.fetch_add(local.rows.bytes, std::memory_order_relaxed);
  };
  uint32_t mask = global.spill_mask.load(std::memory_order_acquire);
  if (mask != local.evicted_mask) comply(mask);
  uint64_t before = local.rows.bytes;
  if (mask == 0) {
    AppendBuildChunk(local.rows, local.executor, local.key_chunk, input);
  } else {
    Arena arena(input.size() * 16 + 64);
    ComputeKeys(local.executor, build_keys_, input, local.key_chunk, arena, local.keys,
                local.packed, local.matchable, 0);
    AddBuildRows(global, local.rows, input, packed_keys_ ? nullptr : local.keys.data(),
                 packed_keys_ ? local.packed.data() : nullptr, local.matchable.data(), mask,
                 local.salt);
  }
  uint64_t added = local.rows.bytes - before;
  uint64_t total = global.build_bytes.fetch_add(added, std::memory_order_relaxed) + added;
  if (total > global.budget && probe_keys_.empty()) {
    // Every row has the same (empty) key: splitting by key cannot help.
    ThrowError(ErrorCode::kOutOfMemory,
               "the build side of a join without an equality condition needs more than "
               "memory_limit (" +
                   std::to_string(context.memory_limit() >> 20) +
                   " MB) and cannot spill to disk: raise memory_limit, or filter the smaller "
                   "side");
  }
  if (total > global.budget) {
    // Over budget: spill the largest partitions of this thread's rows (other threads
    // follow at their next chunk).
    uint32_t more = ChooseSpillPartitions(local.rows, mask);
    if (more != 0) global.spill_mask.fetch_or(more, std::memory_order_acq_rel);
    mask = global.spill_mask.load(std::memory_order_acquire);
    if (mask != local.evicted_mask) comply(mask);
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalHashJoin::Combine(ExecutionContext&, GlobalSinkState& global_state,
                               LocalSinkState& local_state) const {
  auto& global = static_cast<HashJoinSink&>(global_state);
  auto& local = static_cast<HashJoinSinkLocal&>(local_state);
  std::lock_guard<std::mutex> lock(global.mutex);
  HashJoinBuildRows& rows = global.rows;
  for (auto& chunk : local.rows.chunks) rows.chunks.push_back(std::move(chunk));
  rows.keys.insert(rows.keys.end(), local.rows.keys.begin(), local.rows.keys.end());
  rows.packed.insert(rows.packed.end(), local.rows.packed.begin(), local.rows.packed.end());
  rows.matchable.insert(rows.matchable.end(), local.rows.matchable.begin(),
                        local.rows.matchable.end());
  for (auto& arena : local.rows.arenas) rows.arenas.push_back(std::move(arena));
  rows.bytes += local.rows.bytes;
  local.rows = HashJoinBuildRows();
}

void PhysicalHashJoin::Finalize(ExecutionContext&, GlobalSinkState& global_state) const {
  auto& global = static_cast<HashJoinSink&>(global_state);
  uint64_t salt = 0;
  uint32_t mask = global.spill_mask.load();
  if (mask != 0) EvictPartitions(global, global.rows, mask, salt);
  while (global.rows.bytes > global.budget && mask != kAllPartitions) {
    uint32_t more = ChooseSpillPartitions(global.rows, mask);
    if (more == 0) break;
    mask |= more;
    global.spill_mask.store(mask);
    EvictPartitions(global, global.rows, mask, salt);
  }
  // No more build rows are written: free the files' buffers.
  for (auto& partition : global.partitions) {
    if (partition.build) partition.build->StartReading();
  }
  global.table = BuildTable(std::move(global.rows));
  global.rows = HashJoinBuildRows();
}

std::unique_ptr<OperatorState> PhysicalHashJoin::GetOperatorState(ExecutionContext&) const {
  auto state = std::make_unique<HashJoinProbe>();
  state->key_chunk.Initialize(KeyTypes(probe_keys_));
  return state;
}

OperatorResult PhysicalHashJoin::Execute(ExecutionContext& context, DataChunk& input,
                                         DataChunk& output, OperatorState& operator_state) const {
  auto& state = static_cast<HashJoinProbe&>(operator_state);
  HashJoinSink& global = BuildSide(context, *this, state);
  HashJoinSink* route = global.spill_mask.load(std::memory_order_relaxed) != 0 ? &global : nullptr;
  return Probe(*global.table, route, input, output, state);
}

void PhysicalHashJoin::RouteSpilledProbeRows(HashJoinSink& global, DataChunk& input,
                                             HashJoinProbe& state) const {
  uint32_t mask = global.spill_mask.load(std::memory_order_relaxed);
  idx_t count = input.size();
  state.deferred.assign(count, 0);
  for (auto& rows : state.routed) rows.clear();
  for (idx_t row = 0; row < count; row++) {
    if (!state.matchable[row]) continue;
    uint32_t partition = PartitionOf(KeyHash(state.keys, state.packed, row), 0);
    if (!(mask >> partition & 1)) continue;
    state.routed[partition].push_back(static_cast<uint32_t>(row));
    state.matchable[row] = 0;
    state.deferred[row] = 1;
  }
  for (uint32_t p = 0; p < kPartitions; p++) {
    if (!state.routed[p].empty()) {
      global.Spill(p, true, input, state.routed[p].data(), state.routed[p].size());
    }
  }
}

OperatorResult PhysicalHashJoin::Probe(HashJoinTable& table, HashJoinSink* route, DataChunk& input,
                                       DataChunk& output, HashJoinProbe& state) const {
  idx_t count = input.size();
  size_t probe_columns = probe_types_.size();
  if (!state.active) {
    state.heads.assign(count, kNoRow);
    Arena arena(packed_keys_ ? 64 : count * 16 + 64);
    ComputeKeys(state.executor, probe_keys_, input, state.key_chunk, arena, state.keys,
                state.packed, state.matchable, 0);
    if (route) {
      RouteSpilledProbeRows(*route, input, state);
    } else {
      state.deferred.clear();
    }
    if (table.row_count > 0) {
      if (packed_keys_) {
        for (idx_t row = 0; row < count; row++) {
          if (state.matchable[row]) state.heads[row] = table.FindPacked(state.packed[row]);
        }
      } else {
        for (idx_t row = 0; row < count; row++) {
          if (!state.matchable[row]) continue;
          uint32_t group = table.table.FindOne(state.keys[row], HashKey(state.keys[row]));
          if (group != GroupHashTable::kNotFound) state.heads[row] = table.first[group];
        }
      }
    }
    state.probe_matched.assign(count, false);
    state.active = true;
    state.tail_done = false;
    state.probe_row = 0;
    state.chain = count > 0 ? state.heads[0] : kNoRow;
  }

  bool needs_pairs = EmitsBuildColumns() || residual_ != nullptr;
  if (!needs_pairs && EmitsBuildSideOnly()) {
    // Every build row with the key of a probe row matches. A chain's rows share one key
    // and are flagged together, so a flagged head means the whole chain is done.
    for (idx_t row = 0; row < count; row++) {
      uint32_t chain = state.heads[row];
      if (chain == kNoRow || table.matched[chain].load(std::memory_order_relaxed)) continue;
      for (; chain != kNoRow; chain = table.next[chain]) {
        table.matched[chain].store(1, std::memory_order_relaxed);
      }
    }
    state.probe_row = count;
  } else if (!needs_pairs) {
    // SEMI / ANTI without a residual: a probe row matches when its key exists.
    for (idx_t row = 0; row < count; row++) state.probe_matched[row] = state.heads[row] != kNoRow;
    state.probe_row = count;
  }

  if (state.probe_row < count) {
    // Gather up to one vector of (probe, build) pairs.
    state.pair_probe.clear();
    state.pair_build.clear();
    while (state.probe_row < count && state.pair_probe.size() < kVectorSize) {
      if (state.chain == kNoRow) {
        state.probe_row++;
        if (state.probe_row < count) state.chain = state.heads[state.probe_row];
        continue;
      }
      state.pair_probe.push_back(static_cast<uint32_t>(state.probe_row));
      state.pair_build.push_back(state.chain);
      state.chain = table.next[state.chain];
    }
    idx_t pairs = state.pair_probe.size();
    if (pairs > 0) {
      DataChunk joined(std::vector<LogicalType>(), 0);
      DataChunk* target = &output;
      if (!EmitsBuildColumns()) {
        std::vector<LogicalType> joined_types = probe_types_;
        joined_types.insert(joined_types.end(), build_types_.begin(), build_types_.end());
        joined.Initialize(joined_types);
        target = &joined;
      }
      std::vector<uint32_t> probe_physical(pairs);
      for (idx_t i = 0; i < pairs; i++) probe_physical[i] = input.RowIndex(state.pair_probe[i]);
      for (size_t c = 0; c < probe_columns; c++) {
        target->column(c).CopyFrom(input.column(c), probe_physical.data(), pairs, 0);
      }
      for (size_t c = 0; c < build_types_.size(); c++) {
        target->column(probe_columns + c)
            .CopyFrom(table.rows.column(c), state.pair_build.data(), pairs, 0);
      }
      target->SetSize(pairs);
      idx_t passing = pairs;
      const uint32_t* passing_rows = nullptr;
      if (residual_) {
        state.passing.resize(pairs);
        passing = state.executor.Select(*residual_, *target, state.passing.data());
        passing_rows = state.passing.data();
      }
      for (idx_t i = 0; i < passing; i++) {
        idx_t pair = passing_rows ? passing_rows[i] : i;
        state.probe_matched[state.pair_probe[pair]] = true;
        if (table.matched)
          table.matched[state.pair_build[pair]].store(1, std::memory_order_relaxed);
      }
      if (EmitsBuildColumns()) {
        if (passing_rows && passing < pairs) output.Slice(passing_rows, passing);
      }
      if (EmitsBuildColumns() && output.size() > 0) return OperatorResult::kHaveMoreOutput;
    }
    if (state.probe_row < count) return OperatorResult::kHaveMoreOutput;
  }

  // Tail: rows decided by whether they matched at all; rows sent to a spill file are
  // decided when their partition is joined.
  if (!state.tail_done) {
    state.tail_done = true;
    bool is_mark = join_type_ == PhysicalJoinType::kMark;
    bool emit_matched = join_type_ == PhysicalJoinType::kSemi || is_mark;
    bool emit_unmatched = EmitsUnmatchedProbeRows();
    if (emit_matched || emit_unmatched) {
      bool any_deferred = !state.deferred.empty();
      std::vector<uint32_t> rows;
      std::vector<uint32_t> physical;
      for (idx_t row = 0; row < count; row++) {
        if (any_deferred && state.deferred[row]) continue;
        if (state.probe_matched[row] ? emit_matched : emit_unmatched) {
          rows.push_back(static_cast<uint32_t>(row));
          physical.push_back(input.RowIndex(row));
        }
      }
      if (!rows.empty()) {
        output.Reset();
        for (size_t c = 0; c < probe_columns; c++) {
          output.column(c).CopyFrom(input.column(c), physical.data(), physical.size(), 0);
        }
        if (EmitsBuildColumns()) {
          for (size_t c = 0; c < build_types_.size(); c++) {
            output.column(probe_columns + c).validity().SetAllInvalid(rows.size());
          }
        }
        if (is_mark) {
          bool* matched = output.column(probe_columns).Data<bool>();
          for (size_t i = 0; i < rows.size(); i++) matched[i] = state.probe_matched[rows[i]];
        }
        output.SetSize(rows.size());
      }
    }
  }
  state.active = false;
  return OperatorResult::kNeedMoreInput;
}

void PhysicalHashJoin::EmitFinalBuildRows(HashJoinTable& table, idx_t& cursor,
                                          DataChunk& output) const {
  // RIGHT_SEMI emits the matched build rows, the others the unmatched ones.
  uint8_t wanted = join_type_ == PhysicalJoinType::kRightSemi ? 1 : 0;
  std::vector<uint32_t> rows;
  while (cursor < table.row_count && rows.size() < kVectorSize) {
    if (table.matched[cursor].load(std::memory_order_relaxed) == wanted) {
      rows.push_back(static_cast<uint32_t>(cursor));
    }
    cursor++;
  }
  if (rows.empty()) return;
  if (EmitsBuildSideOnly()) {
    for (size_t c = 0; c < build_types_.size(); c++) {
      output.column(c).CopyFrom(table.rows.column(c), rows.data(), rows.size(), 0);
    }
    output.SetSize(rows.size());
    return;
  }
  size_t probe_columns = probe_types_.size();
  for (size_t c = 0; c < probe_columns; c++) output.column(c).validity().SetAllInvalid(rows.size());
  for (size_t c = 0; c < build_types_.size(); c++) {
    output.column(probe_columns + c).CopyFrom(table.rows.column(c), rows.data(), rows.size(), 0);
  }
  output.SetSize(rows.size());
}

void PhysicalHashJoin::GetFinalData(ExecutionContext& context, OperatorState& operator_state,
                                    DataChunk& output) const {
  auto& state = static_cast<HashJoinProbe&>(operator_state);
  HashJoinSink& global = BuildSide(context, *this, state);
  if (!state.final_started) {
    // The probe input is exhausted: the in-memory table's final rows come first, then
    // the spilled partitions.
    state.final_started = true;
    state.final_table = std::move(global.table);
    state.final_row = 0;
    for (auto& partition : global.partitions) {
      if (!partition.build && !partition.probe) continue;
      if (partition.probe) partition.probe->StartReading();
      HashJoinSpillWork work;
      work.build = std::move(partition.build);
      work.probe = std::move(partition.probe);
      state.work.push_back(std::move(work));
    }
    state.probe_chunk.Initialize(probe_types_);
    state.build_key_chunk.Initialize(KeyTypes(build_keys_));
  }
  while (true) {
    if (state.final_table) {
      if (state.probe_pending) {
        output.Reset();
        if (Probe(*state.final_table, nullptr, state.probe_chunk, output, state) ==
            OperatorResult::kNeedMoreInput) {
          state.probe_pending = false;
        }
        if (output.size() > 0) return;
        continue;
      }
      if (state.probe_reader) {
        context.CheckInterrupted();
        if (state.probe_reader->Next(state.probe_chunk)) {
          state.probe_pending = true;
          state.active = false;
          continue;
        }
        state.probe_reader.reset();
      }
      if (EmitsFinalBuildRows()) {
        output.Reset();
        EmitFinalBuildRows(*state.final_table, state.final_row, output);
        if (output.size() > 0) return;
      }
      state.final_table.reset();
      continue;
    }
    if (state.work.empty()) {
      output.Reset();
      if (global.profile && !state.reported) {
        state.reported = true;
        uint64_t build_rows = global.spilled_build_rows.load();
        uint64_t probe_rows = global.spilled_probe_rows.load();
        if (build_rows > 0 || probe_rows > 0) {
          std::string line = "spilled to disk: " + std::to_string(build_rows) + " build rows, " +
                             std::to_string(probe_rows) + " probe rows";
          if (state.splits > 0) {
            line += "; partitions split again: " + std::to_string(state.splits);
          }
          std::lock_guard<std::mutex> lock(global.profile->details_mutex);
          global.profile->details.push_back(line);
        }
      }
      return;
    }
    HashJoinSpillWork work = std::move(state.work.back());
    state.work.pop_back();
    StartPartition(context, global, state, std::move(work));
  }
}

void PhysicalHashJoin::StartPartition(ExecutionContext& context, HashJoinSink& global,
                                      HashJoinProbe& state, HashJoinSpillWork work) const {
  bool has_build = work.build && work.build->rows() > 0;
  bool has_probe = work.probe && work.probe->rows() > 0;
  // Skip pairs that cannot produce a row.
  if (!has_probe && !EmitsUnmatchedBuildRows()) return;
  if (!has_build && !EmitsUnmatchedProbeRows()) return;
  if (has_build) {
    uint64_t bytes = work.build->bytes();
    uint64_t estimate =
        (packed_keys_ ? bytes : 2 * bytes) +
        work.build->rows() * (packed_keys_ ? kPackedRowOverhead : kEncodedRowOverhead);
    if (estimate > global.budget) {
      Repartition(context, global, state, std::move(work));
      return;
    }
  }
  HashJoinBuildRows rows;
  if (has_build) {
    SpillReader reader(std::move(work.build), build_types_);
    DataChunk chunk(build_types_);
    while (reader.Next(chunk)) {
      context.CheckInterrupted();
      AppendBuildChunk(rows, state.executor, state.build_key_chunk, chunk);
    }
  }
  state.final_table = BuildTable(std::move(rows));
  state.final_row = 0;
  state.probe_pending = false;
  if (has_probe)
    state.probe_reader = std::make_unique<SpillReader>(std::move(work.probe), probe_types_);
}

void PhysicalHashJoin::Repartition(ExecutionContext& context, HashJoinSink& global,
                                   HashJoinProbe& state, HashJoinSpillWork work) const {
  int level = work.level + 1;
  auto fail = [&] {
    ThrowError(ErrorCode::kOutOfMemory,
               "the build side of a hash join needs more than memory_limit (" +
                   std::to_string(context.memory_limit() >> 20) +
                   " MB) even after spilling to disk: one join key has more rows than fit; "
                   "raise memory_limit, or filter or pre-aggregate the smaller side");
  };
  if (level > kMaxSpillLevel) fail();
  state.splits++;
  std::array<std::unique_ptr<SpillFile>, kPartitions> build_files;
  std::array<std::unique_ptr<SpillFile>, kPartitions> probe_files;
  std::array<std::vector<uint32_t>, kPartitions> routed;
  // Whether every build row that can match has the same hash: more bits cannot split them.
  bool one_hash = true;
  bool seen_hash = false;
  uint64_t first_hash = 0;
  idx_t unmatchable_rows = 0;
  idx_t total_rows = 0;
  auto split = [&](std::unique_ptr<SpillFile> file, const std::vector<LogicalType>& types,
                   const std::vector<BoundExpressionPtr>& keys, DataChunk& key_chunk,
                   std::array<std::unique_ptr<SpillFile>, kPartitions>& files, bool build) {
    SpillReader reader(std::move(file), types);
    DataChunk chunk(types);
    while (reader.Next(chunk)) {
      context.CheckInterrupted();
      idx_t count = chunk.size();
      Arena arena(packed_keys_ ? 64 : count * 16 + 64);
      ComputeKeys(state.executor, keys, chunk, key_chunk, arena, state.keys, state.packed,
                  state.matchable, 0);
      for (auto& rows : routed) rows.clear();
      for (idx_t row = 0; row < count; row++) {
        uint64_t hash;
        if (state.matchable[row]) {
          hash = KeyHash(state.keys, state.packed, row);
          if (build) {
            if (seen_hash && hash != first_hash) one_hash = false;
            first_hash = hash;
            seen_hash = true;
          }
        } else {
          hash = UnmatchableHash(state.salt);
          if (build) unmatchable_rows++;
        }
        routed[PartitionOf(hash, level)].push_back(static_cast<uint32_t>(row));
      }
      if (build) total_rows += count;
      for (uint32_t p = 0; p < kPartitions; p++) {
        if (routed[p].empty()) continue;
        if (!files[p]) files[p] = CreateSpillFile(global.temp_directory, global.spill_buffer_bytes);
        AppendRows(*files[p], chunk, routed[p].data(), routed[p].size());
      }
    }
  };
  split(std::move(work.build), build_types_, build_keys_, state.build_key_chunk, build_files, true);
  // Rows that cannot match spread out with every split; rows of one key never do.
  if (one_hash && unmatchable_rows * 2 < total_rows) fail();
  if (work.probe)
    split(std::move(work.probe), probe_types_, probe_keys_, state.key_chunk, probe_files, false);
  for (uint32_t p = 0; p < kPartitions; p++) {
    if (!build_files[p] && !probe_files[p]) continue;
    HashJoinSpillWork child;
    child.build = std::move(build_files[p]);
    child.probe = std::move(probe_files[p]);
    if (child.build) child.build->StartReading();
    if (child.probe) child.probe->StartReading();
    child.level = level;
    state.work.push_back(std::move(child));
  }
}

void PhysicalHashJoin::BuildPipelines(PipelineBuilder& builder) const {
  auto& operators = builder.current().operators;
  operators.insert(operators.begin(), this);
  builder.BuildChildPipeline(*this, *children[1]);
  children[0]->BuildPipelines(builder);
}

std::vector<std::string> PhysicalHashJoin::Details() const {
  std::vector<std::string> details{JoinTypeName(join_type_)};
  for (size_t i = 0; i < probe_keys_.size(); i++) {
    details.push_back(probe_keys_[i]->ToString() +
                      (null_equal_[i] ? " IS NOT DISTINCT FROM " : " = ") +
                      build_keys_[i]->ToString());
  }
  if (residual_) details.push_back("residual: " + residual_->ToString());
  return details;
}

}  // namespace tarn
