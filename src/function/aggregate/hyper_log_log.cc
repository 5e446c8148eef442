#include "function/aggregate/hyper_log_log.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string_view>

#include "common/arena.h"
#include "execution/key_encoder.h"
#include "function/aggregate/aggregate_state.h"

namespace tarn {
namespace {

// A final avalanche so that every bit of the key hash depends on every input bit: the
// register index takes the top bits and the rank the leading zeros of the rest.
uint64_t Avalanche(uint64_t value) {
  value ^= value >> 33;
  value *= 0xFF51AFD7ED558CCDULL;
  value ^= value >> 33;
  value *= 0xC4CEB9FE1A85EC53ULL;
  value ^= value >> 33;
  return value;
}

constexpr int kRankLimit = 64 - HyperLogLog::kPrecision + 1;

// sigma and tau of Ertl, "New cardinality estimation algorithms for HyperLogLog
// sketches" (2017): corrections for empty and saturated registers.
double Sigma(double x) {
  if (x == 1) return std::numeric_limits<double>::infinity();
  double y = 1;
  double z = x;
  double previous;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z != previous);
  return z;
}

double Tau(double x) {
  if (x == 0 || x == 1) return 0;
  double y = 1;
  double z = 1 - x;
  double previous;
  do {
    x = std::sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (z != previous);
  return z / 3;
}

}  // namespace

void HyperLogLog::Add(uint64_t hash) {
  if (registers_) return AddToRegisters(hash);
  if (std::find(exact_.begin(), exact_.end(), hash) != exact_.end()) return;
  if (exact_.size() < kExactLimit) {
    exact_.push_back(hash);
    return;
  }
  SwitchToRegisters();
  AddToRegisters(hash);
}

void HyperLogLog::AddToRegisters(uint64_t hash) {
  size_t index = hash >> (64 - kPrecision);
  uint64_t rest = hash << kPrecision;
  int rank = rest == 0 ? kRankLimit : std::min(kRankLimit, std::countl_zero(rest) + 1);
  registers_[index] = std::max<uint8_t>(registers_[index], static_cast<uint8_t>(rank));
}

void HyperLogLog::SwitchToRegisters() {
  registers_ = std::make_unique<uint8_t[]>(kRegisterCount);  // Zeroed.
  for (uint64_t hash : exact_) AddToRegisters(hash);
  exact_.clear();
  exact_.shrink_to_fit();
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  if (other.registers_) {
    if (!registers_) SwitchToRegisters();
    for (size_t i = 0; i < kRegisterCount; i++) {
      registers_[i] = std::max(registers_[i], other.registers_[i]);
    }
    return;
  }
  for (uint64_t hash : other.exact_) Add(hash);
}

uint64_t HyperLogLog::Estimate() const {
  if (!registers_) return exact_.size();
  double histogram[kRankLimit + 1] = {};
  for (size_t i = 0; i < kRegisterCount; i++) histogram[registers_[i]]++;
  double m = static_cast<double>(kRegisterCount);
  double z = m * Tau(1 - histogram[kRankLimit] / m);
  for (int k = kRankLimit - 1; k >= 1; k--) z = 0.5 * (z + histogram[k]);
  z += m * Sigma(histogram[0] / m);
  double alpha = 0.5 / std::log(2.0);
  return static_cast<uint64_t>(std::llround(alpha * m * m / z));
}

AggregateFunction ApproxCountDistinct(const LogicalType& type) {
  auto function =
      aggregate::MakeAggregate<HyperLogLog>("approx_count_distinct", {type}, TypeId::kBigint);
  bool null_type = type.id() == TypeId::kNull;
  function.update = [null_type](Vector* inputs, idx_t count, uint8_t** states) {
    if (null_type || count == 0) return;
    Arena arena(count * 16 + 64);
    std::vector<std::string_view> keys(count);
    EncodeKeys({&inputs[0]}, nullptr, count, {}, arena, keys.data());
    const ValidityMask& mask = inputs[0].validity();
    for (idx_t i = 0; i < count; i++) {
      if (!mask.RowIsValid(i)) continue;
      aggregate::StateAt<HyperLogLog>(states, i).Add(Avalanche(HashKey(keys[i])));
    }
  };
  function.combine = [](const uint8_t* source, uint8_t* target) {
    reinterpret_cast<HyperLogLog*>(target)->Merge(*reinterpret_cast<const HyperLogLog*>(source));
  };
  function.finalize = [](uint8_t* state, Vector& result, idx_t row) {
    aggregate::WriteValue<int64_t>(
        result, row, static_cast<int64_t>(reinterpret_cast<HyperLogLog*>(state)->Estimate()));
  };
  return function;
}

}  // namespace tarn
