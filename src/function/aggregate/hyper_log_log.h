#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "function/aggregate/aggregate_function.h"

namespace tarn {

// A HyperLogLog sketch estimating how many distinct 64-bit hashes were added. Up to
// kExactLimit distinct hashes it keeps them and counts exactly; beyond, it switches to
// 2^kPrecision one-byte registers (4 KiB, standard error about 1.04 / 64 = 1.6%) and
// estimates with Ertl's improved estimator, which needs no empirical bias tables.
// Adding the same hashes in any order and merging sketches in any grouping give the
// same registers, so the estimate is deterministic.
// Thread safety: a value type; distinct sketches may be used concurrently.
class HyperLogLog {
 public:
  static constexpr int kPrecision = 12;
  static constexpr size_t kRegisterCount = size_t(1) << kPrecision;
  static constexpr size_t kExactLimit = 64;

  void Add(uint64_t hash);
  void Merge(const HyperLogLog& other);
  uint64_t Estimate() const;

 private:
  void AddToRegisters(uint64_t hash);
  void SwitchToRegisters();

  std::vector<uint64_t> exact_;           // Distinct hashes while at most kExactLimit.
  std::unique_ptr<uint8_t[]> registers_;  // Null while exact.
};

// approx_count_distinct(x): BIGINT, 0 over no rows; NULLs are not counted. Values are
// hashed by their GROUP BY key bytes, so -0.0 and 0.0 (and all NaNs) count once.
AggregateFunction ApproxCountDistinct(const LogicalType& type);

}  // namespace tarn
