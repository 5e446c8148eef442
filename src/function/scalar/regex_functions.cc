// Regular expression functions over RE2 (linear time, no backtracking blow-ups):
// regexp_matches, regexp_full_match, regexp_extract, regexp_replace. Constant patterns are
// compiled once at bind time; patterns that vary per row are compiled through a small
// per-chunk cache.

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "function/function.h"
#include "function/scalar_kernels.h"

namespace tarn {

namespace {

using std::string_view;

const LogicalType kVarchar(TypeId::kVarchar);
const LogicalType kBigint(TypeId::kBigint);
const LogicalType kBoolean(TypeId::kBoolean);

struct RegexOptions {
  RE2::Options options;
  bool global = false;
};

// Parses the options string: i (case-insensitive), c (case-sensitive), s (. matches
// newline), m/n (newline-sensitive: . excludes newline), g (global; only where allowed).
Result<RegexOptions> ParseRegexOptions(const std::string& name, string_view text,
                                       bool allow_global) {
  RegexOptions result;
  result.options.set_log_errors(false);
  result.options.set_dot_nl(true);
  for (char c : text) {
    switch (c) {
      case 'i':
        result.options.set_case_sensitive(false);
        break;
      case 'c':
        result.options.set_case_sensitive(true);
        break;
      case 's':
        result.options.set_dot_nl(true);
        break;
      case 'm':
      case 'n':
        result.options.set_dot_nl(false);
        result.options.set_one_line(false);
        break;
      case 'g':
        if (allow_global) {
          result.global = true;
          break;
        }
        [[fallthrough]];
      default:
        return Status::Error(ErrorCode::kInvalidInput,
                             name + ": unrecognized regular expression option '" +
                                 std::string(1, c) + "' in '" + std::string(text) + "'");
    }
  }
  return result;
}

Result<std::unique_ptr<RE2>> CompileRegex(const std::string& name, string_view pattern,
                                          const RE2::Options& options) {
  auto regex = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex->ok()) {
    return Status::Error(
        ErrorCode::kInvalidInput,
        name + ": invalid regular expression '" + std::string(pattern) + "': " + regex->error());
  }
  return regex;
}

// What the binder prepared: the compiled pattern when it was constant, and the options.
struct RegexData : FunctionData {
  std::string name;
  std::unique_ptr<RE2> constant;
  RegexOptions options;
};

// Hands out the pattern of each row: the constant one, or a cached compilation.
// One per kernel call, so no synchronization is needed.
class RegexSource {
 public:
  explicit RegexSource(const RegexData& data) : data_(data) {}

  const RE2& Get(string_view pattern) {
    if (data_.constant) return *data_.constant;
    auto found = cache_.find(std::string(pattern));
    if (found != cache_.end()) return *found->second;
    if (cache_.size() >= kMaxCached) cache_.clear();
    std::unique_ptr<RE2> regex =
        CompileRegex(data_.name, pattern, data_.options.options).ValueOrThrow();
    const RE2& reference = *regex;
    cache_.emplace(std::string(pattern), std::move(regex));
    return reference;
  }

 private:
  static constexpr size_t kMaxCached = 64;
  const RegexData& data_;
  std::unordered_map<std::string, std::unique_ptr<RE2>> cache_;
};

const Value* ConstantArgument(const std::vector<std::optional<Value>>& constants, size_t i) {
  if (i >= constants.size() || !constants[i].has_value()) return nullptr;
  return &*constants[i];
}

// Checks the arguments against `parameters` (the first `required` are mandatory),
// parses the options argument at `options_index` (must be constant) and compiles the
// pattern (argument 1) when it is constant.
Result<BoundScalarFunction> BindRegex(const std::string& name,
                                      const std::vector<LogicalType>& types,
                                      const std::vector<std::optional<Value>>& constants,
                                      const std::vector<LogicalType>& parameters, size_t required,
                                      int options_index, bool allow_global, LogicalType return_type,
                                      ScalarKernel kernel) {
  bool fits = types.size() >= required && types.size() <= parameters.size();
  for (size_t i = 0; fits && i < types.size(); i++) {
    fits = ImplicitCastCost(types[i], parameters[i]) >= 0;
  }
  if (!fits) {
    std::vector<LogicalType> shortest(parameters.begin(), parameters.begin() + required);
    std::string candidates = FunctionSignatureText(name, shortest);
    if (parameters.size() > required) candidates += ", " + FunctionSignatureText(name, parameters);
    return NoMatchingFunction(name, types, candidates);
  }
  auto data = std::make_shared<RegexData>();
  data->name = name;
  std::string options_text;
  if (options_index >= 0 && static_cast<size_t>(options_index) < types.size()) {
    const Value* options = ConstantArgument(constants, options_index);
    if (!options) {
      return Status::Error(ErrorCode::kInvalidInput,
                           name + ": the options argument must be a constant string");
    }
    if (!options->is_null()) options_text = options->CastTo(kVarchar).GetString();
  }
  TARN_ASSIGN_OR_RETURN(data->options, ParseRegexOptions(name, options_text, allow_global));
  const Value* pattern = ConstantArgument(constants, 1);
  if (pattern && !pattern->is_null()) {
    TARN_ASSIGN_OR_RETURN(data->constant, CompileRegex(name, pattern->CastTo(kVarchar).GetString(),
                                                       data->options.options));
  }
  BoundScalarFunction bound;
  bound.name = name;
  bound.argument_types.assign(parameters.begin(), parameters.begin() + types.size());
  bound.return_type = return_type;
  bound.kernel = std::move(kernel);
  bound.bind_data = data;
  return bound;
}

// ---- kernels ----

template <RE2::Anchor kAnchor>
void MatchKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  RegexSource source(static_cast<const RegexData&>(*bind_data));
  ExecuteBinary<string_view, string_view, bool>(
      arguments.column(0), arguments.column(1), result, arguments.size(),
      [&](string_view text, string_view pattern) {
        return source.Get(pattern).Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                                         kAnchor, nullptr, 0);
      });
}

string_view ExtractGroup(RegexSource& source, string_view text, string_view pattern, int64_t group,
                         Vector& result) {
  const RE2& regex = source.Get(pattern);
  if (group < 0 || group > regex.NumberOfCapturingGroups()) {
    ThrowError(ErrorCode::kInvalidInput,
               "regexp_extract: group " + std::to_string(group) + " does not exist in '" +
                   regex.pattern() + "', which has " +
                   std::to_string(regex.NumberOfCapturingGroups()) + " capturing groups");
  }
  re2::StringPiece groups[64];
  int group_count = static_cast<int>(group) + 1;
  if (group_count > 64) {
    ThrowError(ErrorCode::kInvalidInput,
               "regexp_extract: group numbers above 63 are not supported");
  }
  if (!regex.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                   groups, group_count)) {
    return string_view();
  }
  // The match points into the input, whose storage the result shares.
  return string_view(groups[group].data(), groups[group].size());
}

void ExtractKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  RegexSource source(static_cast<const RegexData&>(*bind_data));
  result.ShareStringStorage(arguments.column(0));
  if (arguments.ColumnCount() == 2) {
    ExecuteBinary<string_view, string_view, string_view>(
        arguments.column(0), arguments.column(1), result, arguments.size(),
        [&](string_view text, string_view pattern) {
          return ExtractGroup(source, text, pattern, 0, result);
        });
    return;
  }
  ExecuteTernary<string_view, string_view, int64_t, string_view>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [&](string_view text, string_view pattern, int64_t group) {
        return ExtractGroup(source, text, pattern, group, result);
      });
}

void ReplaceKernel(DataChunk& arguments, const FunctionData* bind_data, Vector& result) {
  const auto& data = static_cast<const RegexData&>(*bind_data);
  RegexSource source(data);
  std::string scratch;
  ExecuteTernary<string_view, string_view, string_view, string_view>(
      arguments.column(0), arguments.column(1), arguments.column(2), result, arguments.size(),
      [&](string_view text, string_view pattern, string_view replacement) {
        const RE2& regex = source.Get(pattern);
        re2::StringPiece rewrite(replacement.data(), replacement.size());
        std::string rewrite_error;
        if (!regex.CheckRewriteString(rewrite, &rewrite_error)) {
          ThrowError(ErrorCode::kInvalidInput, "regexp_replace: invalid replacement '" +
                                                   std::string(replacement) +
                                                   "': " + rewrite_error);
        }
        scratch.assign(text);
        if (data.options.global) {
          RE2::GlobalReplace(&scratch, regex, rewrite);
        } else {
          RE2::Replace(&scratch, regex, rewrite);
        }
        return result.AddString(scratch);
      });
}

template <RE2::Anchor kAnchor>
ScalarBinder MatchBinder(std::string name) {
  return [name](const std::vector<LogicalType>& types,
                const std::vector<std::optional<Value>>& constants) {
    return BindRegex(name, types, constants, {kVarchar, kVarchar, kVarchar}, 2, 2, false, kBoolean,
                     MatchKernel<kAnchor>);
  };
}

}  // namespace

void RegisterRegexFunctions(FunctionRegistry& registry) {
  for (const char* name : {"regexp_matches", "regexp_like"}) {
    registry.RegisterScalar(name, MatchBinder<RE2::UNANCHORED>(name));
  }
  registry.RegisterScalar("regexp_full_match", MatchBinder<RE2::ANCHOR_BOTH>("regexp_full_match"));
  registry.RegisterScalar("regexp_extract", [](const std::vector<LogicalType>& types,
                                               const std::vector<std::optional<Value>>& constants) {
    return BindRegex("regexp_extract", types, constants, {kVarchar, kVarchar, kBigint}, 2, -1,
                     false, kVarchar, ExtractKernel);
  });
  registry.RegisterScalar("regexp_replace", [](const std::vector<LogicalType>& types,
                                               const std::vector<std::optional<Value>>& constants) {
    return BindRegex("regexp_replace", types, constants, {kVarchar, kVarchar, kVarchar, kVarchar},
                     3, 3, true, kVarchar, ReplaceKernel);
  });
}

}  // namespace tarn
