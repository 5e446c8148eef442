#pragma once

#include <string>

#include "function/aggregate/aggregate_function.h"

namespace tarn {

// Two-variable statistics over the rows where both arguments are non-NULL, all DOUBLE
// (regr_count: BIGINT), computed with numerically stable running means and co-moments
// that merge exactly across threads. Argument order as in SQL: (y, x) — dependent first.
//   covar_pop, covar_samp, corr, regr_slope, regr_intercept, regr_r2, regr_count,
//   regr_avgx, regr_avgy, regr_sxx, regr_syy, regr_sxy
// Results follow PostgreSQL: corr and regr_slope / regr_intercept are NULL when a variance
// they divide by is zero; regr_r2 is NULL when x is constant and 1 when only y is.
bool IsBivariateStatistic(const std::string& name);
AggregateFunction BivariateStatistic(const std::string& name);

// skewness(x) and kurtosis(x): the bias-corrected sample skewness (G1, NULL below 3
// values) and excess kurtosis (G2, NULL below 4 values), NULL when all values are equal.
AggregateFunction MomentStatistic(const std::string& name);

}  // namespace tarn
