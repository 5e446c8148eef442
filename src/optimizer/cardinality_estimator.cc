#include "optimizer/cardinality_estimator.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "execution/expression_executor.h"

namespace tarn {

namespace {

// splitmix64, from a fixed seed: the same table gives the same sample every time.
uint64_t NextRandom(uint64_t& state) {
  uint64_t value = (state += 0x9E3779B97F4A7C15ULL);
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

// The number of distinct values D among `population` rows such that `draws` rows drawn
// at random with replacement show `seen` distinct values on average, when every value is
// about equally frequent: D * (1 - (1 - 1/D)^draws) = seen, solved by bisection.
double ExtrapolateDistinct(double seen, double draws, double population) {
  if (seen <= 0) return 1;
  if (seen >= draws) return population;
  auto expected_seen = [draws](double distinct) {
    return distinct * (1 - std::exp(draws * std::log1p(-1 / distinct)));
  };
  double low = seen;
  double high = std::max(seen, population);
  if (expected_seen(high) <= seen) return high;
  for (int iteration = 0; iteration < 60 && high - low > 0.5; iteration++) {
    double middle = (low + high) / 2;
    (expected_seen(middle) < seen ? low : high) = middle;
  }
  return std::min(population, std::max(seen, (low + high) / 2));
}

}  // namespace

struct CardinalityEstimator::Sample {
  const LogicalOperator* scan = nullptr;
  // The sampled rows that passed the filters: (chunk, row) in the scan's rows.
  std::vector<std::pair<uint32_t, uint32_t>> survivors;
  idx_t drawn = 0;     // Rows drawn (with replacement), before the filters.
  bool whole = false;  // Every row of the table was taken once: counts are exact.
};

CardinalityEstimator::CardinalityEstimator(const LogicalOperator& plan) {
  rows_ = std::max(1.0, plan.estimated_rows);
  distinct_.assign(plan.types.size(), -1);
  std::vector<const LogicalOperator*> filters;
  const LogicalOperator* node = &plan;
  while (node->kind == LogicalKind::kFilter) {
    filters.push_back(node);
    node = node->children[0].get();
  }
  if (node->kind != LogicalKind::kRows || !node->rows) return;
  const TableRows& table = *node->rows;
  std::vector<idx_t> chunk_starts;
  idx_t total = 0;
  for (const auto& chunk : table) {
    chunk_starts.push_back(total);
    total += chunk.size();
  }
  auto sample = std::make_unique<Sample>();
  sample->scan = node;
  if (total == 0) {
    rows_ = 1;
    sampled_ = true;
    sample_ = std::move(sample);
    return;
  }
  // Draw rows: all of them for a small table, else kSampleRows at random, sorted so that
  // each chunk is visited once.
  std::vector<uint64_t> positions;
  if (total <= kSampleRows) {
    sample->whole = true;
    for (idx_t i = 0; i < total; i++) positions.push_back(i);
  } else {
    uint64_t state = 0x5EED;
    for (idx_t i = 0; i < kSampleRows; i++) {
      positions.push_back(
          static_cast<uint64_t>((static_cast<unsigned __int128>(NextRandom(state)) * total) >> 64));
    }
    std::sort(positions.begin(), positions.end());
  }
  sample->drawn = positions.size();
  std::vector<std::pair<uint32_t, uint32_t>> locations;
  locations.reserve(positions.size());
  size_t chunk_index = 0;
  for (uint64_t position : positions) {
    while (chunk_index + 1 < chunk_starts.size() && chunk_starts[chunk_index + 1] <= position) {
      chunk_index++;
    }
    locations.emplace_back(static_cast<uint32_t>(chunk_index),
                           static_cast<uint32_t>(position - chunk_starts[chunk_index]));
  }

  if (!filters.empty()) {
    // Materialize the columns the filters read, then run the filters on the sample.
    std::vector<bool> needed(node->types.size(), false);
    for (const LogicalOperator* filter : filters) {
      for (const auto& expression : filter->expressions) {
        ForEachColumnRef(*expression, [&](const BoundExpression& reference) {
          if (reference.column_index < needed.size()) needed[reference.column_index] = true;
        });
      }
    }
    idx_t count = locations.size();
    DataChunk chunk;
    chunk.Initialize(node->types, count);
    std::vector<uint32_t> selection;
    for (idx_t column = 0; column < node->types.size(); column++) {
      if (!needed[column]) continue;
      idx_t source_column = node->column_ids[column];
      Vector& target = chunk.column(column);
      idx_t begin = 0;
      while (begin < count) {
        idx_t end = begin;
        selection.clear();
        while (end < count && locations[end].first == locations[begin].first) {
          selection.push_back(locations[end].second);
          end++;
        }
        target.CopyFrom(table[locations[begin].first].column(source_column), selection.data(),
                        selection.size(), begin);
        begin = end;
      }
    }
    chunk.SetSize(count);
    std::vector<uint32_t> passing(count);
    ExpressionExecutor executor;
    try {
      for (const LogicalOperator* filter : filters) {
        for (const auto& expression : filter->expressions) {
          // Slicing a sliced chunk composes: RowIndex() stays an index into the sample.
          idx_t kept = executor.Select(*expression, chunk, passing.data());
          chunk.Slice(passing.data(), kept);
        }
      }
    } catch (...) {
      // A filter that fails on sampled rows (a cast of text, a division by zero) leaves
      // the plan's own estimate in place.
      return;
    }
    for (idx_t i = 0; i < chunk.size(); i++) {
      sample->survivors.push_back(locations[chunk.RowIndex(static_cast<idx_t>(i))]);
    }
  } else {
    sample->survivors = std::move(locations);
  }
  double fraction =
      static_cast<double>(sample->survivors.size()) / static_cast<double>(sample->drawn);
  if (sample->survivors.empty()) {
    // Nothing passed: fewer than one sampled row's worth.
    fraction = 0.5 / static_cast<double>(sample->drawn);
  }
  rows_ = std::max(1.0, sample->whole ? static_cast<double>(sample->survivors.size())
                                      : fraction * static_cast<double>(total));
  sampled_ = true;
  sample_ = std::move(sample);
}

CardinalityEstimator::~CardinalityEstimator() = default;

double CardinalityEstimator::DistinctValues(idx_t column) {
  if (column >= distinct_.size()) return rows_;
  if (distinct_[column] >= 0) return distinct_[column];
  double result = rows_;
  if (sample_ && !sample_->survivors.empty()) {
    const LogicalOperator& scan = *sample_->scan;
    const TableRows& table = *scan.rows;
    idx_t source_column = scan.column_ids[column];
    std::unordered_set<std::string> values;
    idx_t non_null = 0;
    for (const auto& [chunk, row] : sample_->survivors) {
      Value value = table[chunk].column(source_column).GetValue(row);
      if (value.is_null()) continue;
      non_null++;
      values.insert(value.ToString());
    }
    double seen = static_cast<double>(values.size());
    result = sample_->whole ? std::max(1.0, seen)
                            : ExtrapolateDistinct(seen, static_cast<double>(non_null), rows_);
  }
  distinct_[column] = std::max(1.0, std::min(result, rows_));
  return distinct_[column];
}

}  // namespace tarn
