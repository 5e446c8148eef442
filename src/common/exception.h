#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace tarn {

// The one registry of error codes. A code is stable: scripts and clients may match on it.
// The first word of each name says who is at fault: the user (bad SQL, bad data, bad
// options), the environment (io), or tarn itself (internal: a bug).
enum class ErrorCode : uint16_t {
  kOk = 0,
  // User errors.
  kSyntax = 100,          // SQL that does not parse.
  kBinder = 101,          // Unknown table / column / function, ambiguous name.
  kType = 102,            // Type mismatch, impossible cast.
  kConversion = 103,      // A value that does not convert (CAST('x' AS INTEGER)).
  kOutOfRange = 104,      // Overflow, division by zero.
  kInvalidInput = 105,    // Bad data in a file, malformed CSV.
  kInvalidOption = 106,   // An option with a wrong name or value.
  kCatalog = 107,         // Table exists / does not exist.
  kNotImplemented = 108,  // Valid SQL that tarn does not support yet.
  kInterrupted = 109,     // Cancelled by the user (Ctrl-C).
  kOutOfMemory = 110,     // Memory limit reached.
  // Environment errors.
  kIo = 200,  // A file that does not open, read or write.
  // Bugs.
  kInternal = 900,
};

// Returns the stable, human-readable name of an error code ("Binder Error").
const char* ErrorCodeName(ErrorCode code);

// The typed exception thrown inside query execution and caught at the boundaries (the
// connection, the HTTP handler, worker tasks which rethrow after join).
class TarnException : public std::runtime_error {
 public:
  TarnException(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

[[noreturn]] void ThrowError(ErrorCode code, const std::string& message);

// Internal invariant check: a failure is a bug in tarn, never the user's input.
#define TARN_CHECK(condition, message)                                                            \
  do {                                                                                            \
    if (!(condition))                                                                             \
      ::tarn::ThrowError(::tarn::ErrorCode::kInternal,                                            \
                         std::string("internal check failed: ") + #condition + ": " + (message)); \
  } while (0)

}  // namespace tarn
