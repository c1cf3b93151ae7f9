// Fingerprints of findings. Two kinds: GitHub code scanning's
// `primaryLocationLineHash` (a rolling hash of the text from a line onwards,
// computed the way GitHub's upload-sarif does, so our value equals the one
// GitHub would compute), and archverify's own location-independent
// fingerprint used by baselines, which survives moved code and unrelated
// edits because it hashes the rule, the file, the enclosing function and the
// normalised flagged code, never a line number.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace archverify::engine {

// One `primaryLocationLineHash` per line of `utf8_text`, in order (element 0
// is line 1). Lines are separated by LF, CR or CRLF; a text ending with a line
// break has one more (empty) line, so the result is never empty. Values look
// like "a7f2ff13bc495cf2:3" (hash, then how often that hash occurred so far).
std::vector<std::string> github_line_hashes(std::string_view utf8_text);

// The same values for the given 1-based lines only (in the order given; ""
// for a line the text does not have): one pass over the text, but strings are
// built only for the lines that carry findings.
std::vector<std::string> github_line_hashes_at(std::string_view utf8_text, std::span<const std::uint32_t> lines);

// Whitespace runs (space, tab, CR, LF, FF, VT) collapsed to one space, ends trimmed.
std::string normalize_code(std::string_view code);

struct FingerprintInput {
  std::string_view rule_id;
  std::string_view path;               // repo-relative
  std::string_view enclosing_function; // qualified name, "" at module level
  std::string_view code;               // the flagged code text (normalised here)
};

// XXH3-64 of the four fields (code normalised).
std::uint64_t fingerprint_hash(const FingerprintInput& in);
// The same as 16 lowercase hex digits.
std::string fingerprint_base(const FingerprintInput& in);

// Fingerprints for a run's findings, in input order (give them sorted by
// location): "<fingerprint_base>:<n>" where n counts identical bases so far,
// so two identical flagged snippets in one function stay distinct.
std::vector<std::string> assign_fingerprints(std::span<const FingerprintInput> inputs);
// The same from each finding's fingerprint_hash (computed where its inputs
// are at hand, on any thread).
std::vector<std::string> number_fingerprints(std::span<const std::uint64_t> hashes);

}  // namespace archverify::engine
