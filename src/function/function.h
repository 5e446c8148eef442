#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "types/value.h"
#include "vector/data_chunk.h"

namespace tarn {

// State a function computes once at bind time (a compiled regular expression, a parsed
// date part) and its kernel reads on every chunk. Immutable after binding; shared by all
// threads.
struct FunctionData {
  virtual ~FunctionData() = default;
};

// A scalar kernel computes result[i] for i < arguments.size() from dense argument columns
// (no selection). It runs once per chunk, never per row; it may be called from several
// threads at once with different chunks. Unless the function's binder says otherwise,
// NULL handling is the kernel's job (the helpers in scalar_kernels.h propagate NULLs).
using ScalarKernel =
    std::function<void(DataChunk& arguments, const FunctionData* bind_data, Vector& result)>;

// A function resolved for concrete argument types.
struct BoundScalarFunction {
  std::string name;
  // The binder casts each argument to these types before calling the kernel.
  std::vector<LogicalType> argument_types;
  LogicalType return_type;
  ScalarKernel kernel;
  std::shared_ptr<const FunctionData> bind_data;
  // Volatile functions (random) are never constant-folded.
  bool is_volatile = false;
};

// Resolves a call: given the argument types and, for arguments that are constants, their
// values (std::nullopt otherwise), returns the bound function or an error (kType or
// kBinder) naming the function and the types it was given, e.g.
//   No function matches lower(INTEGER). Candidates: lower(VARCHAR)
using ScalarBinder = std::function<Result<BoundScalarFunction>(
    const std::vector<LogicalType>& argument_types,
    const std::vector<std::optional<Value>>& constant_arguments)>;

// FunctionRegistry maps lower-case names to scalar function binders. Built once, on first
// use, by the Register*Functions calls in function_registry.cc; read-only afterwards and
// safe to read from any thread.
class FunctionRegistry {
 public:
  static const FunctionRegistry& Get();

  void RegisterScalar(const std::string& name, ScalarBinder binder);
  const ScalarBinder* FindScalar(const std::string& name) const;
  std::vector<std::string> ScalarNames() const;

 private:
  std::unordered_map<std::string, ScalarBinder> scalars_;
};

// Registration entry points, one per family, each defined in its own .cc file.
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterDateFunctions(FunctionRegistry& registry);
void RegisterRegexFunctions(FunctionRegistry& registry);
void RegisterGenericFunctions(FunctionRegistry& registry);  // coalesce, nullif, greatest...
void RegisterJsonFunctions(FunctionRegistry& registry);     // json_extract, json_type...
// LIST / STRUCT / MAP constructors, access and list functions.
void RegisterNestedFunctions(FunctionRegistry& registry);
// Arithmetic (+ - * / % negate) and comparison (= <> < <= > >=) operators.
void RegisterOperatorFunctions(FunctionRegistry& registry);

}  // namespace tarn
