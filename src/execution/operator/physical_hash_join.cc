#include "execution/operator/physical_hash_join.h"

#include <atomic>
#include <mutex>

#include "execution/expression_executor.h"
#include "execution/group_hash_table.h"
#include "execution/key_encoder.h"
#include "execution/pipeline.h"

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

// Keys of a batch of rows; a row whose key can never match (NULL in a key that is not
// null_equal) gets an empty view and is flagged.
struct EncodedKeys {
  std::unique_ptr<Arena> arena = std::make_unique<Arena>(64 * 1024);
  std::vector<std::string_view> keys;
  std::vector<uint8_t> matchable;
};

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

struct JoinGlobal : GlobalSinkState {
  std::mutex mutex;
  // Estimated bytes of the build side so far, checked against memory_limit.
  std::atomic<uint64_t> build_bytes{0};
  std::vector<DataChunk> chunks;
  std::vector<std::unique_ptr<Arena>> arenas;
  std::vector<std::string_view> keys;
  std::vector<uint8_t> matchable;
  // After Finalize:
  DataChunk rows;  // All build rows, concatenated.
  GroupHashTable table;
  std::vector<uint32_t> first;                      // Per key group, first build row.
  std::vector<uint32_t> next;                       // Per build row, next row with the same key.
  std::unique_ptr<std::atomic<uint8_t>[]> matched;  // Per build row (RIGHT / FULL).
  idx_t row_count = 0;
  // Packed keys: per build row (with `matchable`), then the table over them.
  std::vector<uint64_t> packed;
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

struct JoinLocal : LocalSinkState {
  ExpressionExecutor executor;
  DataChunk key_chunk;
  std::vector<DataChunk> chunks;
  std::unique_ptr<Arena> arena = std::make_unique<Arena>(64 * 1024);
  std::vector<std::string_view> keys;
  std::vector<uint8_t> matchable;
  std::vector<uint64_t> packed;
};

struct JoinProbeState : OperatorState {
  ExpressionExecutor executor;
  DataChunk key_chunk;
  std::vector<std::string_view> keys;
  std::vector<uint8_t> matchable;
  std::vector<uint64_t> packed;
  // Progress through the current input chunk.
  bool active = false;
  bool tail_done = false;
  idx_t probe_row = 0;
  uint32_t chain = kNoRow;
  std::vector<uint32_t> heads;
  std::vector<uint8_t> probe_matched;
  // Scratch.
  std::vector<uint32_t> pair_probe, pair_build, passing;
  // GetFinalData cursor.
  idx_t final_row = 0;
  // The build side's state, looked up once (the lookup takes the context's lock).
  JoinGlobal* global = nullptr;
};

JoinGlobal& BuildSide(ExecutionContext& context, const PhysicalOperator& join,
                      JoinProbeState& state) {
  if (!state.global) state.global = &static_cast<JoinGlobal&>(context.SinkState(join));
  return *state.global;
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

std::unique_ptr<GlobalSinkState> PhysicalHashJoin::GetGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<JoinGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalHashJoin::GetLocalSinkState(ExecutionContext&,
                                                                    GlobalSinkState&) const {
  auto local = std::make_unique<JoinLocal>();
  std::vector<LogicalType> key_types;
  for (const auto& key : build_keys_) key_types.push_back(key->type);
  local->key_chunk.Initialize(key_types);
  return local;
}

SinkResult PhysicalHashJoin::Sink(ExecutionContext& context, GlobalSinkState& global_state,
                                  LocalSinkState& local_state, DataChunk& input) const {
  auto& local = static_cast<JoinLocal&>(local_state);
  auto& global = static_cast<JoinGlobal&>(global_state);
  DataChunk dense(build_types_, std::max<idx_t>(1, input.size()));
  dense.Append(input);
  // The build rows are held twice while the table is built, plus their keys.
  uint64_t bytes = 2 * dense.EstimatedBytes() + dense.size() * 48;
  if (global.build_bytes.fetch_add(bytes) + bytes > context.memory_limit()) {
    ThrowError(ErrorCode::kOutOfMemory,
               "the build side of a hash join needs more than memory_limit (" +
                   std::to_string(context.memory_limit() >> 20) +
                   " MB); joins do not spill to disk yet: raise memory_limit, or filter or "
                   "pre-aggregate the smaller side");
  }
  size_t offset = local.matchable.size();
  local.matchable.resize(offset + dense.size());
  if (packed_keys_) {
    local.packed.resize(offset + dense.size());
    PackJoinKeys(local.executor, build_keys_, dense, local.key_chunk, local.packed.data() + offset,
                 local.matchable, offset);
  } else {
    local.keys.resize(offset + dense.size());
    EncodeJoinKeys(local.executor, build_keys_, null_equal_, dense, local.key_chunk, *local.arena,
                   local.keys.data() + offset, local.matchable, offset);
  }
  local.chunks.push_back(std::move(dense));
  return SinkResult::kNeedMoreInput;
}

void PhysicalHashJoin::Combine(ExecutionContext&, GlobalSinkState& global_state,
                               LocalSinkState& local_state) const {
  auto& global = static_cast<JoinGlobal&>(global_state);
  auto& local = static_cast<JoinLocal&>(local_state);
  std::lock_guard<std::mutex> lock(global.mutex);
  for (auto& chunk : local.chunks) global.chunks.push_back(std::move(chunk));
  global.keys.insert(global.keys.end(), local.keys.begin(), local.keys.end());
  global.packed.insert(global.packed.end(), local.packed.begin(), local.packed.end());
  global.matchable.insert(global.matchable.end(), local.matchable.begin(), local.matchable.end());
  global.arenas.push_back(std::move(local.arena));
}

void PhysicalHashJoin::Finalize(ExecutionContext&, GlobalSinkState& global_state) const {
  auto& global = static_cast<JoinGlobal&>(global_state);
  idx_t total = global.matchable.size();
  global.rows.Initialize(build_types_, std::max<idx_t>(total, 1));
  for (auto& chunk : global.chunks) global.rows.Append(chunk);
  global.chunks.clear();
  global.row_count = total;
  global.next.assign(total, kNoRow);
  if (packed_keys_) {
    // Sized for a load factor of at most one half: no growing while inserting. A small
    // table gets sparser (up to kSparseTableBytes) so that a probe key that is absent,
    // the common case of a selective build side, mostly meets an empty slot at once.
    size_t slots = 16;
    while (slots < total * 2) slots *= 2;
    while (slots < total * 16 && slots * sizeof(PackedSlot) < kSparseTableBytes) slots *= 2;
    global.packed_slots.assign(slots, PackedSlot{0, kNoRow});
    global.packed_mask = slots - 1;
    // Insert in reverse so that each chain lists rows in build order.
    for (idx_t i = total; i-- > 0;) {
      if (!global.matchable[i]) continue;
      uint64_t key = global.packed[i];
      uint64_t position = MixPackedKey(key) & global.packed_mask;
      while (global.packed_slots[position].row != kNoRow &&
             global.packed_slots[position].key != key) {
        position = (position + 1) & global.packed_mask;
      }
      PackedSlot& slot = global.packed_slots[position];
      global.next[i] = slot.row;
      slot.key = key;
      slot.row = static_cast<uint32_t>(i);
    }
    std::vector<uint64_t>().swap(global.packed);
  }
  // Insert in reverse so that each chain lists rows in build order.
  for (idx_t i = packed_keys_ ? 0 : total; i-- > 0;) {
    if (!global.matchable[i]) continue;
    bool inserted;
    uint32_t group =
        global.table.FindOrInsertOne(global.keys[i], HashKey(global.keys[i]), &inserted);
    if (inserted) global.first.push_back(kNoRow);
    global.next[i] = global.first[group];
    global.first[group] = static_cast<uint32_t>(i);
  }
  if (HasFinalData()) {
    global.matched.reset(new std::atomic<uint8_t>[std::max<idx_t>(total, 1)]);
    for (idx_t i = 0; i < total; i++) global.matched[i].store(0, std::memory_order_relaxed);
  }
}

std::unique_ptr<OperatorState> PhysicalHashJoin::GetOperatorState(ExecutionContext&) const {
  auto state = std::make_unique<JoinProbeState>();
  std::vector<LogicalType> key_types;
  for (const auto& key : probe_keys_) key_types.push_back(key->type);
  state->key_chunk.Initialize(key_types);
  return state;
}

OperatorResult PhysicalHashJoin::Execute(ExecutionContext& context, DataChunk& input,
                                         DataChunk& output, OperatorState& operator_state) const {
  auto& state = static_cast<JoinProbeState&>(operator_state);
  JoinGlobal& global = BuildSide(context, *this, state);
  idx_t count = input.size();
  size_t probe_columns = probe_types_.size();
  if (!state.active) {
    state.matchable.assign(count, false);
    state.heads.assign(count, kNoRow);
    if (packed_keys_) {
      state.packed.resize(count);
      PackJoinKeys(state.executor, probe_keys_, input, state.key_chunk, state.packed.data(),
                   state.matchable, 0);
      if (global.row_count > 0) {
        for (idx_t row = 0; row < count; row++) {
          if (state.matchable[row]) state.heads[row] = global.FindPacked(state.packed[row]);
        }
      }
    } else {
      Arena arena(count * 16 + 64);
      state.keys.resize(count);
      EncodeJoinKeys(state.executor, probe_keys_, null_equal_, input, state.key_chunk, arena,
                     state.keys.data(), state.matchable, 0);
      for (idx_t row = 0; row < count; row++) {
        if (!state.matchable[row]) continue;
        uint32_t group = global.table.FindOne(state.keys[row], HashKey(state.keys[row]));
        if (group != GroupHashTable::kNotFound) state.heads[row] = global.first[group];
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
      if (chain == kNoRow || global.matched[chain].load(std::memory_order_relaxed)) continue;
      for (; chain != kNoRow; chain = global.next[chain]) {
        global.matched[chain].store(1, std::memory_order_relaxed);
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
      state.chain = global.next[state.chain];
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
            .CopyFrom(global.rows.column(c), state.pair_build.data(), pairs, 0);
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
        if (global.matched)
          global.matched[state.pair_build[pair]].store(1, std::memory_order_relaxed);
      }
      if (EmitsBuildColumns()) {
        if (passing_rows && passing < pairs) output.Slice(passing_rows, passing);
      }
      if (EmitsBuildColumns() && output.size() > 0) return OperatorResult::kHaveMoreOutput;
    }
    if (state.probe_row < count) return OperatorResult::kHaveMoreOutput;
  }

  // Tail: rows decided by whether they matched at all.
  if (!state.tail_done) {
    state.tail_done = true;
    bool is_mark = join_type_ == PhysicalJoinType::kMark;
    bool emit_matched = join_type_ == PhysicalJoinType::kSemi || is_mark;
    bool emit_unmatched = join_type_ == PhysicalJoinType::kLeft ||
                          join_type_ == PhysicalJoinType::kFull ||
                          join_type_ == PhysicalJoinType::kAnti || is_mark;
    if (emit_matched || emit_unmatched) {
      std::vector<uint32_t> rows;
      for (idx_t row = 0; row < count; row++) {
        if (state.probe_matched[row] ? emit_matched : emit_unmatched)
          rows.push_back(input.RowIndex(row));
      }
      if (!rows.empty()) {
        output.Reset();
        for (size_t c = 0; c < probe_columns; c++) {
          output.column(c).CopyFrom(input.column(c), rows.data(), rows.size(), 0);
        }
        if (EmitsBuildColumns()) {
          for (size_t c = 0; c < build_types_.size(); c++) {
            output.column(probe_columns + c).validity().SetAllInvalid(rows.size());
          }
        }
        if (is_mark) {
          bool* matched = output.column(probe_columns).Data<bool>();
          for (idx_t row = 0; row < count; row++) matched[row] = state.probe_matched[row];
        }
        output.SetSize(rows.size());
      }
    }
  }
  state.active = false;
  return OperatorResult::kNeedMoreInput;
}

void PhysicalHashJoin::GetFinalData(ExecutionContext& context, OperatorState& operator_state,
                                    DataChunk& output) const {
  auto& state = static_cast<JoinProbeState&>(operator_state);
  JoinGlobal& global = BuildSide(context, *this, state);
  // RIGHT_SEMI emits the matched build rows, the others the unmatched ones.
  uint8_t wanted = join_type_ == PhysicalJoinType::kRightSemi ? 1 : 0;
  std::vector<uint32_t> rows;
  while (state.final_row < global.row_count && rows.size() < kVectorSize) {
    if (global.matched[state.final_row].load(std::memory_order_relaxed) == wanted) {
      rows.push_back(static_cast<uint32_t>(state.final_row));
    }
    state.final_row++;
  }
  if (rows.empty()) return;
  if (EmitsBuildSideOnly()) {
    for (size_t c = 0; c < build_types_.size(); c++) {
      output.column(c).CopyFrom(global.rows.column(c), rows.data(), rows.size(), 0);
    }
    output.SetSize(rows.size());
    return;
  }
  size_t probe_columns = probe_types_.size();
  for (size_t c = 0; c < probe_columns; c++) output.column(c).validity().SetAllInvalid(rows.size());
  for (size_t c = 0; c < build_types_.size(); c++) {
    output.column(probe_columns + c).CopyFrom(global.rows.column(c), rows.data(), rows.size(), 0);
  }
  output.SetSize(rows.size());
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
