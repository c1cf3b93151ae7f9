// Fingerprints: GitHub's line hash (algorithm as described in
// shared/oracles/github-fingerprint-vectors.json) and our XXH3-based one.
#include "analyzer/engine/fingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

namespace archverify::engine {
namespace {

// Decodes UTF-8 into UTF-16 code units, as the JavaScript reference sees the
// text (String.charCodeAt), handing each to `sink` until it returns false.
// Malformed sequences become U+FFFD, one per maximal invalid subpart, as a
// WHATWG decoder does.
template <typename Sink>
void for_each_utf16(std::string_view s, Sink&& sink) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      if (!sink(b)) return;
      ++i;
      continue;
    }
    int need = 0;
    std::uint32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; }
    else if (b >= 0xE0 && b <= 0xEF) {
      need = 2; cp = b & 0x0F;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3; cp = b & 0x07;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      if (!sink(0xFFFD)) return;
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    int got = 0;
    while (got < need && j < n) {
      const unsigned char c = p[j];
      if (c < lo || c > hi) break;
      cp = (cp << 6) | (c & 0x3F);
      lo = 0x80; hi = 0xBF;
      ++j; ++got;
    }
    i = j;
    if (got < need) {
      if (!sink(0xFFFD)) return;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      if (!sink(static_cast<std::uint16_t>(0xD800 + (cp >> 10)))) return;
      if (!sink(static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF)))) return;
    } else if (!sink(static_cast<std::uint16_t>(cp))) {
      return;
    }
  }
}

std::string to_hex(std::uint64_t v, bool pad) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (int shift = 60; shift >= 0; shift -= 4) {
    const auto d = static_cast<unsigned>((v >> shift) & 0xF);
    if (!pad && s.empty() && d == 0 && shift != 0) continue;
    s.push_back(kDigits[d]);
  }
  return s;
}

// Rolling hash over a window of the next kBlock significant characters.
class LineHasher {
 public:
  static constexpr std::size_t kBlock = 100;
  static constexpr std::uint64_t kBase = 37;
  static constexpr std::uint32_t kEof = 65535;

  LineHasher() {
    first_mod_ = 1;
    for (std::size_t i = 0; i < kBlock; ++i) first_mod_ *= kBase;
    line_at_.fill(-1);
  }

  void feed(std::uint32_t c) {
    constexpr std::uint32_t kTab = '\t', kSpace = ' ', kLf = '\n', kCr = '\r';
    if (c == kSpace || c == kTab || (prev_cr_ && c == kLf)) {
      prev_cr_ = false;
      return;
    }
    prev_cr_ = c == kCr;
    if (c == kCr) c = kLf;
    if (line_at_[index_] != -1) emit();
    if (line_start_) {
      line_start_ = false;
      line_at_[index_] = ++line_;
    }
    if (c == kLf) line_start_ = true;
    push(c);
  }

  // Lines whose hash is known so far (a line's hash is known once the
  // window has moved past its first kBlock significant characters).
  std::size_t lines_done() const { return hashes_.size(); }

  // The hashes of lines 1..n, once lines_done() >= n (the rest of the text
  // is not needed for them).
  std::vector<std::uint64_t> first_lines(std::size_t n) {
    hashes_.resize(n);
    return std::move(hashes_);
  }

  // The hash of every line, in order (element 0 is line 1).
  std::vector<std::uint64_t> finish() {
    feed(kEof);
    for (std::size_t i = 0; i < kBlock; ++i) {
      if (line_at_[index_] != -1) emit();
      push(0);
    }
    return std::move(hashes_);
  }

 private:
  void push(std::uint32_t c) {
    const std::uint64_t leaving = window_[index_];
    window_[index_] = c;
    hash_ = hash_ * kBase + c - first_mod_ * leaving;  // all mod 2^64
    if (++index_ == kBlock) index_ = 0;
  }
  void emit() {
    const auto line = static_cast<std::size_t>(line_at_[index_]);
    if (hashes_.size() < line) hashes_.resize(line);
    hashes_[line - 1] = hash_;
    line_at_[index_] = -1;
  }

  std::array<std::uint64_t, kBlock> window_{};
  std::array<long, kBlock> line_at_{};
  std::uint64_t hash_ = 0;
  std::uint64_t first_mod_ = 1;
  std::size_t index_ = 0;
  long line_ = 0;
  bool line_start_ = true;
  bool prev_cr_ = false;
  std::vector<std::uint64_t> hashes_;
};

// The hash of every line (element 0 is line 1); with `up_to`, the text is
// read only until lines 1..up_to are hashed, and the result may end there.
std::vector<std::uint64_t> line_hash_values(std::string_view utf8_text, std::size_t up_to = SIZE_MAX) {
  LineHasher h;
  bool stopped = false;
  for_each_utf16(utf8_text, [&](std::uint32_t unit) {
    h.feed(unit);
    stopped = h.lines_done() >= up_to;
    return !stopped;
  });
  return stopped ? h.first_lines(up_to) : h.finish();
}

std::string format_line_hash(std::uint64_t hash, long occurrence) {
  return to_hex(hash, false) + ":" + std::to_string(occurrence);
}

}  // namespace

std::vector<std::string> github_line_hashes(std::string_view utf8_text) {
  std::vector<std::string> out;
  std::unordered_map<std::uint64_t, long> seen;  // counted per hash value; never iterated
  for (std::uint64_t hash : line_hash_values(utf8_text)) out.push_back(format_line_hash(hash, ++seen[hash]));
  return out;
}

std::vector<std::string> github_line_hashes_at(std::string_view utf8_text, std::span<const std::uint32_t> lines) {
  // Findings tend to sit early in a file: hashing stops at the last wanted
  // line (the occurrence counts need only the lines up to it).
  std::size_t wanted = 0;
  for (std::uint32_t line : lines) wanted = std::max<std::size_t>(wanted, line);
  const std::vector<std::uint64_t> hashes = line_hash_values(utf8_text, wanted);
  // Occurrence counts are needed only for the hashes of the wanted lines.
  std::unordered_map<std::uint64_t, long> seen;
  std::uint32_t last = 0;
  for (std::uint32_t line : lines)
    if (line >= 1 && line <= hashes.size()) {
      seen.emplace(hashes[line - 1], 0);
      last = std::max(last, line);
    }
  std::vector<long> occurrence(last + 1, 0);
  for (std::uint32_t l = 1; l <= last; ++l)
    if (auto it = seen.find(hashes[l - 1]); it != seen.end()) occurrence[l] = ++it->second;
  std::vector<std::string> out;
  out.reserve(lines.size());
  for (std::uint32_t line : lines)
    out.push_back(line >= 1 && line <= last ? format_line_hash(hashes[line - 1], occurrence[line]) : std::string());
  return out;
}

std::string normalize_code(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  bool pending_space = false;
  for (char c : code) {
    const bool ws = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    if (ws) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::uint64_t fingerprint_hash(const FingerprintInput& in) {
  // Fields joined by NUL so ("ab","c") and ("a","bc") differ; a version tag
  // leads so a future change of the recipe changes every value.
  std::string buf = "archverify-fp-v1";
  for (std::string_view field : {in.rule_id, in.path, in.enclosing_function}) {
    buf.push_back('\0');
    buf.append(field);
  }
  buf.push_back('\0');
  buf.append(normalize_code(in.code));
  return XXH3_64bits(buf.data(), buf.size());
}

std::string fingerprint_base(const FingerprintInput& in) { return to_hex(fingerprint_hash(in), true); }

std::vector<std::string> assign_fingerprints(std::span<const FingerprintInput> inputs) {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(inputs.size());
  for (const FingerprintInput& in : inputs) hashes.push_back(fingerprint_hash(in));
  return number_fingerprints(hashes);
}

std::vector<std::string> number_fingerprints(std::span<const std::uint64_t> hashes) {
  std::vector<std::string> out;
  out.reserve(hashes.size());
  // Counted by hash value, in input order (the hex text is one-to-one with
  // the value); never iterated.
  std::unordered_map<std::uint64_t, long> seen;
  seen.reserve(hashes.size());
  for (std::uint64_t h : hashes) out.push_back(to_hex(h, true) + ":" + std::to_string(++seen[h]));
  return out;
}

}  // namespace archverify::engine
