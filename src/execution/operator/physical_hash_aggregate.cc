#include "execution/operator/physical_hash_aggregate.h"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "execution/expression_executor.h"
#include "execution/group_hash_table.h"
#include "execution/key_encoder.h"
#include "execution/pipeline.h"

namespace tarn {

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

// Groups of one thread (or the merged global result): keys, representative group values
// and aggregate states.
class AggregateTable {
 public:
  AggregateTable(const std::vector<LogicalType>& group_types,
                 const std::vector<BoundAggregate>& aggregates, const std::vector<size_t>& offsets,
                 size_t state_size)
      : group_values_(group_types, kVectorSize),
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

  GroupHashTable table;
  DataChunk group_values_;
  std::vector<uint8_t*> states_;

 private:
  const std::vector<BoundAggregate>& aggregates_;
  const std::vector<size_t>& offsets_;
  size_t state_size_;
  Arena state_arena_;
};

struct AggregateGlobal : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<AggregateTable> table;
};

struct AggregateLocal : LocalSinkState {
  std::unique_ptr<AggregateTable> table;
  ExpressionExecutor executor;
  DataChunk group_chunk;
  std::vector<DataChunk> argument_chunks;
  std::vector<uint32_t> group_ids;
  std::vector<uint32_t> new_rows;
  std::vector<uint8_t*> state_pointers;
  std::vector<std::string_view> keys;
};

struct AggregateSource : GlobalSourceState {
  AggregateTable* table = nullptr;
  idx_t next = 0;
};

}  // namespace

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
  for (const auto& aggregate : aggregates_) {
    types_.push_back(aggregate.function.return_type);
    state_offsets_.push_back(state_size_);
    state_size_ += (aggregate.function.state_size + 15) / 16 * 16;
  }
  if (state_size_ == 0) state_size_ = 16;
  if (groups_.empty()) name_ = "UNGROUPED_AGGREGATE";
}

std::unique_ptr<GlobalSinkState> PhysicalHashAggregate::GetGlobalSinkState(
    ExecutionContext&) const {
  auto global = std::make_unique<AggregateGlobal>();
  global->table =
      std::make_unique<AggregateTable>(group_types_, aggregates_, state_offsets_, state_size_);
  return global;
}

std::unique_ptr<LocalSinkState> PhysicalHashAggregate::GetLocalSinkState(ExecutionContext&,
                                                                         GlobalSinkState&) const {
  auto local = std::make_unique<AggregateLocal>();
  local->table =
      std::make_unique<AggregateTable>(group_types_, aggregates_, state_offsets_, state_size_);
  local->group_chunk.Initialize(group_types_);
  for (const auto& aggregate : aggregates_) {
    local->argument_chunks.emplace_back(aggregate.function.argument_types);
  }
  return local;
}

SinkResult PhysicalHashAggregate::Sink(ExecutionContext&, GlobalSinkState&,
                                       LocalSinkState& local_state, DataChunk& input) const {
  auto& local = static_cast<AggregateLocal&>(local_state);
  idx_t count = input.size();
  local.group_chunk.Reset();
  for (size_t g = 0; g < groups_.size(); g++) {
    local.executor.Execute(*groups_[g], input, local.group_chunk.column(g));
  }
  local.group_chunk.SetSize(count);
  std::vector<const Vector*> key_columns;
  for (idx_t g = 0; g < local.group_chunk.ColumnCount(); g++)
    key_columns.push_back(&local.group_chunk.column(g));
  local.group_ids.resize(count);
  local.new_rows.clear();
  if (groups_.empty()) {
    // Without GROUP BY every row belongs to the one group: no keys to encode or look up.
    bool inserted;
    local.table->table.FindOrInsertOne(std::string_view(), HashKey(std::string_view()), &inserted);
    if (inserted) local.new_rows.push_back(0);
    std::fill(local.group_ids.begin(), local.group_ids.end(), 0);
  } else {
    Arena key_arena(count * 16 + 64);
    local.keys.resize(count);
    EncodeKeys(key_columns, nullptr, count, {}, key_arena, local.keys.data());
    local.table->table.FindOrInsert(local.keys.data(), count, local.group_ids.data(),
                                    &local.new_rows);
  }
  local.table->AddGroups(local.group_chunk, local.new_rows);

  local.state_pointers.resize(count);
  for (size_t a = 0; a < aggregates_.size(); a++) {
    const BoundAggregate& aggregate = aggregates_[a];
    DataChunk& arguments = local.argument_chunks[a];
    arguments.Reset();
    for (size_t i = 0; i < aggregate.arguments.size(); i++) {
      local.executor.Execute(*aggregate.arguments[i], input, arguments.column(i));
    }
    arguments.SetSize(count);
    for (idx_t row = 0; row < count; row++) {
      local.state_pointers[row] = local.table->states_[local.group_ids[row]] + state_offsets_[a];
    }
    Vector* argument_vectors = arguments.ColumnCount() > 0 ? &arguments.column(0) : nullptr;
    aggregate.function.update(argument_vectors, count, local.state_pointers.data());
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalHashAggregate::Combine(ExecutionContext&, GlobalSinkState& global_state,
                                    LocalSinkState& local_state) const {
  auto& global = static_cast<AggregateGlobal&>(global_state);
  auto& local = static_cast<AggregateLocal&>(local_state);
  AggregateTable& source = *local.table;
  std::lock_guard<std::mutex> lock(global.mutex);
  AggregateTable& target = *global.table;
  idx_t count = source.table.size();
  std::vector<uint32_t> target_ids(count);
  std::vector<uint32_t> new_rows;
  for (idx_t g = 0; g < count; g++) {
    bool inserted;
    target_ids[g] =
        target.table.FindOrInsertOne(source.table.key(static_cast<uint32_t>(g)),
                                     source.table.hash(static_cast<uint32_t>(g)), &inserted);
    if (inserted) new_rows.push_back(static_cast<uint32_t>(g));
  }
  source.group_values_.SetSize(count);
  target.AddGroups(source.group_values_, new_rows);
  for (idx_t g = 0; g < count; g++) {
    for (size_t a = 0; a < aggregates_.size(); a++) {
      aggregates_[a].function.combine(source.states_[g] + state_offsets_[a],
                                      target.states_[target_ids[g]] + state_offsets_[a]);
    }
  }
  local.table.reset();
}

std::unique_ptr<GlobalSourceState> PhysicalHashAggregate::GetGlobalSourceState(
    ExecutionContext& context) const {
  auto& global = static_cast<AggregateGlobal&>(context.SinkState(*this));
  AggregateTable& table = *global.table;
  if (groups_.empty() && table.table.size() == 0) {
    // An ungrouped aggregate over no rows still produces its one row.
    bool inserted;
    table.table.FindOrInsertOne(std::string_view(), HashKey(std::string_view()), &inserted);
    DataChunk empty(group_types_);
    empty.SetSize(1);
    table.AddGroups(empty, {0});
  }
  auto source = std::make_unique<AggregateSource>();
  source->table = &table;
  return source;
}

void PhysicalHashAggregate::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                                    DataChunk& output) const {
  auto& source = static_cast<AggregateSource&>(global);
  AggregateTable& table = *source.table;
  idx_t total = table.table.size();
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
