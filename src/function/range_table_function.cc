// range(stop), range(start, stop[, step]) and generate_series(start, stop[, step]): a
// BIGINT column of evenly spaced numbers (range excludes `stop`, generate_series includes
// it), for generating test data and filling gaps. Scanned in parallel morsels.

#include <algorithm>
#include <atomic>

#include "common/exception.h"
#include "function/table_function.h"

namespace tarn {

namespace {

constexpr idx_t kRowsPerMorsel = 64 * kVectorSize;

struct RangeGlobalState : TableScanGlobalState {
  explicit RangeGlobalState(idx_t count) : count(count) {}
  idx_t count;  // Rows to produce: all of them, or a pushed-down LIMIT's cap.
  std::atomic<idx_t> next_morsel{0};
  std::atomic<idx_t> rows_done{0};
};

struct RangeLocalState : TableScanLocalState {
  idx_t morsel = 0;
  idx_t position = 0;  // Next row within the morsel.
  bool active = false;
};

class RangeBinding : public TableScanBinding {
 public:
  RangeBinding(std::string name, int64_t start, int64_t step, idx_t count)
      : function_(std::move(name)), start_(start), step_(step), count_(count) {
    names_.push_back(function_);
    types_.push_back(LogicalType(TypeId::kBigint));
  }

  std::unique_ptr<TableScanGlobalState> InitGlobal(const std::vector<idx_t>&) const override {
    return std::make_unique<RangeGlobalState>(count_);
  }
  std::unique_ptr<TableScanGlobalState> InitGlobalCapped(const std::vector<idx_t>&,
                                                         const std::vector<TableFilter>&,
                                                         idx_t row_cap) const override {
    return std::make_unique<RangeGlobalState>(std::min(count_, row_cap));
  }
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState&) const override {
    return std::make_unique<RangeLocalState>();
  }
  void Scan(TableScanGlobalState& global_base, TableScanLocalState& local_base,
            DataChunk& output) const override {
    auto& global = static_cast<RangeGlobalState&>(global_base);
    auto& local = static_cast<RangeLocalState&>(local_base);
    idx_t morsels = (global.count + kRowsPerMorsel - 1) / kRowsPerMorsel;
    if (!local.active || local.position >= MorselRows(global, local.morsel)) {
      local.morsel = global.next_morsel.fetch_add(1);
      local.position = 0;
      local.active = local.morsel < morsels;
      if (!local.active) {
        output.SetSize(0);
        return;
      }
    }
    idx_t first = local.morsel * kRowsPerMorsel + local.position;
    idx_t rows = std::min<idx_t>(kVectorSize, MorselRows(global, local.morsel) - local.position);
    if (output.ColumnCount() > 0) {
      auto* data = output.column(0).Data<int64_t>();
      int64_t value = start_ + static_cast<int64_t>(first) * step_;
      for (idx_t i = 0; i < rows; i++, value += step_) data[i] = value;
    }
    local.position += rows;
    global.rows_done += rows;
    output.SetSize(rows);
  }
  size_t MaxThreads(const TableScanGlobalState& global_base) const override {
    auto& global = static_cast<const RangeGlobalState&>(global_base);
    return std::max<size_t>(1, (global.count + kRowsPerMorsel - 1) / kRowsPerMorsel);
  }
  double Progress(const TableScanGlobalState& global_base) const override {
    auto& global = static_cast<const RangeGlobalState&>(global_base);
    return global.count == 0 ? 1.0 : static_cast<double>(global.rows_done) / double(global.count);
  }
  idx_t BatchIndex(const TableScanLocalState& local) const override {
    return static_cast<const RangeLocalState&>(local).morsel;
  }
  double EstimatedRows() const override { return static_cast<double>(count_); }
  std::string ToString() const override {
    return function_ + "(" + std::to_string(count_) + " rows)";
  }

 private:
  static idx_t MorselRows(const RangeGlobalState& global, idx_t morsel) {
    return std::min<idx_t>(kRowsPerMorsel, global.count - morsel * kRowsPerMorsel);
  }

  std::string function_;
  int64_t start_;
  int64_t step_;
  idx_t count_;
};

TableFunctionBinder RangeBinder(std::string name, bool inclusive) {
  return [name,
          inclusive](const TableFunctionInput& input) -> Result<std::unique_ptr<TableScanBinding>> {
    const auto& arguments = input.positional;
    if (arguments.empty() || arguments.size() > 3 || !input.named.empty() ||
        !input.positional_lists.empty()) {
      return Status::Error(ErrorCode::kBinder,
                           name + " takes (stop), (start, stop) or (start, stop, step)");
    }
    std::vector<int64_t> numbers;
    for (const Value& argument : arguments) {
      if (argument.is_null() || !argument.type().IsInteger()) {
        return Status::Error(ErrorCode::kBinder, name + ": arguments must be whole numbers, got " +
                                                     argument.ToSqlLiteral());
      }
      numbers.push_back(argument.GetBigint());
    }
    int64_t start = numbers.size() == 1 ? 0 : numbers[0];
    int64_t stop = numbers.size() == 1 ? numbers[0] : numbers[1];
    int64_t step = numbers.size() == 3 ? numbers[2] : 1;
    if (step == 0) return Status::Error(ErrorCode::kInvalidInput, name + ": step must not be 0");
    // Number of values, computed in 128 bits so that extreme bounds cannot overflow.
    int128_t span = static_cast<int128_t>(stop) - start;
    if (inclusive) span += step > 0 ? 1 : -1;
    int128_t count = 0;
    if ((step > 0 && span > 0) || (step < 0 && span < 0)) {
      count = (span + step + (step > 0 ? -1 : 1)) / step;
    }
    return std::unique_ptr<TableScanBinding>(
        new RangeBinding(name, start, step, static_cast<idx_t>(count)));
  };
}

}  // namespace

void RegisterRangeTableFunctions(TableFunctionRegistry& registry) {
  registry.Register("range", RangeBinder("range", false));
  registry.Register("generate_series", RangeBinder("generate_series", true));
}

}  // namespace tarn
