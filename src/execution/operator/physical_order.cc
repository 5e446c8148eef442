#include "execution/operator/physical_order.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <numeric>

#include "execution/expression_executor.h"
#include "execution/pipeline.h"

namespace tarn {

namespace {

// Materialized rows with their encoded sort keys.
struct SortedRun {
  std::vector<DataChunk> chunks;
  std::vector<std::string_view> keys;                    // One per row, in chunk order.
  std::vector<std::pair<uint32_t, uint32_t>> locations;  // (chunk, row) per key.
  std::vector<std::unique_ptr<Arena>> arenas;
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

struct OrderGlobal : GlobalSinkState {
  std::mutex mutex;
  SortedRun run;
  std::vector<uint32_t> permutation;  // After Finalize: the rows to emit, in order.
};

struct OrderLocal : LocalSinkState {
  ExpressionExecutor executor;
  SortedRun run;
  DataChunk key_chunk;
};

struct OrderSource : GlobalSourceState {
  OrderGlobal* sink = nullptr;
  idx_t next = 0;
};

}  // namespace

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

SinkResult PhysicalOrder::Sink(ExecutionContext&, GlobalSinkState&, LocalSinkState& local_state,
                               DataChunk& input) const {
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
  for (idx_t i = 0; i < count; i++)
    local.run.locations.emplace_back(chunk_index, static_cast<uint32_t>(i));
  local.run.chunks.push_back(std::move(dense));
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
}

void PhysicalOrder::Finalize(ExecutionContext&, GlobalSinkState& global_state) const {
  auto& global = static_cast<OrderGlobal&>(global_state);
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
  return source;
}

void PhysicalOrder::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                            DataChunk& output) const {
  auto& source = static_cast<OrderSource&>(global);
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
