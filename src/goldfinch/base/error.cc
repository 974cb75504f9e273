#include "goldfinch/base/error.h"

namespace goldfinch {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNonCanonical: return "non-canonical field element";
    case ErrorCode::kTruncated: return "truncated";
    case ErrorCode::kTrailingBytes: return "trailing bytes";
    case ErrorCode::kBadPath: return "bad Merkle path";
    case ErrorCode::kMismatch: return "mismatch";
  }
  return "unknown error";
}

}  // namespace goldfinch
