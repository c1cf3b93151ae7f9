// Snippets, line hashes and fingerprints for findings (see finish.h).
#include "analyzer/engine/finish.h"

#include <algorithm>
#include <unordered_map>

#include "analyzer/core/parallel_for.h"
#include "analyzer/core/whole_file.h"
#include "analyzer/engine/fingerprint.h"

namespace archverify::engine {

namespace {

// The lines of a text as views into it (LF or CRLF line ends; a CR before
// the LF is not part of the line).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Byte offset of 1-based code-point column `col` in a UTF-8 line.
std::size_t byte_at(std::string_view line, std::uint32_t col) {
  if (col <= 1) return 0;
  std::uint32_t seen = 1;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) {
      if (seen == col) return i;
      ++seen;
    }
  }
  return line.size();
}

std::string flagged_text(const std::vector<std::string_view>& lines, const SourceRange& r) {
  if (r.begin.line == 0 || r.begin.line > lines.size()) return {};
  std::uint32_t last = std::min<std::uint32_t>(r.end.line ? r.end.line : r.begin.line, static_cast<std::uint32_t>(lines.size()));
  if (last < r.begin.line || last - r.begin.line > 8) last = r.begin.line;  // long spans: first line only
  std::string out;
  for (std::uint32_t l = r.begin.line; l <= last; ++l) {
    const std::string_view line = lines[l - 1];
    std::size_t from = l == r.begin.line ? byte_at(line, r.begin.column) : 0;
    std::size_t to = (l == last && r.end.line == last && r.end.column) ? byte_at(line, r.end.column) : line.size();
    if (to < from) to = line.size();
    if (!out.empty()) out += '\n';
    out += line.substr(from, to - from);
  }
  return out;
}

}  // namespace

std::string enclosing_function(const model::FileFacts& file, Position pos) {
  const model::Function* best = nullptr;
  for (const model::Function& f : file.functions)
    if (f.span.begin <= pos && pos < f.span.end && (!best || best->span.contains(f.span))) best = &f;
  return best ? best->qualname.str() : std::string();
}

void finish_findings(std::vector<Finding>& findings, const model::RepoModel& model, const std::filesystem::path& root,
                     bool line_hashes, unsigned jobs) {
  // The findings of each file, files in order of first appearance.
  std::unordered_map<std::string_view, std::size_t> file_slot;
  std::vector<std::vector<std::size_t>> by_file;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    auto [it, fresh] = file_slot.try_emplace(findings[i].where.path, by_file.size());
    if (fresh) by_file.emplace_back();
    by_file[it->second].push_back(i);
  }
  // File by file on all threads: each file is read once, its GitHub line
  // hashes are formatted only for the lines that carry a finding, its
  // findings' fingerprints are hashed, and each task writes only to the
  // findings of its own file. Only the numbering of equal fingerprints is serial.
  std::vector<std::uint64_t> fingerprint_hashes(findings.size());
  for_each_index(by_file.size(), jobs, [&](std::size_t k) {
    const std::vector<std::size_t>& mine = by_file[k];
    const std::string& path = findings[mine.front()].where.path;
    // Left empty when the file cannot be read: its findings then get no snippet.
    ByteBuffer bytes;
    read_whole_file((root / path).c_str(), bytes);
    const std::string_view text = bytes.view();
    const std::vector<std::string_view> lines = split_lines(text);
    std::vector<std::uint32_t> finding_lines;
    finding_lines.reserve(mine.size());
    for (std::size_t i : mine) finding_lines.push_back(findings[i].where.begin.line);
    std::sort(finding_lines.begin(), finding_lines.end());
    finding_lines.erase(std::unique(finding_lines.begin(), finding_lines.end()), finding_lines.end());
    const std::vector<std::string> hashes =
        line_hashes ? github_line_hashes_at(text, finding_lines) : std::vector<std::string>(finding_lines.size());
    const std::uint32_t fi = model.file_index(path);
    for (std::size_t i : mine) {
      Finding& f = findings[i];
      const std::uint32_t line = f.where.begin.line;
      if (line >= 1 && line <= lines.size()) {
        f.snippet = std::string(lines[line - 1]);
        auto at = std::lower_bound(finding_lines.begin(), finding_lines.end(), line);
        f.line_hash = hashes[static_cast<std::size_t>(at - finding_lines.begin())];
      }
      const std::string code = flagged_text(lines, f.where);
      const std::string function = fi != model::kNoIndex ? enclosing_function(model.files[fi], f.where.begin) : "";
      fingerprint_hashes[i] = fingerprint_hash(FingerprintInput{f.rule_id, f.where.path, function, code});
    }
  });
  std::vector<std::string> prints = number_fingerprints(fingerprint_hashes);
  for (std::size_t i = 0; i < findings.size(); ++i) findings[i].fingerprint = std::move(prints[i]);
}

}  // namespace archverify::engine
