#pragma once

#include <memory>
#include <string>

#include "execution/physical_operator.h"
#include "planner/logical_operator.h"

namespace tarn {

class ExecutionContext;

// Turns an optimized logical plan into physical operators: equality conjuncts of joins
// become hash keys (the rest a residual condition), the smaller input of an inner join
// becomes the build side, ORDER BY + LIMIT becomes a top-N.
std::unique_ptr<PhysicalOperator> CreatePhysicalPlan(const LogicalOperator& plan);

// Renders a physical plan as an indented tree for EXPLAIN; with a profiled context, adds
// actual rows and time per operator (EXPLAIN ANALYZE).
std::string RenderPhysicalPlan(const PhysicalOperator& plan, ExecutionContext* profile);

}  // namespace tarn
