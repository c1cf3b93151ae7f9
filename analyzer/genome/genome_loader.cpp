// The genome loader's top level: document → version → sections → references.
#include "analyzer/genome/genome_loader.h"

#include <algorithm>

#include "analyzer/document/document.h"
#include "analyzer/genome/genome_sections.h"

namespace archverify::genome {

namespace {

document::Limits genome_limits() {
  document::Limits limits;
  limits.max_bytes = kMaxGenomeBytes;
  limits.max_nodes = 200'000;
  limits.max_depth = 32;
  return limits;
}

GenomeLoad read_document(document::DocumentLoad loaded) {
  GenomeLoad out;
  out.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.document) return out;
  const document::Document& doc = *loaded.document;
  detail::Reader r(doc, out.diagnostics);

  Genome g;
  g.path = doc.path;
  auto root = r.map(doc.root, doc.range_of(doc.root), "", "", "a mapping with at least 'version: 1'");
  if (!root) return out;

  if (const auto* v = root->find("version")) {
    if (auto n = r.integer(*v, "version", "the integer 1")) {
      if (*n != kGenomeVersion)
        r.error(r.where(*v), "unsupported genome version " + std::to_string(*n) + "; expected " +
                                 std::to_string(kGenomeVersion));
      else
        g.version = static_cast<int>(*n);
    }
  } else {
    SourceRange at = doc.range_of(doc.root);
    r.error(at, "missing required key 'version'; expected 'version: " + std::to_string(kGenomeVersion) +
                    "' at the top level");
  }
  if (const auto* e = root->find("stack"))
    if (auto s = r.enumeration(e->value, r.where(*e), "stack", detail::kStacks)) g.stack = Located<Stack>{*s, r.where(*e)};
  if (const auto* e = root->find("layout")) detail::read_layout(r, *e, g.layout);
  if (const auto* e = root->find("tenancy")) detail::read_tenancy(r, *e, g.tenancy.emplace());
  if (const auto* e = root->find("auth")) detail::read_auth(r, *e, g.auth.emplace());
  if (const auto* e = root->find("database")) detail::read_database(r, *e, g.database.emplace());
  if (const auto* e = root->find("openapi")) detail::read_openapi(r, *e, g.openapi.emplace());
  if (const auto* e = root->find("entities")) detail::read_entities(r, *e, g.entities);
  if (const auto* e = root->find("layers")) detail::read_layers(r, *e, g.layers);
  if (const auto* e = root->find("quality")) detail::read_quality(r, *e, g.quality);
  detail::check_references(r, g);

  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.where.begin < b.where.begin; });
  if (out.diagnostics.empty()) out.genome = std::move(g);
  return out;
}

}  // namespace

GenomeLoad load_genome(const std::filesystem::path& file, std::string display_path, const document::TreeMemo* memo) {
  if (display_path.empty()) display_path = file.generic_string();
  return read_document(document::load_document(file, std::move(display_path), "genome", genome_limits(), memo));
}

GenomeLoad parse_genome(std::string text, std::string display_path) {
  return read_document(document::parse_document(std::move(text), std::move(display_path), "genome", genome_limits()));
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.where.path;
  if (d.where.begin.line > 0) {
    out += ":" + std::to_string(d.where.begin.line);
    if (d.where.begin.column > 0) out += ":" + std::to_string(d.where.begin.column);
  }
  return out + ": " + d.message;
}

}  // namespace archverify::genome
