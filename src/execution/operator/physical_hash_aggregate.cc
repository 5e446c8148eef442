#include "execution/operator/physical_hash_aggregate.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <numeric>

#include "execution/expression_executor.h"
#include "execution/group_hash_table.h"
#include "execution/key_encoder.h"
#include "execution/pipeline.h"
#include "storage/spill_file.h"

namespace tarn {

BoundAggregate BoundAggregate::Copy() const {
  BoundAggregate copy;
  copy.function = function;
  copy.distinct = distinct;
  for (const auto& argument : arguments) copy.arguments.push_back(argument->Copy());
  return copy;
}

std::string BoundAggregate::ToString() const {
  std::string result = function.name + "(";
  if (distinct) result += "DISTINCT ";
  for (size_t i = 0; i < arguments.size(); i++) {
    if (i > 0) result += ", ";
    result += arguments[i]->ToString();
  }
  return result + ")";
}

namespace {

// Spilled rows are split by hash into this many partitions at each level; a partition
// that still does not fit is split again with the next bits of the hash.
constexpr idx_t kPartitionBits = 4;
constexpr idx_t kPartitions = idx_t(1) << kPartitionBits;
constexpr int kMaxSpillLevel = 8;

idx_t PartitionOf(uint64_t hash, int level) {
  return (hash >> (64 - kPartitionBits * (level + 1))) & (kPartitions - 1);
}

}  // namespace

// Whether `text` equals the text.size() bytes at `bytes`; short values compare inline (a
// library call costs more).
inline bool SameBytes(std::string_view text, const char* bytes) {
  size_t size = text.size();
  if (size > 16) return std::memcmp(text.data(), bytes, size) == 0;
  for (size_t i = 0; i < size; i++) {
    if (text[i] != bytes[i]) return false;
  }
  return true;
}

// Remembers, for a GROUP BY on one VARCHAR column, the group of recently seen string
// views, keyed by their address and length. Dictionary-encoded input (Parquet) gives each
// distinct value of a column chunk one address, so most rows find their group here
// without their bytes being encoded, hashed and probed. An entry is only trusted after
// its group's stored key matches the value's bytes, so an address reused for other text
// never yields a wrong group. Input whose values rarely share addresses turns it off.
struct StringGroupCache {
  static constexpr int kSlotBits = 12;
  struct Entry {
    const char* data = nullptr;  // The value's address.
    const char* text = nullptr;  // Its bytes in the group's key (owned by the table).
    uint32_t size = 0;
    uint32_t group = GroupHashTable::kNotFound;
    // The call (see `calls`) that last compared the bytes at `data` with `text`: within
    // one call the values cannot change, so a matching address needs no new comparison.
    uint64_t checked = 0;
  };
  static size_t SlotOf(std::string_view text) {
    uint64_t bits = reinterpret_cast<uintptr_t>(text.data()) ^ (uint64_t(text.size()) << 48);
    return static_cast<size_t>((bits * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits));
  }
  std::vector<Entry> entries;  // Allocated on first use.
  uint64_t rows = 0;
  uint64_t hits = 0;
  uint64_t calls = 0;
  bool enabled = true;
};

// Groups of one thread (or the merged global result, or one spilled partition): keys,
// representative group values and aggregate states.
class AggregateTable {
 public:
  AggregateTable(const std::vector<LogicalType>& group_types,
                 const std::vector<BoundAggregate>& aggregates, const std::vector<size_t>& offsets,
                 size_t state_size, bool packed)
      : table(packed ? 1 : 1024),
        packed_table(packed ? 1024 : 1),
        packed_(packed),
        group_values_(group_types, kVectorSize),
        aggregates_(aggregates),
        offsets_(offsets),
        state_size_(state_size),
        state_arena_(64 * 1024) {}
  ~AggregateTable() {
    for (uint8_t* state : states_) {
      for (size_t a = 0; a < aggregates_.size(); a++) {
        if (aggregates_[a].function.destroy) aggregates_[a].function.destroy(state + offsets_[a]);
      }
    }
  }
  AggregateTable(const AggregateTable&) = delete;
  AggregateTable& operator=(const AggregateTable&) = delete;

  // Adds groups for rows of `values` listed in `rows` (their keys already inserted).
  void AddGroups(const DataChunk& values, const std::vector<uint32_t>& rows) {
    if (rows.empty()) return;
    DataChunk fresh;
    fresh.Reference(values);
    fresh.Slice(rows.data(), rows.size());
    fresh.Flatten();
    for (idx_t c = 0; c < fresh.ColumnCount(); c++) fresh.column(c).MakeStringsOwned(fresh.size());
    group_values_.Append(fresh);
    for (size_t i = 0; i < rows.size(); i++) {
      auto* state = reinterpret_cast<uint8_t*>(state_arena_.Allocate(state_size_));
      for (size_t a = 0; a < aggregates_.size(); a++)
        aggregates_[a].function.initialize(state + offsets_[a]);
      states_.push_back(state);
    }
  }

  // Estimated bytes held: the hash table with its key copies, the group values (about as
  // large as the keys) and the states. State memory an aggregate allocates by itself
  // (string_agg text, array_agg lists) is not counted.
  size_t MemoryUsage() const {
    size_t keys = packed_ ? packed_table.MemoryUsage() + packed_table.size() * sizeof(uint64_t)
                          : table.MemoryUsage() * 2;
    return keys + states_.size() * (state_size_ + sizeof(uint8_t*));
  }

  idx_t size() const { return packed_ ? packed_table.size() : table.size(); }

  // Exactly one of the two is used: `packed_table` when the operator packs its keys.
  GroupHashTable table;
  StringGroupCache string_cache;  // Used when the only group column is a VARCHAR.
  PackedGroupHashTable packed_table;
  bool packed_;
  DataChunk group_values_;
  std::vector<uint8_t*> states_;

 private:
  const std::vector<BoundAggregate>& aggregates_;
  const std::vector<size_t>& offsets_;
  size_t state_size_;
  Arena state_arena_;
};

// Rows that did not fit, split by hash: [group values..., aggregate arguments...].
struct SpillPartitions {
  std::vector<std::unique_ptr<SpillFile>> files{kPartitions};
  bool empty() const {
    for (const auto& file : files) {
      if (file) return false;
    }
    return true;
  }
};

// A spilled partition waiting to be aggregated: its files (from every thread) and level.
struct SpillWork {
  std::vector<std::unique_ptr<SpillFile>> files;
  int level = 0;
};

// Scratch for aggregating chunks into a table: one per thread (and one for the source).
struct AggregateScratch {
  DataChunk group_chunk;
  std::vector<DataChunk> argument_chunks;
  std::vector<uint32_t> group_ids;
  std::vector<uint32_t> new_rows;
  std::vector<uint8_t*> state_pointers;
  std::vector<uint8_t*> group_states;  // Per row: its group's state block.
  // Per aggregate without GROUP BY: the one state's pointer, repeated for a whole chunk.
  std::vector<std::vector<uint8_t*>> ungrouped_pointers;
  std::vector<std::string_view> keys;
  std::unique_ptr<Arena> key_arena;
  std::vector<uint64_t> packed_keys;
  std::vector<uint32_t> packed_nulls;
  // Rows whose group the string cache did not know, their keys and groups.
  std::vector<uint32_t> miss_rows;
  std::vector<std::string_view> miss_keys;
  std::vector<uint32_t> miss_groups;
  std::vector<uint32_t> miss_new_rows;
};

namespace {

// Encodes the scratch's group columns into scratch.keys, valid until the next call.
void EncodeGroupKeys(AggregateScratch& scratch, idx_t count) {
  std::vector<const Vector*> key_columns;
  for (idx_t g = 0; g < scratch.group_chunk.ColumnCount(); g++)
    key_columns.push_back(&scratch.group_chunk.column(g));
  scratch.key_arena = std::make_unique<Arena>(count * 16 + 64);
  scratch.keys.resize(count);
  EncodeKeys(key_columns, nullptr, count, {}, *scratch.key_arena, scratch.keys.data());
}

}  // namespace

namespace {

struct AggregateGlobal : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<AggregateTable> table;
  std::vector<std::vector<std::unique_ptr<SpillFile>>> partitions{kPartitions};
  std::atomic<uint64_t> spilled_rows{0};
};

struct AggregateLocal : LocalSinkState {
  std::unique_ptr<AggregateTable> table;
  ExpressionExecutor executor;
  AggregateScratch scratch;
  // Once the table outgrows its share of memory_limit it stops taking new groups; rows
  // of groups it does not hold go to `spill`.
  bool frozen = false;
  SpillPartitions spill;
};

}  // namespace

struct AggregateSource : GlobalSourceState {
  AggregateTable* global = nullptr;
  std::vector<SpillWork> work;
  std::unique_ptr<AggregateTable> partition;  // The spilled partition being emitted.
  AggregateScratch scratch;
  idx_t next = 0;
  bool emitting_global = false;
};

PhysicalHashAggregate::PhysicalHashAggregate(std::vector<BoundExpressionPtr> groups,
                                             std::vector<BoundAggregate> aggregates,
                                             double estimated_rows)
    : PhysicalOperator("HASH_GROUP_BY", {}, estimated_rows),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)) {
  for (const auto& group : groups_) {
    group_types_.push_back(group->type);
    types_.push_back(group->type);
  }
  spill_types_ = group_types_;
  for (const auto& aggregate : aggregates_) {
    types_.push_back(aggregate.function.return_type);
    state_offsets_.push_back(state_size_);
    state_size_ += (aggregate.function.state_size + 15) / 16 * 16;
    for (const auto& type : aggregate.function.argument_types) spill_types_.push_back(type);
  }
  if (state_size_ == 0) state_size_ = 16;
  if (groups_.empty()) name_ = "UNGROUPED_AGGREGATE";
  // Integer-like keys whose value bits fit in 64 are packed into one integer, with their
  // NULL flags in a separate mask, instead of being encoded into byte strings.
  idx_t packed_bits = 0;
  packed_keys_ = !groups_.empty() && groups_.size() <= 32;
  for (const auto& type : group_types_) {
    idx_t bits = PackedBits(type);
    packed_bits += bits;
    packed_keys_ = packed_keys_ && bits > 0 && packed_bits <= 64;
  }
  single_string_key_ = groups_.size() == 1 && group_types_[0].physical() == PhysicalType::kString &&
                       !group_types_[0].IsNested();
}

idx_t PhysicalHashAggregate::PackedBits(const LogicalType& type) {
  switch (type.physical()) {
    case PhysicalType::kBool:
      return 1;
    case PhysicalType::kInt32:
      return 32;
    case PhysicalType::kInt64:
      return 64;
    default:
      return 0;
  }
}

std::unique_ptr<AggregateTable> PhysicalHashAggregate::NewTable() const {
  return std::make_unique<AggregateTable>(group_types_, aggregates_, state_offsets_, state_size_,
                                          packed_keys_);
}

void PhysicalHashAggregate::PackGroupKeys(AggregateScratch& scratch, idx_t count) const {
  scratch.packed_keys.assign(count, 0);
  scratch.packed_nulls.assign(count, 0);
  uint64_t* keys = scratch.packed_keys.data();
  uint32_t* nulls = scratch.packed_nulls.data();
  for (idx_t g = 0; g < scratch.group_chunk.ColumnCount(); g++) {
    const Vector& column = scratch.group_chunk.column(g);
    switch (column.type().physical()) {
      case PhysicalType::kInt64: {
        // At most one 64-bit column (alone) packs, so it needs no shift.
        const auto* values = column.Data<int64_t>();
        for (idx_t row = 0; row < count; row++) keys[row] = static_cast<uint64_t>(values[row]);
        break;
      }
      case PhysicalType::kInt32: {
        const auto* values = column.Data<int32_t>();
        for (idx_t row = 0; row < count; row++) {
          keys[row] = (keys[row] << 32) | static_cast<uint32_t>(values[row]);
        }
        break;
      }
      default: {
        const auto* values = column.Data<uint8_t>();
        for (idx_t row = 0; row < count; row++) {
          keys[row] = (keys[row] << 1) | (values[row] != 0 ? 1 : 0);
        }
        break;
      }
    }
    const ValidityMask& validity = column.validity();
    if (!validity.AllValid()) {
      // A NULL's value bits are zero, so equal keys stay equal whatever the slot held.
      uint64_t value_mask = PackedBits(column.type()) == 64
                                ? ~uint64_t(0)
                                : (uint64_t(1) << PackedBits(column.type())) - 1;
      for (idx_t row = 0; row < count; row++) {
        if (!validity.RowIsValid(row)) {
          keys[row] &= ~value_mask;
          nulls[row] |= uint32_t(1) << g;
        }
      }
    }
  }
}

void PhysicalHashAggregate::FindGroups(AggregateTable& table, AggregateScratch& scratch,
                                       idx_t count, bool insert) const {
  scratch.group_ids.resize(count);
  if (packed_keys_) {
    PackGroupKeys(scratch, count);
    if (insert) {
      table.packed_table.FindOrInsert(scratch.packed_keys.data(), scratch.packed_nulls.data(),
                                      count, scratch.group_ids.data(), &scratch.new_rows);
    } else {
      table.packed_table.Find(scratch.packed_keys.data(), scratch.packed_nulls.data(), count,
                              scratch.group_ids.data());
    }
    return;
  }
  if (single_string_key_ && table.string_cache.enabled) {
    FindStringGroups(table, scratch, count, insert);
    return;
  }
  EncodeGroupKeys(scratch, count);
  if (insert) {
    table.table.FindOrInsert(scratch.keys.data(), count, scratch.group_ids.data(),
                             &scratch.new_rows);
  } else {
    table.table.Find(scratch.keys.data(), count, scratch.group_ids.data());
  }
}

void PhysicalHashAggregate::FindStringGroups(AggregateTable& table, AggregateScratch& scratch,
                                             idx_t count, bool insert) const {
  const Vector& column = scratch.group_chunk.column(0);
  const auto* values = column.Data<std::string_view>();
  const ValidityMask& validity = column.validity();
  StringGroupCache& cache = table.string_cache;
  if (cache.entries.empty()) cache.entries.resize(size_t(1) << StringGroupCache::kSlotBits);
  uint32_t* group_ids = scratch.group_ids.data();
  const uint64_t call = ++cache.calls;
  scratch.miss_rows.clear();
  const bool all_valid = validity.AllValid();
  for (idx_t i = 0; i < count; i++) {
    if (!all_valid && !validity.RowIsValid(i)) {
      scratch.miss_rows.push_back(static_cast<uint32_t>(i));
      continue;
    }
    std::string_view text = values[i];
    StringGroupCache::Entry& entry = cache.entries[StringGroupCache::SlotOf(text)];
    // Empty entries hold no group (an empty value may have a null address too).
    if (entry.data == text.data() && entry.size == text.size() &&
        entry.group != GroupHashTable::kNotFound &&
        (entry.checked == call || SameBytes(text, entry.text))) {
      entry.checked = call;
      group_ids[i] = entry.group;
    } else {
      scratch.miss_rows.push_back(static_cast<uint32_t>(i));
    }
  }
  idx_t misses = scratch.miss_rows.size();
  cache.rows += count;
  cache.hits += count - misses;
  // After 16 chunks, input that hits less than a quarter of the time goes the plain way.
  if (cache.rows >= 16 * kVectorSize && cache.hits * 4 < cache.rows) cache.enabled = false;
  if (misses == 0) return;
  scratch.key_arena = std::make_unique<Arena>(misses * 16 + 64);
  scratch.miss_keys.resize(misses);
  scratch.miss_groups.resize(misses);
  EncodeKeys({&column}, scratch.miss_rows.data(), misses, {}, *scratch.key_arena,
             scratch.miss_keys.data());
  if (insert) {
    scratch.miss_new_rows.clear();
    table.table.FindOrInsert(scratch.miss_keys.data(), misses, scratch.miss_groups.data(),
                             &scratch.miss_new_rows);
    for (uint32_t miss : scratch.miss_new_rows) scratch.new_rows.push_back(scratch.miss_rows[miss]);
  } else {
    table.table.Find(scratch.miss_keys.data(), misses, scratch.miss_groups.data());
  }
  // The spill path hashes the keys of rows without a group: they are all misses.
  scratch.keys.resize(count);
  for (idx_t j = 0; j < misses; j++) {
    uint32_t row = scratch.miss_rows[j];
    uint32_t group = scratch.miss_groups[j];
    group_ids[row] = group;
    scratch.keys[row] = scratch.miss_keys[j];
    if (group == GroupHashTable::kNotFound || !validity.RowIsValid(row)) continue;
    std::string_view text = values[row];
    std::string_view key = table.table.key(group);
    // Only values whose key holds their bytes as they are (no NUL bytes) are remembered.
    if (!StringKeyMatches(key, text)) continue;
    cache.entries[StringGroupCache::SlotOf(text)] = StringGroupCache::Entry{
        text.data(), key.data() + 1, static_cast<uint32_t>(text.size()), group, call};
  }
}

void PhysicalHashAggregate::InitScratch(AggregateScratch& scratch) const {
  scratch.group_chunk.Initialize(group_types_);
  for (const auto& aggregate : aggregates_) {
    scratch.argument_chunks.emplace_back(aggregate.function.argument_types);
  }
}

void PhysicalHashAggregate::UpdateStates(AggregateTable& table, AggregateScratch& scratch,
                                         const uint32_t* rows, idx_t count) const {
  // Without GROUP BY every row's state is the one group's: those pointer arrays are
  // filled once and kept. Otherwise each row's group state is looked up once for all
  // aggregates, which then only add their offset.
  bool ungrouped = groups_.empty() && rows == nullptr;
  if (ungrouped) {
    scratch.ungrouped_pointers.resize(aggregates_.size());
  } else {
    scratch.group_states.resize(count);
    for (idx_t i = 0; i < count; i++) {
      idx_t row = rows ? rows[i] : i;
      scratch.group_states[i] = table.states_[scratch.group_ids[row]];
    }
    scratch.state_pointers.resize(count);
  }
  for (size_t a = 0; a < aggregates_.size(); a++) {
    DataChunk* arguments = &scratch.argument_chunks[a];
    DataChunk subset;
    if (rows) {
      subset.Reference(*arguments);
      subset.Slice(rows, count);
      subset.Flatten();
      arguments = &subset;
    }
    uint8_t** states;
    if (ungrouped) {
      std::vector<uint8_t*>& pointers = scratch.ungrouped_pointers[a];
      uint8_t* state = table.states_[0] + state_offsets_[a];
      if (pointers.size() < std::max<idx_t>(count, 1) || pointers[0] != state) {
        pointers.assign(std::max<idx_t>(count, kVectorSize), state);
      }
      states = pointers.data();
    } else if (state_offsets_[a] == 0) {
      states = scratch.group_states.data();
    } else {
      size_t offset = state_offsets_[a];
      for (idx_t i = 0; i < count; i++) {
        scratch.state_pointers[i] = scratch.group_states[i] + offset;
      }
      states = scratch.state_pointers.data();
    }
    Vector* argument_vectors = arguments->ColumnCount() > 0 ? &arguments->column(0) : nullptr;
    aggregates_[a].function.update(argument_vectors, count, states);
  }
}

bool PhysicalHashAggregate::AggregateChunk(AggregateTable& table, AggregateScratch& scratch,
                                           idx_t count, bool frozen, size_t budget, int level,
                                           SpillPartitions& spill,
                                           const std::string& temp_directory) const {
  scratch.group_ids.resize(count);
  scratch.new_rows.clear();
  if (groups_.empty()) {
    // Without GROUP BY every row belongs to the one group: no keys to encode or look up.
    bool inserted;
    table.table.FindOrInsertOne(std::string_view(), HashKey(std::string_view()), &inserted);
    if (inserted) scratch.new_rows.push_back(0);
    std::fill(scratch.group_ids.begin(), scratch.group_ids.end(), 0);
    table.AddGroups(scratch.group_chunk, scratch.new_rows);
    UpdateStates(table, scratch, nullptr, count);
    return false;
  }
  if (!frozen) {
    FindGroups(table, scratch, count, true);
    table.AddGroups(scratch.group_chunk, scratch.new_rows);
    UpdateStates(table, scratch, nullptr, count);
    return table.MemoryUsage() > budget;
  }
  // Frozen: rows of groups the table holds are aggregated; the others are spilled.
  FindGroups(table, scratch, count, false);
  std::vector<uint32_t> held;
  std::vector<std::vector<uint32_t>> spilled(kPartitions);
  for (idx_t i = 0; i < count; i++) {
    if (scratch.group_ids[i] != GroupHashTable::kNotFound) {
      held.push_back(static_cast<uint32_t>(i));
    } else {
      uint64_t hash =
          packed_keys_ ? PackedGroupHashTable::Hash(scratch.packed_keys[i], scratch.packed_nulls[i])
                       : HashKey(scratch.keys[i]);
      spilled[PartitionOf(hash, level)].push_back(static_cast<uint32_t>(i));
    }
  }
  if (!held.empty()) UpdateStates(table, scratch, held.data(), held.size());
  if (held.size() == count) return true;
  // The rows to spill: group values, then every aggregate's arguments.
  DataChunk rows;
  rows.Initialize(spill_types_, 0);
  idx_t column = 0;
  for (idx_t g = 0; g < scratch.group_chunk.ColumnCount(); g++) {
    rows.column(column++).Reference(scratch.group_chunk.column(g));
  }
  for (auto& arguments : scratch.argument_chunks) {
    for (idx_t c = 0; c < arguments.ColumnCount(); c++) {
      rows.column(column++).Reference(arguments.column(c));
    }
  }
  for (idx_t p = 0; p < kPartitions; p++) {
    if (spilled[p].empty()) continue;
    if (!spill.files[p]) {
      auto file = SpillFile::Create(temp_directory);
      if (!file.ok()) ThrowError(file.status().code(), file.status().message());
      spill.files[p] = std::move(file).value();
    }
    DataChunk part;
    part.Reference(rows);
    part.SetSize(count);
    part.Slice(spilled[p].data(), spilled[p].size());
    spill.files[p]->Append(part);
  }
  return true;
}

std::unique_ptr<GlobalSinkState> PhysicalHashAggregate::GetGlobalSinkState(
    ExecutionContext&) const {
  auto global = std::make_unique<AggregateGlobal>();
  global->table = NewTable();
  return global;
}

std::unique_ptr<LocalSinkState> PhysicalHashAggregate::GetLocalSinkState(ExecutionContext&,
                                                                         GlobalSinkState&) const {
  auto local = std::make_unique<AggregateLocal>();
  local->table = NewTable();
  InitScratch(local->scratch);
  return local;
}

SinkResult PhysicalHashAggregate::Sink(ExecutionContext& context, GlobalSinkState&,
                                       LocalSinkState& local_state, DataChunk& input) const {
  auto& local = static_cast<AggregateLocal&>(local_state);
  AggregateScratch& scratch = local.scratch;
  idx_t count = input.size();
  scratch.group_chunk.Reset();
  for (size_t g = 0; g < groups_.size(); g++) {
    local.executor.Execute(*groups_[g], input, scratch.group_chunk.column(g));
  }
  scratch.group_chunk.SetSize(count);
  for (size_t a = 0; a < aggregates_.size(); a++) {
    DataChunk& arguments = scratch.argument_chunks[a];
    arguments.Reset();
    const BoundAggregate& aggregate = aggregates_[a];
    size_t value_count = aggregate.arguments.size();
    if (aggregate.function.filtered) {
      // The FILTER condition first: the other arguments are computed only where it holds.
      value_count--;
      local.executor.Execute(*aggregate.arguments[value_count], input,
                             arguments.column(value_count));
    }
    for (size_t i = 0; i < value_count; i++) {
      if (aggregate.function.filtered) {
        local.executor.ExecuteWhere(*aggregate.arguments[i], input, arguments.column(value_count),
                                    arguments.column(i));
      } else {
        local.executor.Execute(*aggregate.arguments[i], input, arguments.column(i));
      }
    }
    arguments.SetSize(count);
  }
  // Each thread's table may use its share of half the limit; the merged table then stays
  // within half, leaving the rest for spilled partitions and the operators around.
  size_t budget = context.memory_limit() / 2 / std::max<size_t>(1, context.max_threads());
  local.frozen = AggregateChunk(*local.table, scratch, count, local.frozen, budget, 0, local.spill,
                                context.temp_directory()) ||
                 local.frozen;
  return SinkResult::kNeedMoreInput;
}

void PhysicalHashAggregate::Combine(ExecutionContext&, GlobalSinkState& global_state,
                                    LocalSinkState& local_state) const {
  auto& global = static_cast<AggregateGlobal&>(global_state);
  auto& local = static_cast<AggregateLocal&>(local_state);
  std::lock_guard<std::mutex> lock(global.mutex);
  if (global.table->size() == 0) {
    // The first table to arrive becomes the merged one as it is: no group is inserted or
    // combined again.
    std::swap(global.table, local.table);
  }
  AggregateTable& source = *local.table;
  AggregateTable& target = *global.table;
  idx_t count = source.size();
  std::vector<uint32_t> target_ids(count);
  std::vector<uint32_t> new_rows;
  for (idx_t g = 0; g < count; g++) {
    bool inserted;
    auto group = static_cast<uint32_t>(g);
    target_ids[g] =
        packed_keys_
            ? target.packed_table.FindOrInsertOne(source.packed_table.key(group),
                                                  source.packed_table.nulls(group), &inserted)
            : target.table.FindOrInsertOne(source.table.key(group), source.table.hash(group),
                                           &inserted);
    if (inserted) new_rows.push_back(group);
  }
  source.group_values_.SetSize(count);
  target.AddGroups(source.group_values_, new_rows);
  for (idx_t g = 0; g < count; g++) {
    for (size_t a = 0; a < aggregates_.size(); a++) {
      aggregates_[a].function.combine(source.states_[g] + state_offsets_[a],
                                      target.states_[target_ids[g]] + state_offsets_[a]);
    }
  }
  for (idx_t p = 0; p < kPartitions; p++) {
    if (!local.spill.files[p]) continue;
    global.spilled_rows += local.spill.files[p]->rows();
    global.partitions[p].push_back(std::move(local.spill.files[p]));
  }
  local.table.reset();
}

std::unique_ptr<GlobalSourceState> PhysicalHashAggregate::GetGlobalSourceState(
    ExecutionContext& context) const {
  auto& global = static_cast<AggregateGlobal&>(context.SinkState(*this));
  AggregateTable& table = *global.table;
  if (groups_.empty() && table.size() == 0) {
    // An ungrouped aggregate over no rows still produces its one row.
    bool inserted;
    table.table.FindOrInsertOne(std::string_view(), HashKey(std::string_view()), &inserted);
    DataChunk empty(group_types_);
    empty.SetSize(1);
    table.AddGroups(empty, {0});
  }
  auto source = std::make_unique<AggregateSource>();
  source->global = &table;
  InitScratch(source->scratch);
  for (auto& files : global.partitions) {
    if (files.empty()) continue;
    SpillWork work;
    work.files = std::move(files);
    source->work.push_back(std::move(work));
  }
  source->emitting_global = source->work.empty();
  return source;
}

void PhysicalHashAggregate::AggregatePartition(ExecutionContext& context, AggregateSource& source,
                                               SpillWork work) const {
  if (work.level >= kMaxSpillLevel) {
    ThrowError(ErrorCode::kOutOfMemory,
               "GROUP BY needs more memory than memory_limit (" +
                   std::to_string(context.memory_limit() >> 20) +
                   " MB) even after spilling to disk: one group's rows do not fit; raise "
                   "memory_limit");
  }
  AggregateScratch& scratch = source.scratch;
  auto table = NewTable();
  SpillPartitions spill;
  bool frozen = false;
  size_t budget = context.memory_limit() / 4;
  DataChunk rows(spill_types_);
  for (auto& file : work.files) {
    file->StartReading();
    while (file->Read(rows)) {
      context.CheckInterrupted();
      idx_t count = rows.size();
      idx_t column = 0;
      scratch.group_chunk.Reset();
      for (idx_t g = 0; g < scratch.group_chunk.ColumnCount(); g++) {
        scratch.group_chunk.column(g).Reference(rows.column(column++));
      }
      scratch.group_chunk.SetSize(count);
      for (auto& arguments : scratch.argument_chunks) {
        arguments.Reset();
        for (idx_t c = 0; c < arguments.ColumnCount(); c++) {
          arguments.column(c).Reference(rows.column(column++));
        }
        arguments.SetSize(count);
      }
      // Groups the merged table already holds (another thread kept them in memory) are
      // finished there; the rest are new to this partition.
      FindGroups(*source.global, scratch, count, false);
      std::vector<uint32_t> held, rest;
      for (idx_t i = 0; i < count; i++) {
        (scratch.group_ids[i] != GroupHashTable::kNotFound ? held : rest)
            .push_back(static_cast<uint32_t>(i));
      }
      if (!held.empty()) UpdateStates(*source.global, scratch, held.data(), held.size());
      if (rest.empty()) continue;
      if (!held.empty()) {
        scratch.group_chunk.Slice(rest.data(), rest.size());
        scratch.group_chunk.Flatten();
        for (auto& arguments : scratch.argument_chunks) {
          arguments.Slice(rest.data(), rest.size());
          arguments.Flatten();
        }
      }
      frozen = AggregateChunk(*table, scratch, rest.size(), frozen, budget, work.level + 1, spill,
                              context.temp_directory()) ||
               frozen;
    }
    file.reset();
  }
  for (auto& file : spill.files) {
    if (!file) continue;
    SpillWork deeper;
    deeper.level = work.level + 1;
    deeper.files.push_back(std::move(file));
    source.work.push_back(std::move(deeper));
  }
  source.partition = std::move(table);
  source.next = 0;
}

void PhysicalHashAggregate::GetData(ExecutionContext& context, GlobalSourceState& global,
                                    LocalSourceState&, DataChunk& output) const {
  auto& source = static_cast<AggregateSource&>(global);
  // Spilled partitions first: their rows may still update groups of the merged table,
  // which is emitted last.
  while (!source.emitting_global &&
         (!source.partition || source.next >= source.partition->size())) {
    source.partition.reset();
    if (source.work.empty()) {
      source.emitting_global = true;
      source.next = 0;
      break;
    }
    SpillWork work = std::move(source.work.back());
    source.work.pop_back();
    AggregatePartition(context, source, std::move(work));
  }
  AggregateTable& table = source.emitting_global ? *source.global : *source.partition;
  idx_t total = table.size();
  if (source.next >= total) return;
  idx_t count = std::min<idx_t>(kVectorSize, total - source.next);
  std::vector<uint32_t> rows(count);
  std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(source.next));
  for (size_t g = 0; g < groups_.size(); g++) {
    output.column(g).CopyFrom(table.group_values_.column(g), rows.data(), count, 0);
  }
  for (size_t a = 0; a < aggregates_.size(); a++) {
    Vector& result = output.column(groups_.size() + a);
    for (idx_t i = 0; i < count; i++) {
      aggregates_[a].function.finalize(table.states_[rows[i]] + state_offsets_[a], result, i);
    }
  }
  output.SetSize(count);
  source.next += count;
}

void PhysicalHashAggregate::BuildPipelines(PipelineBuilder& builder) const {
  builder.current().source = this;
  builder.BuildChildPipeline(*this, *children[0]);
}

std::vector<std::string> PhysicalHashAggregate::Details() const {
  std::vector<std::string> details;
  for (const auto& group : groups_) details.push_back("group: " + group->ToString());
  for (const auto& aggregate : aggregates_) details.push_back(aggregate.ToString());
  return details;
}

}  // namespace tarn
