#include "function/aggregate/statistics_aggregates.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "function/aggregate/aggregate_state.h"

namespace tarn {
namespace {

using aggregate::BinaryUpdateLoop;
using aggregate::MakeAggregate;
using aggregate::UpdateLoop;
using aggregate::WriteNull;
using aggregate::WriteValue;

// Running means of x and y, sums of squared distances from them (sxx, syy) and the sum of
// products of distances (sxy), updated per row (Welford) and merged with Chan's formulas.
struct CovarianceState {
  int64_t count = 0;
  double mean_x = 0;
  double mean_y = 0;
  double sxx = 0;
  double syy = 0;
  double sxy = 0;
};

void AddPair(CovarianceState& state, double y, double x) {
  state.count++;
  double n = static_cast<double>(state.count);
  double delta_x = x - state.mean_x;
  double delta_y = y - state.mean_y;
  state.mean_x += delta_x / n;
  state.mean_y += delta_y / n;
  state.sxx += delta_x * (x - state.mean_x);
  state.syy += delta_y * (y - state.mean_y);
  state.sxy += delta_x * (y - state.mean_y);
}

void MergeCovariance(const CovarianceState& source, CovarianceState& target) {
  if (source.count == 0) return;
  if (target.count == 0) {
    target = source;
    return;
  }
  double source_count = static_cast<double>(source.count);
  double target_count = static_cast<double>(target.count);
  double total = source_count + target_count;
  double delta_x = source.mean_x - target.mean_x;
  double delta_y = source.mean_y - target.mean_y;
  double weight = source_count * target_count / total;
  target.sxx += source.sxx + delta_x * delta_x * weight;
  target.syy += source.syy + delta_y * delta_y * weight;
  target.sxy += source.sxy + delta_x * delta_y * weight;
  target.mean_x += delta_x * source_count / total;
  target.mean_y += delta_y * source_count / total;
  target.count += source.count;
}

enum class Bivariate {
  kCovariancePopulation,
  kCovarianceSample,
  kCorrelation,
  kSlope,
  kIntercept,
  kR2,
  kCount,
  kAverageX,
  kAverageY,
  kSxx,
  kSyy,
  kSxy,
};

struct BivariateName {
  const char* name;
  Bivariate kind;
};

const std::vector<BivariateName>& BivariateNames() {
  static const std::vector<BivariateName> names = {
      {"covar_pop", Bivariate::kCovariancePopulation},
      {"covar_samp", Bivariate::kCovarianceSample},
      {"corr", Bivariate::kCorrelation},
      {"regr_slope", Bivariate::kSlope},
      {"regr_intercept", Bivariate::kIntercept},
      {"regr_r2", Bivariate::kR2},
      {"regr_count", Bivariate::kCount},
      {"regr_avgx", Bivariate::kAverageX},
      {"regr_avgy", Bivariate::kAverageY},
      {"regr_sxx", Bivariate::kSxx},
      {"regr_syy", Bivariate::kSyy},
      {"regr_sxy", Bivariate::kSxy},
  };
  return names;
}

// The statistic, or NaN standing for NULL.
double FinalizeBivariate(const CovarianceState& state, Bivariate kind) {
  constexpr double kNull = std::numeric_limits<double>::quiet_NaN();
  if (state.count == 0) return kNull;
  double n = static_cast<double>(state.count);
  // Rounding can leave a tiny negative sum of squares for constant columns.
  double sxx = std::max(0.0, state.sxx);
  double syy = std::max(0.0, state.syy);
  switch (kind) {
    case Bivariate::kCovariancePopulation:
      return state.sxy / n;
    case Bivariate::kCovarianceSample:
      return state.count < 2 ? kNull : state.sxy / (n - 1);
    case Bivariate::kCorrelation:
      if (sxx == 0 || syy == 0) return kNull;
      return std::clamp(state.sxy / std::sqrt(sxx * syy), -1.0, 1.0);
    case Bivariate::kSlope:
      return sxx == 0 ? kNull : state.sxy / sxx;
    case Bivariate::kIntercept:
      return sxx == 0 ? kNull : state.mean_y - state.sxy / sxx * state.mean_x;
    case Bivariate::kR2:
      if (sxx == 0) return kNull;
      if (syy == 0) return 1.0;
      return std::min(1.0, state.sxy * state.sxy / (sxx * syy));
    case Bivariate::kAverageX:
      return state.mean_x;
    case Bivariate::kAverageY:
      return state.mean_y;
    case Bivariate::kSxx:
      return sxx;
    case Bivariate::kSyy:
      return syy;
    case Bivariate::kSxy:
      return state.sxy;
    case Bivariate::kCount:
      break;
  }
  return kNull;
}

// Central moments up to the fourth, updated per value and merged pairwise (Terriberry's
// and Pébay's formulas), which stay accurate when the values share a large offset.
struct MomentState {
  int64_t count = 0;
  double mean = 0;
  double m2 = 0;
  double m3 = 0;
  double m4 = 0;
};

void AddValue(MomentState& state, double x) {
  double previous_count = static_cast<double>(state.count);
  state.count++;
  double n = static_cast<double>(state.count);
  double delta = x - state.mean;
  double delta_n = delta / n;
  double delta_n2 = delta_n * delta_n;
  double term = delta * delta_n * previous_count;
  state.mean += delta_n;
  state.m4 +=
      term * delta_n2 * (n * n - 3 * n + 3) + 6 * delta_n2 * state.m2 - 4 * delta_n * state.m3;
  state.m3 += term * delta_n * (n - 2) - 3 * delta_n * state.m2;
  state.m2 += term;
}

void MergeMoments(const MomentState& source, MomentState& target) {
  if (source.count == 0) return;
  if (target.count == 0) {
    target = source;
    return;
  }
  double a = static_cast<double>(target.count);
  double b = static_cast<double>(source.count);
  double n = a + b;
  double delta = source.mean - target.mean;
  double delta2 = delta * delta;
  double m2 = target.m2 + source.m2 + delta2 * a * b / n;
  double m3 = target.m3 + source.m3 + delta2 * delta * a * b * (a - b) / (n * n) +
              3 * delta * (a * source.m2 - b * target.m2) / n;
  double m4 = target.m4 + source.m4 +
              delta2 * delta2 * a * b * (a * a - a * b + b * b) / (n * n * n) +
              6 * delta2 * (a * a * source.m2 + b * b * target.m2) / (n * n) +
              4 * delta * (a * source.m3 - b * target.m3) / n;
  target.mean += delta * b / n;
  target.m2 = m2;
  target.m3 = m3;
  target.m4 = m4;
  target.count += source.count;
}

}  // namespace

bool IsBivariateStatistic(const std::string& name) {
  for (const auto& entry : BivariateNames()) {
    if (name == entry.name) return true;
  }
  return false;
}

AggregateFunction BivariateStatistic(const std::string& name) {
  Bivariate kind = Bivariate::kCorrelation;
  for (const auto& entry : BivariateNames()) {
    if (name == entry.name) kind = entry.kind;
  }
  LogicalType type(TypeId::kDouble);
  auto function = MakeAggregate<CovarianceState>(
      name, {type, type}, kind == Bivariate::kCount ? LogicalType(TypeId::kBigint) : type);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    BinaryUpdateLoop<double, double, CovarianceState>(inputs[0], inputs[1], count, states, AddPair);
  };
  function.combine = [](const uint8_t* source, uint8_t* target) {
    MergeCovariance(*reinterpret_cast<const CovarianceState*>(source),
                    *reinterpret_cast<CovarianceState*>(target));
  };
  function.finalize = [kind](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<CovarianceState*>(state_bytes);
    if (kind == Bivariate::kCount) return WriteValue<int64_t>(result, row, state.count);
    double value = FinalizeBivariate(state, kind);
    // NaN stands for NULL only when no input was NaN: NaN inputs propagate as NaN.
    if (std::isnan(value) &&
        !std::isnan(state.sxy + state.sxx + state.syy + state.mean_x + state.mean_y)) {
      return WriteNull(result, row);
    }
    WriteValue<double>(result, row, value);
  };
  return function;
}

AggregateFunction MomentStatistic(const std::string& name) {
  bool is_kurtosis = name == "kurtosis";
  auto function = MakeAggregate<MomentState>(name, {TypeId::kDouble}, TypeId::kDouble);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    UpdateLoop<double, MomentState>(inputs[0], count, states, [](MomentState& state, double x) {
      AddValue(state, x);
      return false;
    });
  };
  function.combine = [](const uint8_t* source, uint8_t* target) {
    MergeMoments(*reinterpret_cast<const MomentState*>(source),
                 *reinterpret_cast<MomentState*>(target));
  };
  function.finalize = [is_kurtosis](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<MomentState*>(state_bytes);
    double n = static_cast<double>(state.count);
    if (state.count < (is_kurtosis ? 4 : 3) || !(state.m2 > 0)) {
      if (std::isnan(state.m2)) return WriteValue<double>(result, row, state.m2);
      return WriteNull(result, row);
    }
    double variance = state.m2 / n;  // Population second moment.
    if (is_kurtosis) {
      double ratio = (state.m4 / n) / (variance * variance);
      double excess = (n - 1) * ((n + 1) * ratio - 3 * (n - 1)) / ((n - 2) * (n - 3));
      return WriteValue<double>(result, row, excess);
    }
    double skew = (state.m3 / n) / std::pow(variance, 1.5);
    WriteValue<double>(result, row, skew * std::sqrt(n * (n - 1)) / (n - 2));
  };
  return function;
}

}  // namespace tarn
