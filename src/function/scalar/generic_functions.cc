// Functions over any type: coalesce, ifnull, nullif, greatest, least, typeof, hash.
// Arguments of different types meet in their CommonSuperType, which the binder casts
// them to before the kernel runs, so kernels see one physical type.

#include <cstring>
#include <string>
#include <string_view>

#include "function/function.h"
#include "function/scalar_kernels.h"

namespace tarn {

namespace {

using std::string_view;

Result<LogicalType> CommonTypeOf(const std::string& name, const std::vector<LogicalType>& types) {
  LogicalType common(TypeId::kNull);
  for (const auto& type : types) {
    Result<LogicalType> combined = CommonSuperType(common, type);
    if (!combined.ok()) {
      return Status::Error(ErrorCode::kType,
                           FunctionSignatureText(name, types) +
                               ": arguments must share a type: " + combined.status().message());
    }
    common = combined.value();
  }
  return common;
}

// Binds a function whose arguments (count in [minimum, maximum]) share one type that is
// also the result type.
ScalarBinder SameTypeBinder(std::string name, size_t minimum, size_t maximum,
                            std::function<ScalarKernel(const LogicalType&)> make_kernel) {
  return [name, minimum, maximum, make_kernel](
             const std::vector<LogicalType>& types,
             const std::vector<std::optional<Value>>&) -> Result<BoundScalarFunction> {
    if (types.size() < minimum || types.size() > maximum) {
      std::string expected =
          minimum == maximum ? std::to_string(minimum) : "at least " + std::to_string(minimum);
      return Status::Error(ErrorCode::kBinder, "No function matches " +
                                                   FunctionSignatureText(name, types) + ": " +
                                                   name + " takes " + expected + " arguments");
    }
    TARN_ASSIGN_OR_RETURN(LogicalType common, CommonTypeOf(name, types));
    BoundScalarFunction bound;
    bound.name = name;
    bound.argument_types.assign(types.size(), common);
    bound.return_type = common;
    bound.kernel = make_kernel(common);
    return bound;
  };
}

void ShareAllStrings(DataChunk& arguments, Vector& result) {
  if (result.type().physical() != PhysicalType::kString) return;
  for (idx_t c = 0; c < arguments.ColumnCount(); c++) {
    result.ShareStringStorage(arguments.column(c));
  }
}

ScalarKernel CoalesceKernel(const LogicalType& type) {
  return DispatchPhysical(type, []<class T>() -> ScalarKernel {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      ShareAllStrings(arguments, result);
      T* out = result.Data<T>();
      ValidityMask& mask = result.validity();
      mask.SetAllValid();
      for (idx_t row = 0; row < arguments.size(); row++) {
        bool found = false;
        for (idx_t c = 0; c < arguments.ColumnCount() && !found; c++) {
          const Vector& argument = arguments.column(c);
          if (argument.validity().RowIsValid(row)) {
            out[row] = argument.Data<T>()[row];
            found = true;
          }
        }
        if (!found) mask.SetInvalid(row);
      }
    };
  });
}

ScalarKernel NullIfKernel(const LogicalType& type) {
  return DispatchPhysical(type, []<class T>() -> ScalarKernel {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      ShareAllStrings(arguments, result);
      const Vector& left = arguments.column(0);
      const Vector& right = arguments.column(1);
      const T* a = left.Data<T>();
      const T* b = right.Data<T>();
      T* out = result.Data<T>();
      ValidityMask& mask = result.validity();
      mask.SetAllValid();
      for (idx_t row = 0; row < arguments.size(); row++) {
        if (!left.validity().RowIsValid(row) ||
            (right.validity().RowIsValid(row) && a[row] == b[row])) {
          mask.SetInvalid(row);
        } else {
          out[row] = a[row];
        }
      }
    };
  });
}

template <class T>
bool LessThan(const T& left, const T& right) {
  return left < right;
}

template <>
bool LessThan<Interval>(const Interval& left, const Interval& right) {
  auto normalized = [](const Interval& value) {
    return (static_cast<int128_t>(value.months) * 30 + value.days) * 86400000000LL + value.micros;
  };
  return normalized(left) < normalized(right);
}

template <bool kGreatest>
ScalarKernel ExtremeKernel(const LogicalType& type) {
  return DispatchPhysical(type, []<class T>() -> ScalarKernel {
    return [](DataChunk& arguments, const FunctionData*, Vector& result) {
      ShareAllStrings(arguments, result);
      T* out = result.Data<T>();
      ValidityMask& mask = result.validity();
      mask.SetAllValid();
      for (idx_t row = 0; row < arguments.size(); row++) {
        bool found = false;
        for (idx_t c = 0; c < arguments.ColumnCount(); c++) {
          const Vector& argument = arguments.column(c);
          if (!argument.validity().RowIsValid(row)) continue;
          const T& value = argument.Data<T>()[row];
          if (!found || (kGreatest ? LessThan(out[row], value) : LessThan(value, out[row]))) {
            out[row] = value;
          }
          found = true;
        }
        if (!found) mask.SetInvalid(row);
      }
    };
  });
}

// ---- typeof, hash ----

Result<BoundScalarFunction> BindTypeof(const std::vector<LogicalType>& types,
                                       const std::vector<std::optional<Value>>&) {
  if (types.size() != 1) {
    return NoMatchingFunction("typeof", types, "typeof(ANY)");
  }
  BoundScalarFunction bound;
  bound.name = "typeof";
  bound.argument_types = types;
  bound.return_type = LogicalType(TypeId::kVarchar);
  std::string type_name = types[0].ToString();
  bound.kernel = [type_name](DataChunk& arguments, const FunctionData*, Vector& result) {
    result.validity().SetAllValid();
    string_view name = result.AddString(type_name);
    string_view* out = result.Data<string_view>();
    for (idx_t row = 0; row < arguments.size(); row++) out[row] = name;
  };
  return bound;
}

uint64_t MixHash(uint64_t value) {
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdULL;
  value ^= value >> 33;
  value *= 0xc4ceb9fe1a85ec53ULL;
  value ^= value >> 33;
  return value;
}

uint64_t HashBytes(const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < size; i++) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ULL;
  }
  return MixHash(hash);
}

template <class T>
uint64_t HashValue(const T& value) {
  if constexpr (std::is_same_v<T, string_view>) {
    return HashBytes(value.data(), value.size());
  } else if constexpr (std::is_same_v<T, double>) {
    double normalized = value == 0 ? 0.0 : value;  // -0.0 and 0.0 are equal.
    uint64_t bits;
    std::memcpy(&bits, &normalized, sizeof(bits));
    return MixHash(bits);
  } else if constexpr (std::is_same_v<T, Interval>) {
    return MixHash(static_cast<uint64_t>(value.months) * 31 + static_cast<uint64_t>(value.days)) ^
           MixHash(static_cast<uint64_t>(value.micros));
  } else if constexpr (std::is_same_v<T, int128_t>) {
    return MixHash(static_cast<uint64_t>(value)) ^
           MixHash(static_cast<uint64_t>(value >> 64) + 0x9e3779b97f4a7c15ULL);
  } else {
    return MixHash(static_cast<uint64_t>(static_cast<int64_t>(value)));
  }
}

constexpr uint64_t kNullHash = 0xbf58476d1ce4e5b9ULL;

void HashKernel(DataChunk& arguments, const FunctionData*, Vector& result) {
  result.validity().SetAllValid();
  int64_t* out = result.Data<int64_t>();
  for (idx_t row = 0; row < arguments.size(); row++) out[row] = 0;
  for (idx_t c = 0; c < arguments.ColumnCount(); c++) {
    const Vector& argument = arguments.column(c);
    DispatchPhysical(argument.type(), [&]<class T>() {
      const T* values = argument.Data<T>();
      for (idx_t row = 0; row < arguments.size(); row++) {
        uint64_t hash = argument.validity().RowIsValid(row) && argument.type().id() != TypeId::kNull
                            ? HashValue(values[row])
                            : kNullHash;
        uint64_t combined = static_cast<uint64_t>(out[row]) * 0x9e3779b97f4a7c15ULL + hash;
        out[row] = static_cast<int64_t>(c == 0 ? hash : combined);
      }
    });
  }
}

Result<BoundScalarFunction> BindHash(const std::vector<LogicalType>& types,
                                     const std::vector<std::optional<Value>>&) {
  if (types.empty()) return NoMatchingFunction("hash", types, "hash(ANY, ...)");
  BoundScalarFunction bound;
  bound.name = "hash";
  bound.argument_types = types;
  bound.return_type = LogicalType(TypeId::kBigint);
  bound.kernel = HashKernel;
  return bound;
}

}  // namespace

void RegisterGenericFunctions(FunctionRegistry& registry) {
  constexpr size_t kUnbounded = SIZE_MAX;
  registry.RegisterScalar("coalesce", SameTypeBinder("coalesce", 1, kUnbounded, CoalesceKernel));
  for (const char* name : {"ifnull", "nvl"}) {
    registry.RegisterScalar(name, SameTypeBinder(name, 2, 2, CoalesceKernel));
  }
  registry.RegisterScalar("nullif", SameTypeBinder("nullif", 2, 2, NullIfKernel));
  registry.RegisterScalar("greatest",
                          SameTypeBinder("greatest", 1, kUnbounded, ExtremeKernel<true>));
  registry.RegisterScalar("least", SameTypeBinder("least", 1, kUnbounded, ExtremeKernel<false>));
  registry.RegisterScalar("typeof", BindTypeof);
  registry.RegisterScalar("hash", BindHash);
}

}  // namespace tarn
