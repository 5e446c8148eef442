#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_model.h"
#include "types/logical_type.h"

namespace tarn {

// The crawler's rules for when two schemas describe one table, and what that table's
// schema is. Pure functions of their arguments; safe from any thread.
//
// Types widen along INTEGER < BIGINT < DOUBLE, DATE < TIMESTAMP; DECIMALs widen to hold
// both (integer digits and scale each the larger, width at most 38; with an integer type
// the integer's digits are kept, with DOUBLE the result is DOUBLE). The NULL type (a JSON
// key that was always null) widens to anything. STRUCTs widen field by field (union of
// fields), LISTs by element. VARCHAR, BOOLEAN, INTERVAL and MAP only match themselves.

// The widest of two types, or nullopt when they cannot widen to a common type.
std::optional<LogicalType> WidenType(const LogicalType& left, const LogicalType& right);

// The union of two column lists by name (ignoring case; order of first appearance, the
// left side first) with widened types, or nullopt when a shared column cannot widen or
// fewer than half of the smaller list's columns are shared.
std::optional<std::vector<CatalogColumn>> MergeColumns(const std::vector<CatalogColumn>& left,
                                                       const std::vector<CatalogColumn>& right);

// The changes from `before` to `after` in words (additions, then widenings, then removals), for
// version reasons and the crawl report: "added column x; widened y INTEGER -> BIGINT". Empty when
// they are equal.
std::string DescribeColumnChanges(const std::vector<CatalogColumn>& before,
                                  const std::vector<CatalogColumn>& after,
                                  const std::string& what = "column");

}  // namespace tarn
