#include <algorithm>

#include "function/table_function.h"

namespace tarn {

const TableFunctionRegistry& TableFunctionRegistry::Get() {
  static const TableFunctionRegistry registry = [] {
    TableFunctionRegistry built;
    RegisterCsvTableFunctions(built);
    RegisterRangeTableFunctions(built);
    RegisterParquetTableFunctions(built);
    RegisterJsonTableFunctions(built);
    RegisterTextRegexTableFunctions(built);
    return built;
  }();
  return registry;
}

void TableFunctionRegistry::Register(const std::string& name, TableFunctionBinder binder) {
  binders_[name] = std::move(binder);
}

void TableFunctionRegistry::RegisterExtension(const std::string& extension,
                                              const std::string& function_name) {
  extensions_[extension] = function_name;
}

const TableFunctionBinder* TableFunctionRegistry::Find(const std::string& name) const {
  auto it = binders_.find(name);
  return it == binders_.end() ? nullptr : &it->second;
}

std::string TableFunctionRegistry::FunctionForPath(const std::string& path) const {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* suffix : {".gz", ".gzip", ".zst", ".zstd"}) {
    std::string_view view(lower);
    std::string_view suffix_view(suffix);
    if (view.size() > suffix_view.size() &&
        view.substr(view.size() - suffix_view.size()) == suffix_view) {
      lower.resize(lower.size() - suffix_view.size());
      break;
    }
  }
  size_t dot = lower.find_last_of('.');
  size_t slash = lower.find_last_of('/');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    auto it = extensions_.find(lower.substr(dot + 1));
    if (it != extensions_.end()) return it->second;
  }
  return "read_csv";
}

std::vector<std::string> TableFunctionRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, binder] : binders_) names.push_back(name);
  return names;
}

}  // namespace tarn
