#include <algorithm>

#include "function/function.h"

namespace tarn {

const FunctionRegistry& FunctionRegistry::Get() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry built;
    RegisterStringFunctions(built);
    RegisterMathFunctions(built);
    RegisterDateFunctions(built);
    RegisterRegexFunctions(built);
    RegisterGenericFunctions(built);
    RegisterJsonFunctions(built);
    RegisterNestedFunctions(built);
    RegisterOperatorFunctions(built);
    return built;
  }();
  return registry;
}

void FunctionRegistry::RegisterScalar(const std::string& name, ScalarBinder binder) {
  scalars_[name] = std::move(binder);
}

const ScalarBinder* FunctionRegistry::FindScalar(const std::string& name) const {
  auto it = scalars_.find(name);
  return it == scalars_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::ScalarNames() const {
  std::vector<std::string> names;
  for (const auto& [name, binder] : scalars_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace tarn
