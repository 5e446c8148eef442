#include "execution/operator/physical_order.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <numeric>
#include <queue>

#include "execution/expression_executor.h"
#include "execution/pipeline.h"
#include "storage/spill_file.h"

namespace tarn {

namespace {

// Materialized rows with their encoded sort keys.
struct SortedRun {
  std::vector<DataChunk> chunks;
  std::vector<std::string_view> keys;                    // One per row, in chunk order.
  std::vector<std::pair<uint32_t, uint32_t>> locations;  // (chunk, row) per key.
  std::vector<std::unique_ptr<Arena>> arenas;
  size_t bytes = 0;  // Estimated memory held: values, strings and keys.
  idx_t size() const { return keys.size(); }
};

bool KeyLess(std::string_view a, std::string_view b) {
  size_t common = std::min(a.size(), b.size());
  int compared = std::memcmp(a.data(), b.data(), common);
  if (compared != 0) return compared < 0;
  return a.size() < b.size();
}

// Sorted order of the run's rows (stable: ties keep input order).
std::vector<uint32_t> SortPermutation(const SortedRun& run) {
  std::vector<uint32_t> permutation(run.size());
  std::iota(permutation.begin(), permutation.end(), 0);
  std::stable_sort(permutation.begin(), permutation.end(),
                   [&run](uint32_t a, uint32_t b) { return KeyLess(run.keys[a], run.keys[b]); });
  return permutation;
}

// Rebuilds `run` to hold only rows permutation[begin, end), in that order.
void KeepRows(SortedRun& run, const std::vector<uint32_t>& permutation, idx_t begin, idx_t end,
              const std::vector<LogicalType>& types) {
  SortedRun kept;
  auto arena = std::make_unique<Arena>(64 * 1024);
  for (idx_t i = begin; i < end; i += kVectorSize) {
    idx_t count = std::min<idx_t>(kVectorSize, end - i);
    DataChunk chunk(types);
    // Gather row by row grouped per source chunk would be faster; rows are few here.
    for (idx_t j = 0; j < count; j++) {
      auto [chunk_index, row] = run.locations[permutation[i + j]];
      for (idx_t c = 0; c < types.size(); c++) {
        chunk.column(c).CopyFrom(run.chunks[chunk_index].column(c), &row, 1, j);
      }
      kept.keys.push_back(arena->AddString(run.keys[permutation[i + j]]));
      kept.locations.emplace_back(static_cast<uint32_t>(kept.chunks.size()),
                                  static_cast<uint32_t>(j));
    }
    chunk.SetSize(count);
    kept.chunks.push_back(std::move(chunk));
  }
  kept.arenas.push_back(std::move(arena));
  run = std::move(kept);
}

// Writes the run's rows in sorted order to a spill file: the payload columns and, last,
// each row's encoded key (as VARCHAR bytes) so that merging needs no re-encoding.
std::unique_ptr<SpillFile> SpillRun(const SortedRun& run, const std::vector<LogicalType>& types,
                                    const std::string& temp_directory) {
  auto created = SpillFile::Create(temp_directory);
  if (!created.ok()) ThrowError(created.status().code(), created.status().message());
  std::unique_ptr<SpillFile> file = std::move(created).value();
  std::vector<uint32_t> permutation = SortPermutation(run);
  std::vector<LogicalType> spill_types = types;
  spill_types.push_back(LogicalType(TypeId::kVarchar));
  DataChunk chunk(spill_types);
  for (idx_t begin = 0; begin < permutation.size(); begin += kVectorSize) {
    chunk.Reset();
    idx_t count = std::min<idx_t>(kVectorSize, permutation.size() - begin);
    for (idx_t j = 0; j < count; j++) {
      auto [chunk_index, row] = run.locations[permutation[begin + j]];
      for (idx_t c = 0; c < types.size(); c++) {
        chunk.column(c).CopyFrom(run.chunks[chunk_index].column(c), &row, 1, j);
      }
      chunk.column(types.size()).Data<std::string_view>()[j] = run.keys[permutation[begin + j]];
    }
    chunk.SetSize(count);
    file->Append(chunk);
  }
  return file;
}

// Reads one spilled run back, a chunk at a time, for the merge.
struct RunReader {
  std::unique_ptr<SpillFile> file;
  DataChunk chunk;
  idx_t position = 0;
  bool done = false;

  // Moves to the next row; loads the next chunk when this one is spent.
  void Advance() {
    position++;
    if (position < chunk.size()) return;
    position = 0;
    done = !file->Read(chunk);
  }
  std::string_view key() const {
    return chunk.column(chunk.ColumnCount() - 1).Data<std::string_view>()[position];
  }
};

struct OrderGlobal : GlobalSinkState {
  std::mutex mutex;
  SortedRun run;
  std::vector<uint32_t> permutation;  // After Finalize: the rows to emit, in order.
  // Runs that did not fit in memory, each sorted; when there are any, Finalize spills the
  // in-memory rows too and the source merges all runs.
  std::vector<std::unique_ptr<SpillFile>> spilled;
};

struct OrderLocal : LocalSinkState {
  ExpressionExecutor executor;
  SortedRun run;
  DataChunk key_chunk;
  std::vector<std::unique_ptr<SpillFile>> spilled;
};

}  // namespace

struct OrderSource : GlobalSourceState {
  OrderGlobal* sink = nullptr;
  idx_t next = 0;
  // Merging spilled runs: one reader per run, and a heap of (key, run) of their heads.
  std::vector<RunReader> readers;
  using Head = std::pair<std::string_view, size_t>;
  struct HeadAfter {
    bool operator()(const Head& a, const Head& b) const {
      if (a.first != b.first) return KeyLess(b.first, a.first);
      return a.second > b.second;
    }
  };
  std::priority_queue<Head, std::vector<Head>, HeadAfter> heads;
  idx_t skipped = 0;  // Rows skipped for OFFSET.
  idx_t emitted = 0;
};

PhysicalOrder::PhysicalOrder(std::vector<BoundOrderItem> orders, std::optional<idx_t> limit,
                             idx_t offset, std::vector<LogicalType> types, double estimated_rows)
    : PhysicalOperator(limit ? "TOP_N" : "ORDER_BY", std::move(types), estimated_rows),
      orders_(std::move(orders)),
      limit_(limit),
      offset_(offset) {}

std::unique_ptr<GlobalSinkState> PhysicalOrder::GetGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<OrderGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalOrder::GetLocalSinkState(ExecutionContext&,
                                                                 GlobalSinkState&) const {
  auto local = std::make_unique<OrderLocal>();
  std::vector<LogicalType> key_types;
  for (const auto& item : orders_) key_types.push_back(item.expression->type);
  local->key_chunk.Initialize(key_types);
  local->run.arenas.push_back(std::make_unique<Arena>(64 * 1024));
  return local;
}

SinkResult PhysicalOrder::Sink(ExecutionContext& context, GlobalSinkState&,
                               LocalSinkState& local_state, DataChunk& input) const {
  auto& local = static_cast<OrderLocal&>(local_state);
  DataChunk dense(types_, std::max<idx_t>(1, input.size()));
  dense.Append(input);
  idx_t count = dense.size();
  local.key_chunk.Reset();
  std::vector<const Vector*> key_columns;
  std::vector<KeyOrder> key_orders;
  for (size_t k = 0; k < orders_.size(); k++) {
    local.executor.Execute(*orders_[k].expression, dense, local.key_chunk.column(k));
    key_columns.push_back(&local.key_chunk.column(k));
    key_orders.push_back(orders_[k].order);
  }
  size_t offset = local.run.keys.size();
  local.run.keys.resize(offset + count);
  EncodeKeys(key_columns, nullptr, count, key_orders, *local.run.arenas.back(),
             local.run.keys.data() + offset);
  auto chunk_index = static_cast<uint32_t>(local.run.chunks.size());
  for (idx_t i = 0; i < count; i++) {
    local.run.locations.emplace_back(chunk_index, static_cast<uint32_t>(i));
    local.run.bytes += local.run.keys[offset + i].size() + 24;
  }
  local.run.bytes += dense.EstimatedBytes();
  local.run.chunks.push_back(std::move(dense));
  size_t budget = context.memory_limit() / 2 / std::max<size_t>(1, context.max_threads());
  if (!limit_ && local.run.bytes > budget) {
    // Too big for this thread's share of memory: sort what it holds and write it out.
    local.spilled.push_back(SpillRun(local.run, types_, context.temp_directory()));
    local.run = SortedRun();
    local.run.arenas.push_back(std::make_unique<Arena>(64 * 1024));
  }
  if (limit_) {
    idx_t keep = *limit_ + offset_;
    if (local.run.size() > std::max<idx_t>(4 * keep, 4 * kVectorSize)) {
      auto permutation = SortPermutation(local.run);
      KeepRows(local.run, permutation, 0, std::min<idx_t>(keep, permutation.size()), types_);
    }
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalOrder::Combine(ExecutionContext&, GlobalSinkState& global_state,
                            LocalSinkState& local_state) const {
  auto& global = static_cast<OrderGlobal&>(global_state);
  auto& local = static_cast<OrderLocal&>(local_state);
  std::lock_guard<std::mutex> lock(global.mutex);
  auto base = static_cast<uint32_t>(global.run.chunks.size());
  for (auto& chunk : local.run.chunks) global.run.chunks.push_back(std::move(chunk));
  global.run.keys.insert(global.run.keys.end(), local.run.keys.begin(), local.run.keys.end());
  for (auto [chunk, row] : local.run.locations)
    global.run.locations.emplace_back(base + chunk, row);
  for (auto& arena : local.run.arenas) global.run.arenas.push_back(std::move(arena));
  global.run.bytes += local.run.bytes;
  for (auto& file : local.spilled) global.spilled.push_back(std::move(file));
}

void PhysicalOrder::Finalize(ExecutionContext& context, GlobalSinkState& global_state) const {
  auto& global = static_cast<OrderGlobal&>(global_state);
  if (!global.spilled.empty()) {
    if (global.run.size() > 0) {
      global.spilled.push_back(SpillRun(global.run, types_, context.temp_directory()));
    }
    global.run = SortedRun();
    return;
  }
  global.permutation = SortPermutation(global.run);
  if (limit_ || offset_ > 0) {
    idx_t begin = std::min<idx_t>(offset_, global.permutation.size());
    idx_t end = limit_ ? std::min<idx_t>(begin + *limit_, global.permutation.size())
                       : global.permutation.size();
    global.permutation =
        std::vector<uint32_t>(global.permutation.begin() + begin, global.permutation.begin() + end);
  }
}

std::unique_ptr<GlobalSourceState> PhysicalOrder::GetGlobalSourceState(
    ExecutionContext& context) const {
  auto source = std::make_unique<OrderSource>();
  source->sink = &static_cast<OrderGlobal&>(context.SinkState(*this));
  std::vector<LogicalType> spill_types = types_;
  spill_types.push_back(LogicalType(TypeId::kVarchar));
  for (auto& file : source->sink->spilled) {
    RunReader reader;
    reader.file = std::move(file);
    reader.chunk.Initialize(spill_types);
    reader.file->StartReading();
    reader.done = !reader.file->Read(reader.chunk);
    source->readers.push_back(std::move(reader));
  }
  for (size_t r = 0; r < source->readers.size(); r++) {
    if (!source->readers[r].done) source->heads.emplace(source->readers[r].key(), r);
  }
  return source;
}

void PhysicalOrder::MergeRuns(OrderSource& source, DataChunk& output) const {
  idx_t count = 0;
  idx_t limit = limit_ ? *limit_ : std::numeric_limits<idx_t>::max();
  while (count < kVectorSize && !source.heads.empty() && source.emitted < limit) {
    size_t r = source.heads.top().second;
    source.heads.pop();
    RunReader& reader = source.readers[r];
    if (source.skipped < offset_) {
      source.skipped++;
    } else {
      auto row = static_cast<uint32_t>(reader.position);
      for (idx_t c = 0; c < types_.size(); c++) {
        output.column(c).CopyFrom(reader.chunk.column(c), &row, 1, count);
      }
      count++;
      source.emitted++;
    }
    // The output may point into the reader's current chunk: keep it alive past a reload.
    if (reader.position + 1 >= reader.chunk.size()) {
      for (idx_t c = 0; c < types_.size(); c++)
        output.column(c).ShareStringStorage(reader.chunk.column(c));
      DataChunk next;
      next.Initialize(reader.chunk.Types());
      std::swap(next, reader.chunk);
      reader.position = 0;
      reader.done = !reader.file->Read(reader.chunk);
    } else {
      reader.position++;
    }
    if (!reader.done) source.heads.emplace(reader.key(), r);
  }
  output.SetSize(count);
}

void PhysicalOrder::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                            DataChunk& output) const {
  auto& source = static_cast<OrderSource&>(global);
  if (!source.readers.empty()) return MergeRuns(source, output);
  const auto& permutation = source.sink->permutation;
  const SortedRun& run = source.sink->run;
  if (source.next >= permutation.size()) return;
  idx_t count = std::min<idx_t>(kVectorSize, permutation.size() - source.next);
  // Gather runs of consecutive rows that come from the same chunk in one call each.
  idx_t i = 0;
  std::vector<uint32_t> rows;
  while (i < count) {
    uint32_t chunk_index = run.locations[permutation[source.next + i]].first;
    rows.clear();
    idx_t start = i;
    while (i < count && run.locations[permutation[source.next + i]].first == chunk_index) {
      rows.push_back(run.locations[permutation[source.next + i]].second);
      i++;
    }
    for (idx_t c = 0; c < types_.size(); c++) {
      output.column(c).CopyFrom(run.chunks[chunk_index].column(c), rows.data(), rows.size(), start);
    }
  }
  output.SetSize(count);
  source.next += count;
}

void PhysicalOrder::BuildPipelines(PipelineBuilder& builder) const {
  builder.current().source = this;
  builder.BuildChildPipeline(*this, *children[0]);
}

std::vector<std::string> PhysicalOrder::Details() const {
  std::vector<std::string> details;
  for (const auto& item : orders_) {
    details.push_back(item.expression->ToString() + (item.order.descending ? " DESC" : " ASC") +
                      (item.order.nulls_first ? " NULLS FIRST" : " NULLS LAST"));
  }
  if (limit_) details.push_back("limit: " + std::to_string(*limit_));
  if (offset_) details.push_back("offset: " + std::to_string(offset_));
  return details;
}

}  // namespace tarn
