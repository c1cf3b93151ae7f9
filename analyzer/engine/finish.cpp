// Snippets, line hashes and fingerprints for findings (see finish.h).
#include "analyzer/engine/finish.h"

#include <fstream>
#include <map>
#include <sstream>

#include "analyzer/engine/fingerprint.h"

namespace archverify::engine {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string::npos ? text.size() : nl;
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Byte offset of 1-based code-point column `col` in a UTF-8 line.
std::size_t byte_at(const std::string& line, std::uint32_t col) {
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

std::string flagged_text(const std::vector<std::string>& lines, const SourceRange& r) {
  if (r.begin.line == 0 || r.begin.line > lines.size()) return {};
  std::uint32_t last = std::min<std::uint32_t>(r.end.line ? r.end.line : r.begin.line, static_cast<std::uint32_t>(lines.size()));
  if (last < r.begin.line || last - r.begin.line > 8) last = r.begin.line;  // long spans: first line only
  std::string out;
  for (std::uint32_t l = r.begin.line; l <= last; ++l) {
    const std::string& line = lines[l - 1];
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
  return best ? best->qualname : std::string();
}

void finish_findings(std::vector<Finding>& findings, const model::RepoModel& model, const std::filesystem::path& root) {
  struct Source {
    std::vector<std::string> lines;
    std::vector<std::string> hashes;
  };
  std::map<std::string, Source> sources;
  for (const Finding& f : findings) {
    if (sources.count(f.where.path)) continue;
    std::ifstream in(root / f.where.path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    sources[f.where.path] = Source{split_lines(text), github_line_hashes(text)};
  }
  std::vector<std::string> functions(findings.size()), codes(findings.size());
  std::vector<FingerprintInput> inputs;
  inputs.reserve(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    Finding& f = findings[i];
    const Source& src = sources[f.where.path];
    std::uint32_t line = f.where.begin.line;
    if (line >= 1 && line <= src.lines.size()) {
      f.snippet = src.lines[line - 1];
      if (line <= src.hashes.size()) f.line_hash = src.hashes[line - 1];
    }
    codes[i] = flagged_text(src.lines, f.where);
    std::uint32_t fi = model.file_index(f.where.path);
    if (fi != model::kNoIndex) functions[i] = enclosing_function(model.files[fi], f.where.begin);
  }
  for (std::size_t i = 0; i < findings.size(); ++i)
    inputs.push_back(FingerprintInput{findings[i].rule_id, findings[i].where.path, functions[i], codes[i]});
  std::vector<std::string> prints = assign_fingerprints(inputs);
  for (std::size_t i = 0; i < findings.size(); ++i) findings[i].fingerprint = prints[i];
}

}  // namespace archverify::engine
