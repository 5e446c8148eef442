#pragma once

#include <string>
#include <utility>
#include <variant>

#include "common/exception.h"

namespace tarn {

// Status is the outcome of an operation that can fail in an expected way (a file that
// does not open, a format that does not sniff, a table that is not there). It carries an
// ErrorCode from the one registry in exception.h and a message for the user.
// Thread safety: a value type; copies are independent.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string message) {
    return Status(code, std::move(message));
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Turns a failed status into the typed exception used inside query execution.
  void ThrowIfError() const {
    if (!ok()) throw TarnException(code_, message_);
  }

 private:
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Result<T> holds either a value or a failed Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(state_);
  }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  T& operator*() & { return value(); }

  // Returns the value, or throws the failure as a TarnException (for execution code).
  T ValueOrThrow() && {
    if (!ok()) std::get<Status>(state_).ThrowIfError();
    return std::get<T>(std::move(state_));
  }

 private:
  std::variant<T, Status> state_;
};

#define TARN_RETURN_IF_ERROR(expr)     \
  do {                                 \
    ::tarn::Status _status = (expr);   \
    if (!_status.ok()) return _status; \
  } while (0)

#define TARN_CONCAT_INNER(a, b) a##b
#define TARN_CONCAT(a, b) TARN_CONCAT_INNER(a, b)
#define TARN_ASSIGN_OR_RETURN(lhs, expr)                                                      \
  auto TARN_CONCAT(_result_, __LINE__) = (expr);                                              \
  if (!TARN_CONCAT(_result_, __LINE__).ok()) return TARN_CONCAT(_result_, __LINE__).status(); \
  lhs = std::move(TARN_CONCAT(_result_, __LINE__)).value()

}  // namespace tarn
