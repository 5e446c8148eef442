// CTEs and views that a statement reads more than once, computed once: the binder records
// their bodies, scans their rows at each reference, and at the end of the statement puts
// each one that is still read more than once above the plan (a kMaterializedCte).

#include <algorithm>
#include <cctype>

#include "planner/binder.h"

namespace tarn {

namespace {

std::string LowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The slots (in `plan`, which may itself be one) holding a scan of materialized CTE `id`.
void FindScans(LogicalOperatorPtr& plan, idx_t id, std::vector<LogicalOperatorPtr*>& slots) {
  if (plan->kind == LogicalKind::kCteScan && plan->cte && plan->cte->id == id) {
    slots.push_back(&plan);
  }
  for (auto& child : plan->children) FindScans(child, id, slots);
}

// `definition` in place of a scan of it that reads `column_ids`.
LogicalOperatorPtr ExpandScan(LogicalOperatorPtr definition, const LogicalOperator& scan) {
  bool identity = scan.column_ids.size() == definition->types.size();
  for (idx_t i = 0; identity && i < scan.column_ids.size(); i++) {
    identity = scan.column_ids[i] == i;
  }
  if (identity) return definition;
  std::vector<BoundExpressionPtr> columns;
  for (idx_t column : scan.column_ids) {
    columns.push_back(BoundExpression::ColumnRef(column, definition->types[column], ""));
  }
  return MakeProjection(std::move(definition), std::move(columns));
}

}  // namespace

bool Binder::IsWorthComputingOnce(const LogicalOperator& plan) {
  if (plan.kind == LogicalKind::kAggregate || plan.kind == LogicalKind::kJoin ||
      plan.kind == LogicalKind::kWindow) {
    return true;
  }
  return std::any_of(plan.children.begin(), plan.children.end(),
                     [](const LogicalOperatorPtr& child) { return IsWorthComputingOnce(*child); });
}

void Binder::RenameColumns(Scope& columns, const std::vector<std::string>& column_aliases,
                           const std::string& alias, size_t position) const {
  if (column_aliases.size() > columns.size()) {
    Fail(ErrorCode::kBinder, position,
         "\"" + alias + "\" has " + std::to_string(columns.size()) + " columns but " +
             std::to_string(column_aliases.size()) + " column aliases were given");
  }
  for (size_t i = 0; i < column_aliases.size(); i++) columns[i].name = column_aliases[i];
}

LogicalOperatorPtr Binder::BindCteReference(
    const CommonTableExpression& cte,
    const std::vector<std::map<std::string, const CommonTableExpression*>>& body_scopes,
    const TableRef& ref, const std::string& alias, Scope& scope) {
  auto known = materialized_ctes_->ctes.find(&cte);
  if (known != materialized_ctes_->ctes.end() && known->second) {
    return ScanMaterializedCte(*known->second, ref, alias, scope);
  }
  // Inside a recursive CTE's iterations the body may read the working table, which
  // changes each time: such references are bound anew.
  bool may_compute_once = known == materialized_ctes_->ctes.end() &&
                          cte.materialization != CteMaterialization::kNever &&
                          working_tables_.empty();
  Scope body_scope;
  LogicalOperatorPtr plan;
  if (!may_compute_once) {
    auto saved = std::move(cte_scopes_);
    cte_scopes_ = body_scopes;
    plan = BindSubqueryRef(*cte.query, alias, cte.column_aliases, body_scope);
    cte_scopes_ = std::move(saved);
  } else {
    // The body gets a binder of its own, to tell whether it refers to an outer query.
    Binder body(catalog_, sql_, run_plan_, resolve_table_);
    body.cte_scopes_ = body_scopes;
    body.depth_ = depth_;
    body.outer_scope_ = outer_scope_;
    body.materialized_ctes_ = materialized_ctes_;
    plan = body.BindSubqueryRef(*cte.query, alias, cte.column_aliases, body_scope);
    bool always = cte.materialization == CteMaterialization::kAlways;
    if (body.correlated_) {
      // Its rows depend on the outer row: it stays part of the subquery, bound each time.
      correlated_ = true;
    } else if (always || IsWorthComputingOnce(*plan)) {
      idx_t id = AddMaterializedCte(cte.name, std::move(plan), body_scope, always);
      materialized_ctes_->ctes[&cte] = id;
      return ScanMaterializedCte(id, ref, alias, scope);
    }
    materialized_ctes_->ctes[&cte] = std::nullopt;
  }
  RenameColumns(body_scope, ref.column_aliases, alias, ref.position);
  scope.insert(scope.end(), body_scope.begin(), body_scope.end());
  return plan;
}

idx_t Binder::AddMaterializedCte(const std::string& name, LogicalOperatorPtr plan,
                                 const Scope& body_scope, bool always) {
  auto& entries = materialized_ctes_->entries;
  auto definition = std::make_shared<CteDefinition>();
  definition->id = entries.size();
  definition->name = LowerCase(name);
  MaterializedCte entry;
  entry.definition = std::move(definition);
  entry.columns = body_scope;
  entry.estimated_rows = plan->estimated_rows;
  entry.plan = std::move(plan);
  entry.always = always;
  entries.push_back(std::move(entry));
  return entries.size() - 1;
}

LogicalOperatorPtr Binder::ScanMaterializedCte(idx_t id, const TableRef& ref,
                                               const std::string& alias, Scope& scope) {
  const MaterializedCte& entry = materialized_ctes_->entries[id];
  Scope columns = entry.columns;
  for (auto& column : columns) column.table = LowerCase(alias);
  RenameColumns(columns, ref.column_aliases, alias, ref.position);
  auto scan = std::make_unique<LogicalOperator>();
  scan->kind = LogicalKind::kCteScan;
  scan->cte = entry.definition;
  scan->label = entry.definition->name;
  scan->estimated_rows = entry.estimated_rows;
  for (idx_t c = 0; c < columns.size(); c++) {
    scan->types.push_back(columns[c].type);
    scan->column_ids.push_back(c);
  }
  scan->source_types = scan->types;
  scope.insert(scope.end(), columns.begin(), columns.end());
  if (entry.rows) ReadComputedCtes(*scan, false);
  return scan;
}

std::shared_ptr<TableRows> Binder::RunPlan(LogicalOperatorPtr plan) {
  ReadComputedCtes(*plan, true);
  return run_plan_(std::move(plan));
}

void Binder::ReadComputedCtes(LogicalOperator& plan, bool compute) {
  for (auto& child : plan.children) ReadComputedCtes(*child, compute);
  if (plan.kind != LogicalKind::kCteScan || !plan.cte) return;
  idx_t id = plan.cte->id;
  auto& entries = materialized_ctes_->entries;
  TARN_CHECK(id < entries.size() && entries[id].definition == plan.cte,
             "scan of an unknown CTE " + plan.cte->name);
  if (!entries[id].rows && compute) {
    TARN_CHECK(entries[id].plan, "CTE " + plan.cte->name + " has no plan to compute");
    LogicalOperatorPtr definition = std::move(entries[id].plan);
    std::shared_ptr<TableRows> rows = RunPlan(std::move(definition));
    entries[id].rows = std::move(rows);
  }
  const MaterializedCte& entry = entries[id];
  if (!entry.rows) return;
  double row_count = 0;
  for (const auto& chunk : *entry.rows) row_count += static_cast<double>(chunk.size());
  plan.kind = LogicalKind::kRows;
  plan.rows = entry.rows;
  plan.label = entry.definition->name + " (computed once)";
  plan.source_types.clear();
  for (const auto& column : entry.columns) plan.source_types.push_back(column.type);
  plan.estimated_rows = row_count;
  plan.cte = nullptr;
}

LogicalOperatorPtr Binder::PlaceMaterializedCtes(LogicalOperatorPtr plan) {
  auto& entries = materialized_ctes_->entries;
  ReadComputedCtes(*plan, false);
  for (auto& entry : entries) {
    if (entry.plan) ReadComputedCtes(*entry.plan, false);
  }
  // A CTE's body reads only CTEs recorded before it, so deciding from the last recorded
  // to the first sees every scan of a CTE where it will stay: in the plan or in the body
  // of a CTE that is kept.
  std::vector<idx_t> kept;
  for (idx_t id = entries.size(); id-- > 0;) {
    if (!entries[id].plan) continue;
    std::vector<LogicalOperatorPtr*> slots;
    FindScans(plan, id, slots);
    for (idx_t other : kept) FindScans(entries[other].plan, id, slots);
    if (slots.empty()) {
      entries[id].plan.reset();
    } else if (slots.size() == 1 && !entries[id].always) {
      LogicalOperatorPtr& slot = *slots[0];
      slot = ExpandScan(std::move(entries[id].plan), *slot);
    } else {
      kept.push_back(id);
    }
  }
  // The first recorded goes outermost: later ones may read it in their definitions.
  for (idx_t id : kept) {
    auto node = std::make_unique<LogicalOperator>();
    node->kind = LogicalKind::kMaterializedCte;
    node->cte = entries[id].definition;
    node->types = plan->types;
    node->estimated_rows = plan->estimated_rows;
    node->children.push_back(std::move(entries[id].plan));
    node->children.push_back(std::move(plan));
    plan = std::move(node);
  }
  return plan;
}

}  // namespace tarn
