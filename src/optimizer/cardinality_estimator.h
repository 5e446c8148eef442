#pragma once

#include <memory>
#include <vector>

#include "planner/logical_operator.h"

namespace tarn {

// Estimates, for one input of a join tree, how many rows it produces and how many distinct
// values each of its columns holds, by looking at a sample of the data. It handles inputs
// that are a session table's rows under a chain of filters: it takes up to kSampleRows rows
// of the table at random (with replacement, from a fixed seed, so plans are repeatable),
// runs the filters on them, and scales the surviving fraction to the table. Distinct counts
// come from the surviving sample rows, extrapolated to the estimated row count assuming
// values are about equally frequent. For any other input it knows only the plan's own
// estimated_rows and says nothing about distinct values.
//
// Not thread safe. Holds a pointer to the plan it describes, which must outlive it and not
// change while it is used.
class CardinalityEstimator {
 public:
  static constexpr idx_t kSampleRows = 1024;

  explicit CardinalityEstimator(const LogicalOperator& plan);
  ~CardinalityEstimator();
  CardinalityEstimator(const CardinalityEstimator&) = delete;
  CardinalityEstimator& operator=(const CardinalityEstimator&) = delete;

  // Estimated output rows (at least 1).
  double Rows() const { return rows_; }
  // Whether Rows() and DistinctValues() come from a sample.
  bool Sampled() const { return sampled_; }
  // Estimated distinct non-NULL values of output column `column`, at most Rows(); Rows()
  // when unknown (the column is then treated like a key).
  double DistinctValues(idx_t column);

 private:
  struct Sample;

  double rows_ = 1;
  bool sampled_ = false;
  std::unique_ptr<Sample> sample_;
  std::vector<double> distinct_;  // Per output column; negative until computed.
};

}  // namespace tarn
