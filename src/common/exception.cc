#include "common/exception.h"

#include <cstdio>
#include <cstdlib>

namespace tarn {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
    case ErrorCode::kSyntax:
      return "Parser Error";
    case ErrorCode::kBinder:
      return "Binder Error";
    case ErrorCode::kType:
      return "Type Error";
    case ErrorCode::kConversion:
      return "Conversion Error";
    case ErrorCode::kOutOfRange:
      return "Out of Range Error";
    case ErrorCode::kInvalidInput:
      return "Invalid Input Error";
    case ErrorCode::kInvalidOption:
      return "Invalid Option Error";
    case ErrorCode::kCatalog:
      return "Catalog Error";
    case ErrorCode::kNotImplemented:
      return "Not Implemented Error";
    case ErrorCode::kInterrupted:
      return "Interrupted";
    case ErrorCode::kOutOfMemory:
      return "Out of Memory Error";
    case ErrorCode::kIo:
      return "IO Error";
    case ErrorCode::kInternal:
      return "Internal Error";
  }
  return "Error";
}

void ThrowError(ErrorCode code, const std::string& message) {
#ifdef TARN_DEBUG_CHECKS
  if (code == ErrorCode::kInternal) {
    std::fprintf(stderr, "tarn internal error (aborting in a checked build): %s\n",
                 message.c_str());
    std::abort();
  }
#endif
  throw TarnException(code, message);
}

}  // namespace tarn
