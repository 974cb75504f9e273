// The I/O tables of the RV32IM circuit: the read and commit system calls. The CPU hands each call
// to the I/O call table (kBusIoCall), which reads the remaining arguments and the I/O state cell
// (input cursor or output length, registers 32 and 33 of memory space 0), proves the result and
// starts a linked list of chunks (kBusIoChunk) that the word tables walk one aligned memory word
// at a time. Commit words send the output bytes to the public output (kBusOutput, matched by the
// public values); read words receive input bytes from the input stream table (kBusInput), which
// reads them from the input region in memory. docs/circuit_io.md has every column and constraint.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/vm/memory_map.h"

namespace goldfinch::circuit {

inline constexpr uint32_t kSyscallRead = 63;
inline constexpr uint32_t kSyscallCommit = 0x47460001;
// verify_claim (vm::kSysVerifyClaim): commits the kClaimBytes at a0 and marks their position.
inline constexpr uint32_t kClaimBytes = 64;
// The I/O state cells: memory space 0 (registers), addresses past the 32 registers.
inline constexpr uint32_t kInputCursorCell = 32;   // bytes of the input stream consumed by read(0)
inline constexpr uint32_t kOutputLengthCell = 33;  // bytes committed so far
inline constexpr uint32_t kNumRegisterCells = 34;
// Word addresses in the input region (memory space 2).
inline constexpr uint32_t kInputLengthWord = vm::kInputBase / 4 + 2;  // the header's payload length
inline constexpr uint32_t kInputPayloadWord = vm::kInputPayload / 4;

// One read or commit call, as the witness generator saw it.
struct IoCallEvent {
  IoKind kind = kIoRead;
  uint64_t clk = 0;
  uint32_t a0 = 0, result = 0, a1 = 0, a2 = 0;
  uint32_t cursor_old = 0, cursor_new = 0;  // the state cell before and after (the call's byte range)
  uint32_t payload_len = 0;                 // reads: the input header's payload length
  uint64_t a1_ts = 0, a2_ts = 0, cursor_ts = 0, len_ts = 0;  // previous access times
};

// One aligned memory word a call reads (commit) or writes (read).
struct IoWordEvent {
  uint64_t clk = 0;
  uint32_t word = 0;
  uint32_t off = 0;        // first byte of the call in this word (0 after the call's first word)
  uint32_t pos = 0;        // stream position of that byte
  uint32_t remaining = 0;  // bytes of the call from that byte on
  bool read_only = false;  // commits may read read-only words (memory space 2)
  uint32_t old_word = 0, new_word = 0;
  uint8_t data[4] = {0, 0, 0, 0};  // reads: the input bytes written (at the masked positions)
  uint64_t ts_prev = 0;
};

// One word of the input payload that read(0) consumed bytes of.
struct InputWordEvent {
  uint32_t index = 0;  // payload word index (address kInputPayloadWord + index)
  uint32_t value = 0;
  uint8_t uses[4] = {0, 0, 0, 0};  // how often each byte was read (0 or 1)
  uint64_t ts_prev = 0;
};

namespace io_call {
enum Col : uint32_t {
  kIsRead,
  kIsCommit,
  kClk,
  kA0,
  kRes,
  kA1,
  kA2,
  kBuf,
  kLen,
  kBufW0,
  kBufW1,
  kOff0,
  kOff1,  // buf = 4 (w0 + 2^16 w1) + off0 + 2 off1
  kCurOld,
  kCurNew,
  kPayloadLen,
  kIsFd0,
  kFdInv,
  kLt,
  kDiffLo,
  kDiffHi,
  kHasData,
  kA1Ts,
  kA1Lo,
  kA1Hi,
  kA2Ts,
  kA2Lo,
  kA2Hi,
  kCurTs,
  kCurLo,
  kCurHi,
  kLenTs,
  kLenLo,
  kLenHi,
  kIsWrite,
  kConsole,
  kPq,
  kPqInv,    // write: fd 1 or 2 (pq = (fd - 1)(fd - 2) = 0) or not
  kIsClaim,  // verify_claim: a commit of kClaimBytes from a0, marked
  kNumCols
};
}  // namespace io_call

// The I/O call table's public values: [2^32 + p_1, .., 2^32 + p_n, output bytes...] for a whole run
// and [output position of the shard's first byte, 2^32 + p_1, .., bytes...] for a shard, where p_i
// are the output positions at which the claims (verify_claim calls) start. Tagged by 2^32 (bytes
// are below 256), the list needs no count: every value published is a claim term or an output term
// of the buses, so none is left unbound.
inline constexpr uint64_t kClaimTag = uint64_t{1} << 32;
struct IoPublicValues {
  Fp start = Fp::zero();       // the first byte's output position (0 for a whole run)
  std::span<const Fp> claims;  // the leading values >= kClaimTag: 2^32 + p_i, as published
  std::span<const Fp> bytes;   // the rest: the output bytes, as published (statements check the ranges)
};
// Splits the list; false only for a shard's empty list (no start position: the statement rejects it).
bool split_io_public_values(std::span<const Fp> public_values, bool shard, IoPublicValues* out);

// One row per read, commit, write or verify_claim call. Variable-length public values (above):
// the output bytes and the claims' positions.
class IoCallTable : public air::AirBase<IoCallTable> {
 public:
  explicit IoCallTable(bool shard = false) : shard_(shard) {}
  std::string name() const override { return "io_call"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return io_call::kNumCols; }
  bool variable_public_values() const override { return true; }
  std::vector<air::Interaction> interactions() const override;
  std::vector<air::PublicBusTerm> public_bus_terms(std::span<const Fp> public_values) const override;
  template <class B>
  void eval(B& b) const;
  static RowMajorMatrix trace(std::span<const IoCallEvent> events, LookupCounts& counts);

 private:
  bool shard_ = false;
};

namespace io_words {
enum Col : uint32_t {
  kIsReal, kClk, kWord, kPos, kLeft, kRo, kOld, kNew,
  kB0, kB1, kB2, kB3,   // bytes of the old word
  kD0, kD1, kD2, kD3,   // reads: the input bytes
  kS0, kS1, kS2, kS3,   // one-hot: the call's first byte in this word
  kE0, kE1, kE2, kE3,   // one-hot on the call's last word: its last byte
  kTsPrev, kTsLo, kTsHi,
  kNumCols
};
}  // namespace io_words

// One row per memory word of a read (kIoRead) or commit (kIoCommit) call.
class IoWordsTable : public air::AirBase<IoWordsTable> {
 public:
  explicit IoWordsTable(IoKind kind) : kind_(kind) {}
  std::string name() const override {
    return kind_ == kIoRead ? "io_read_words" : kind_ == kIoCommit ? "io_commit_words" : "io_write_words";
  }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return io_words::kNumCols; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;
  static RowMajorMatrix trace(std::span<const IoWordEvent> events, LookupCounts& counts);

 private:
  IoKind kind_;
};

namespace input_stream {
enum Col : uint32_t { kIsReal, kIndex, kValue, kC0, kC1, kC2, kC3, kU0, kU1, kU2, kU3, kTsPrev, kNumCols };
}  // namespace input_stream

// One row per input payload word that read(0) consumed: reads the word from the input region
// (memory space 2) and sends its bytes on kBusInput, (4 index + j, byte j), as often as read.
class InputStreamTable : public air::AirBase<InputStreamTable> {
 public:
  std::string name() const override { return "input_stream"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return input_stream::kNumCols; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;
  static RowMajorMatrix trace(std::span<const InputWordEvent> events, LookupCounts& counts);
};

template <class B>
void IoCallTable::eval(B& b) const {
  using namespace io_call;
  using E = typename B::Expr;
  auto c = [&](Col col) { return b.main(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E one = k(1);
  const E two16 = k(1 << 16);
  const E is_read = c(kIsRead), is_commit = c(kIsCommit), is_write = c(kIsWrite), is_claim = c(kIsClaim);
  const E is_real = is_read + is_commit + is_write + is_claim;
  const E fd_calls = is_read + is_write;  // (fd = a0, buf = a1, len = a2)
  const E outputs = is_commit + is_claim;  // calls that append to the output (buf = a0)
  const E stateful = is_read + outputs;    // calls with a state cell
  b.assert_bool(is_read, "is_read is boolean");
  b.assert_bool(is_commit, "is_commit is boolean");
  b.assert_bool(is_write, "is_write is boolean");
  b.assert_bool(is_claim, "is_claim is boolean");
  b.assert_bool(is_real, "one call per row");
  // Arguments: read/write(fd = a0, buf = a1, len = a2); commit(buf = a0, len = a1);
  // verify_claim(buf = a0), kClaimBytes bytes.
  b.assert_zero(c(kBuf) - fd_calls * c(kA1) - outputs * c(kA0), "buf argument");
  b.assert_zero(c(kLen) - fd_calls * c(kA2) - is_commit * c(kA1) - is_claim * k(kClaimBytes), "len argument");
  b.assert_bool(c(kOff0), "buf offset bit 0 is boolean");
  b.assert_bool(c(kOff1), "buf offset bit 1 is boolean");
  b.assert_zero(c(kBuf) - k(4) * (c(kBufW0) + two16 * c(kBufW1)) - c(kOff0) - k(2) * c(kOff1), "buf = 4 w + off");
  const E n = c(kCurNew) - c(kCurOld);  // bytes transferred
  // commit and verify_claim: all len bytes, result 0.
  b.assert_zero(outputs * (n - c(kLen)), "commit transfers len bytes");
  b.assert_zero(outputs * c(kRes), "commit returns 0");
  // read: fd 0 reads n = min(len, payload_len - cursor) bytes and returns n; another fd returns -9.
  b.assert_bool(c(kIsFd0), "is_fd0 is boolean");
  b.assert_zero(c(kIsFd0) * (one - is_read), "is_fd0 only on reads");
  b.assert_zero(c(kIsFd0) * c(kA0), "fd 0");
  b.assert_zero((is_read - c(kIsFd0)) * (c(kA0) * c(kFdInv) - one), "fd is not 0");
  b.assert_zero((is_read - c(kIsFd0)) * n, "read of another fd transfers nothing");
  b.assert_zero((is_read - c(kIsFd0)) * (c(kRes) - k(0xFFFFFFF7)), "read of another fd returns -9");
  const E left = c(kPayloadLen) - c(kCurOld);  // input bytes not consumed yet
  const E diff = c(kDiffLo) + two16 * c(kDiffHi);
  b.assert_bool(c(kLt), "lt is boolean");
  b.assert_zero(c(kLt) * (one - c(kIsFd0)), "lt only on reads of fd 0");
  b.assert_zero(c(kIsFd0) * (diff - (one - c(kLt)) * (left - c(kLen)) - c(kLt) * (c(kLen) - left - one)),
                "lt = (bytes left < len)");
  b.assert_zero(c(kIsFd0) * (n - c(kLen) - c(kLt) * (left - c(kLen))), "read transfers min(len, bytes left)");
  b.assert_zero(c(kIsFd0) * (c(kRes) - n), "read returns the bytes transferred");
  // write: fd 1 or 2 reads the len bytes (they must be in memory) and returns len; another fd
  // returns -9. No state cell: the chunk positions start at 0.
  b.assert_bool(c(kConsole), "console is boolean");
  b.assert_zero(c(kConsole) * (one - is_write), "console only on writes");
  b.assert_zero(c(kPq) - (c(kA0) - one) * (c(kA0) - k(2)), "pq = (fd - 1)(fd - 2)");
  b.assert_zero(c(kConsole) * c(kPq), "console fd is 1 or 2");
  b.assert_zero((is_write - c(kConsole)) * (c(kPq) * c(kPqInv) - one), "a non-console fd is neither 1 nor 2");
  b.assert_zero(is_write * c(kCurOld), "write positions start at 0");
  b.assert_zero(is_write * (n - c(kConsole) * c(kLen)), "a console write reads len bytes");
  b.assert_zero(is_write * (c(kRes) - c(kConsole) * c(kLen) - (one - c(kConsole)) * k(0xFFFFFFF7)), "write returns len or -9");
  // The chunk list starts only when bytes are transferred (has_data = 1 and n = 0 cannot end it).
  b.assert_bool(c(kHasData), "has_data is boolean");
  b.assert_zero((one - c(kHasData)) * n, "bytes transferred start the chunk list");
  b.assert_zero(c(kHasData) * (one - is_real), "no chunks on padding rows");
  // Accesses at 4 clk + 2 after their previous access.
  const E ts = k(4) * c(kClk) + k(2);
  b.assert_zero(is_real * (ts - c(kA1Ts) - one - c(kA1Lo) - two16 * c(kA1Hi)), "a1 read after its last access");
  b.assert_zero(fd_calls * (ts - c(kA2Ts) - one - c(kA2Lo) - two16 * c(kA2Hi)), "a2 read after its last access");
  b.assert_zero(stateful * (ts - c(kCurTs) - one - c(kCurLo) - two16 * c(kCurHi)), "state cell accessed after its last access");
  b.assert_zero(is_read * (ts - c(kLenTs) - one - c(kLenLo) - two16 * c(kLenHi)), "payload length read after its last access");
}

template <class B>
void IoWordsTable::eval(B& b) const {
  using namespace io_words;
  using E = typename B::Expr;
  auto c = [&](uint32_t col) { return b.main(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E one = k(1);
  b.assert_bool(c(kIsReal), "is_real is boolean");
  E s_sum = k(0), e_sum = k(0);
  for (uint32_t j = 0; j < 4; ++j) {
    b.assert_bool(c(kS0 + j), "start flag is boolean");
    b.assert_bool(c(kE0 + j), "end flag is boolean");
    s_sum = s_sum + c(kS0 + j);
    e_sum = e_sum + c(kE0 + j);
  }
  b.assert_eq(s_sum, c(kIsReal), "one first byte per real row");
  b.assert_bool(e_sum, "at most one last byte");
  b.assert_zero(e_sum * (one - c(kIsReal)), "no last byte on padding rows");
  // Mask m_j = sum_{i <= j} s_i - sum_{i < j} e_i: the bytes from the first to the last.
  E m[4], before_s = k(0), before_e = k(0), cnt = k(0);
  for (uint32_t j = 0; j < 4; ++j) {
    before_s = before_s + c(kS0 + j);
    m[j] = before_s - before_e;
    before_e = before_e + c(kE0 + j);
    b.assert_bool(m[j], "mask is boolean (the last byte is not before the first)");
    cnt = cnt + m[j];
  }
  b.assert_zero(e_sum * (c(kLeft) - cnt), "the last word holds the remaining bytes");
  b.assert_zero(c(kOld) - c(kB0) - k(1 << 8) * c(kB1) - k(1 << 16) * c(kB2) - k(1 << 24) * c(kB3), "old word bytes");
  if (kind_ == kIoRead) {
    E merged = k(0);
    for (uint32_t j = 0; j < 4; ++j)
      merged = merged + k(uint64_t{1} << (8 * j)) * (c(kB0 + j) + m[j] * (c(kD0 + j) - c(kB0 + j)));
    b.assert_zero(c(kNew) - merged, "read writes the input bytes into the masked bytes");
    b.assert_zero(c(kRo), "reads write writable memory");
  } else {  // commit and write read memory
    b.assert_zero(c(kNew) - c(kOld), "commit and write leave memory unchanged");
    b.assert_bool(c(kRo), "read-only flag is boolean");
    for (uint32_t j = 0; j < 4; ++j) b.assert_zero(c(kD0 + j), "commit and write rows have no input bytes");
  }
  b.assert_zero(c(kIsReal) * (k(4) * c(kClk) + k(2) - c(kTsPrev) - one - c(kTsLo) - k(1 << 16) * c(kTsHi)),
                "word accessed after its last access");
}

template <class B>
void InputStreamTable::eval(B& b) const {
  using namespace input_stream;
  auto c = [&](uint32_t col) { return b.main(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  b.assert_bool(c(kIsReal), "is_real is boolean");
  b.assert_zero(c(kValue) - c(kC0) - k(1 << 8) * c(kC1) - k(1 << 16) * c(kC2) - k(1 << 24) * c(kC3), "word bytes");
  for (uint32_t j = 0; j < 4; ++j) b.assert_zero(c(kU0 + j) * (k(1) - c(kIsReal)), "only real rows send input bytes");
}

}  // namespace goldfinch::circuit
