// Pairing code routes with spec operations (see spec_matching.h).
#include "rules/api/spec_matching.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

namespace archverify::rules::api {

namespace {

using model::PathPiece;
using model::PathTemplate;

// One element of a path for the unknown-piece matcher: a character, a
// parameter, or (code side only) an unknown piece standing for literal text.
struct Element {
  enum class Kind { Char, Param, Unknown } kind = Kind::Char;
  char c = 0;
  std::size_t unknown = 0;  // index into the route's unknown expressions
};

std::vector<Element> elements(const PathTemplate& t, std::vector<std::string>* unknowns) {
  std::vector<Element> out;
  for (const PathPiece& p : t.pieces()) {
    switch (p.kind) {
      case PathPiece::Kind::Literal:
        for (char c : p.text) out.push_back(Element{Element::Kind::Char, c, 0});
        break;
      case PathPiece::Kind::Param: out.push_back(Element{Element::Kind::Param, 0, 0}); break;
      case PathPiece::Kind::Unknown: {
        if (!unknowns) {  // a spec path never has one; treat as a parameter
          out.push_back(Element{Element::Kind::Param, 0, 0});
          break;
        }
        auto it = std::find(unknowns->begin(), unknowns->end(), p.text);
        std::size_t id = static_cast<std::size_t>(it - unknowns->begin());
        if (it == unknowns->end()) unknowns->push_back(p.text);
        out.push_back(Element{Element::Kind::Unknown, 0, id});
        break;
      }
    }
  }
  return out;
}

// Backtracking match of a code path with unknown pieces against a spec path;
// each unknown piece takes a run of literal characters (no parameter), the
// same text wherever the same expression appears.
bool wildcard_match(const std::vector<Element>& code, std::size_t ci, const std::vector<Element>& spec, std::size_t si,
                    std::vector<std::optional<std::string>>& captures) {
  if (ci == code.size()) return si == spec.size();
  const Element& e = code[ci];
  if (e.kind == Element::Kind::Unknown) {
    if (captures[e.unknown]) {  // already bound: must repeat the same text
      const std::string& text = *captures[e.unknown];
      for (std::size_t k = 0; k < text.size(); ++k)
        if (si + k >= spec.size() || spec[si + k].kind != Element::Kind::Char || spec[si + k].c != text[k]) return false;
      return wildcard_match(code, ci + 1, spec, si + text.size(), captures);
    }
    std::string text;
    for (std::size_t k = si;; ++k) {
      captures[e.unknown] = text;
      if (wildcard_match(code, ci + 1, spec, k, captures)) return true;
      if (k >= spec.size() || spec[k].kind != Element::Kind::Char) break;
      text += spec[k].c;
    }
    captures[e.unknown].reset();
    return false;
  }
  if (si >= spec.size() || spec[si].kind != e.kind) return false;
  if (e.kind == Element::Kind::Char && spec[si].c != e.c) return false;
  return wildcard_match(code, ci + 1, spec, si + 1, captures);
}

// Whether the known part of a path says enough to pin it down: a route made of
// nothing but unknown pieces and slashes would "match" any spec path.
bool has_known_part(const PathTemplate& t) {
  for (const PathPiece& p : t.pieces()) {
    if (p.kind == PathPiece::Kind::Param) return true;
    if (p.kind == PathPiece::Kind::Literal && p.text.find_first_not_of('/') != std::string::npos) return true;
  }
  return false;
}

bool methods_match(model::HttpMethod route, model::HttpMethod op) {
  return route == op || (op == model::HttpMethod::Head && route == model::HttpMethod::Get);
}

// A key equal for equal shapes (parameters as "{}"), for indexing only.
std::string shape_key(const PathTemplate& t) {
  std::string out;
  for (const PathPiece& p : t.pieces()) {
    if (p.kind == PathPiece::Kind::Literal) out += p.text;
    else if (p.kind == PathPiece::Kind::Param) out += "{}";
    else out += "{?" + p.text + "}";
  }
  return out;
}

PathTemplate substitute(const PathTemplate& t, const std::map<std::string, std::string>& values, bool& substituted,
                        bool& unresolved) {
  PathTemplate out;
  for (const PathPiece& p : t.pieces()) {
    switch (p.kind) {
      case PathPiece::Kind::Literal:
        out = out.concat(PathTemplate::parse(p.text, model::PathSyntax::Flask));  // no '<' in literal text
        break;
      case PathPiece::Kind::Param: {
        std::string rule = "{" + p.param.name + (p.param.converter_text.empty() ? "" : ":" + p.param.converter_text) + "}";
        out = out.concat(PathTemplate::parse(rule, model::PathSyntax::FastApi));
        break;
      }
      case PathPiece::Kind::Unknown:
        if (auto it = values.find(p.text); it != values.end()) {
          out = out.concat(PathTemplate::parse(it->second, model::PathSyntax::Flask));
          substituted = true;
        } else {
          out = out.concat(PathTemplate::unknown(p.text));
          unresolved = true;
        }
        break;
    }
  }
  return out;
}

bool ignored_by(const genome::Genome* genome, const std::vector<std::string>& paths) {
  if (!genome || !genome->openapi) return false;
  for (const genome::GlobPattern& g : genome->openapi->ignore)
    for (const std::string& p : paths)
      if (g.glob.matches(p)) return true;
  return false;
}

// Votes of the routes with unknown pieces: expression → text → routes that fit.
std::map<std::string, std::string> vote_unknowns(const model::RepoModel& model, const std::vector<SpecOperation>& ops,
                                                 const std::vector<std::vector<Element>>& spec_forms) {
  std::map<std::string, std::map<std::string, std::set<std::size_t>>> votes;
  for (std::size_t r = 0; r < model.routes.size(); ++r) {
    const model::Route& route = model.routes[r];
    if (!route.path.has_unknown() || !has_known_part(route.path)) continue;
    std::vector<std::string> unknowns;
    std::vector<Element> code = elements(route.path, &unknowns);
    for (std::size_t o = 0; o < ops.size(); ++o) {
      if (!methods_match(route.method, ops[o].op->method)) continue;
      for (std::size_t form = 0; form < 2; ++form) {
        std::vector<std::optional<std::string>> captures(unknowns.size());
        if (!wildcard_match(code, 0, spec_forms[2 * o + form], 0, captures)) continue;
        for (std::size_t u = 0; u < unknowns.size(); ++u) votes[unknowns[u]][*captures[u]].insert(r);
      }
    }
  }
  std::map<std::string, std::string> chosen;
  for (const auto& [expression, by_text] : votes) {
    const std::string* best = nullptr;
    std::size_t best_count = 0;
    for (const auto& [text, routes] : by_text)  // map order: ties go to the smallest text
      if (routes.size() > best_count) best = &text, best_count = routes.size();
    if (best) chosen[expression] = *best;
  }
  return chosen;
}

// Whether `tail` is the end of `path` starting at a segment boundary, shapes
// compared (parameter names ignored).
bool ends_with_shape(const PathTemplate& path, const PathTemplate& tail) {
  std::vector<Element> p = elements(path, nullptr), t = elements(tail, nullptr);
  if (t.empty() || t.size() > p.size() || t.front().kind != Element::Kind::Char || t.front().c != '/') return false;
  std::size_t offset = p.size() - t.size();
  for (std::size_t i = 0; i < t.size(); ++i)
    if (p[offset + i].kind != t[i].kind || (t[i].kind == Element::Kind::Char && p[offset + i].c != t[i].c)) return false;
  return true;
}

void mark_unmounted_suffixes(SpecComparison& cmp) {
  for (const CodeRoute& c : cmp.routes) {
    if (c.route->mounted || c.unresolved || !has_known_part(c.path)) continue;
    for (SpecOperation& s : cmp.ops)
      if (methods_match(c.route->method, s.op->method) && ends_with_shape(s.matched, c.path)) s.maybe_unmounted = true;
  }
}

void exclude_other_applications(SpecComparison& cmp) {
  std::map<std::string, std::size_t> matched;  // application → routes paired with an operation
  for (std::size_t r = 0; r < cmp.routes.size(); ++r)
    matched[cmp.routes[r].application] += cmp.ops_of_route[r].empty() ? 0 : 1;
  bool any = std::any_of(matched.begin(), matched.end(), [](const auto& m) { return m.second > 0; });
  if (!any || matched.size() < 2) return;
  for (CodeRoute& c : cmp.routes)
    if (matched[c.application] == 0) c.documentable = false;
}

}  // namespace

const SpecComparison& shared_spec_comparison(const engine::RuleInput& input) {
  return input.shared.get<SpecComparison>([&] { return compare_with_spec(input.model, input.genome); });
}

genome::SpecMode spec_mode(const genome::Genome* genome) {
  return genome && genome->openapi ? genome->openapi->mode : genome::SpecMode::Exact;
}

std::string describe(model::HttpMethod method, const std::string& path) {
  return std::string(model::to_string(method)) + " " + path;
}

std::string spec_name(const model::OpenApiSpec& spec) { return spec.path.empty() ? "the OpenAPI document" : spec.path; }

SpecComparison compare_with_spec(const model::RepoModel& model, const genome::Genome* genome) {
  SpecComparison cmp;
  if (!model.spec) return cmp;
  cmp.spec = &*model.spec;
  const PathTemplate base = PathTemplate::parse(cmp.spec->base_path, model::PathSyntax::FastApi);

  // The wildcard matcher's form of each operation (2 per op: as written, with
  // the base path), needed only when some route has a piece of unknown text.
  const bool any_unknown =
      std::any_of(model.routes.begin(), model.routes.end(), [](const model::Route& r) { return r.path.has_unknown(); });
  std::vector<std::vector<Element>> spec_forms;
  for (const model::OpenApiOperation& op : cmp.spec->operations) {
    SpecOperation s;
    s.op = &op;
    s.path = PathTemplate::parse(op.path, model::PathSyntax::FastApi);
    s.full = base.concat(s.path);
    s.ignored = ignored_by(genome, {op.path, s.full.render()});
    if (any_unknown) {
      spec_forms.push_back(elements(s.path, nullptr));
      spec_forms.push_back(elements(s.full, nullptr));
    }
    cmp.ops.push_back(std::move(s));
  }

  cmp.substitutions = vote_unknowns(model, cmp.ops, spec_forms);

  std::map<std::string, std::vector<std::size_t>> unresolved;
  for (const model::Route& route : model.routes) {
    CodeRoute c;
    c.route = &route;
    c.path = route.path.has_unknown() && has_known_part(route.path)
                 ? substitute(route.path, cmp.substitutions, c.substituted, c.unresolved)
                 : route.path;
    if (route.path.has_unknown() && !has_known_part(route.path)) c.unresolved = true;
    c.ignored = ignored_by(genome, {c.path.render(), route.path_text});
    bool auto_method = route.framework == model::Framework::Flask &&
                       (route.method == model::HttpMethod::Head || route.method == model::HttpMethod::Options);
    c.documentable = route.mounted && route.include_in_schema && !auto_method;
    if (!route.chain.empty()) c.application = route.chain.back().object;
    if (c.unresolved && c.documentable && !c.ignored)
      for (const PathPiece& p : c.path.pieces())
        if (p.kind == PathPiece::Kind::Unknown) {
          auto& list = unresolved[p.text];
          if (list.empty() || list.back() != cmp.routes.size()) list.push_back(cmp.routes.size());
        }
    cmp.routes.push_back(std::move(c));
  }
  for (auto& [expression, routes] : unresolved) cmp.unresolved.push_back(UnresolvedPrefix{expression, routes});

  // Which reading of the spec paths the code follows (see the header).
  auto index_ops = [&](bool with_base) {
    std::map<std::pair<model::HttpMethod, std::string>, std::vector<std::size_t>> index;
    for (std::size_t o = 0; o < cmp.ops.size(); ++o) {
      const SpecOperation& s = cmp.ops[o];
      std::string key = shape_key(with_base ? s.full : s.path);
      index[{s.op->method, key}].push_back(o);
      if (s.op->method == model::HttpMethod::Head) index[{model::HttpMethod::Get, key}].push_back(o);
    }
    return index;
  };
  auto count_matches = [&](const auto& index) {
    std::size_t n = 0;
    for (const CodeRoute& c : cmp.routes)
      if (!c.unresolved && index.count({c.route->method, shape_key(c.path)})) ++n;
    return n;
  };
  cmp.with_base_path = !cmp.spec->base_path.empty() && count_matches(index_ops(true)) >= count_matches(index_ops(false));
  for (SpecOperation& s : cmp.ops) s.matched = cmp.with_base_path ? s.full : s.path;
  const auto ops_by_shape = index_ops(cmp.with_base_path);
  cmp.ops_of_route.resize(cmp.routes.size());
  cmp.routes_of_op.resize(cmp.ops.size());
  for (std::size_t r = 0; r < cmp.routes.size(); ++r) {
    const CodeRoute& c = cmp.routes[r];
    if (c.unresolved) {
      std::vector<std::string> unknowns;
      std::vector<Element> code = elements(c.path, &unknowns);
      for (std::size_t o = 0; o < cmp.ops.size(); ++o) {
        if (!methods_match(c.route->method, cmp.ops[o].op->method)) continue;
        for (std::size_t form = 0; form < 2; ++form) {
          std::vector<std::optional<std::string>> captures(unknowns.size());
          if (wildcard_match(code, 0, spec_forms[2 * o + form], 0, captures)) cmp.ops[o].maybe_unresolved = true;
        }
      }
      continue;
    }
    auto it = ops_by_shape.find({c.route->method, shape_key(c.path)});
    if (it == ops_by_shape.end()) continue;
    for (std::size_t o : it->second) {
      const SpecOperation& s = cmp.ops[o];
      bool same = c.path.same_path(s.matched);
      cmp.ops_of_route[r].push_back(cmp.pairs.size());
      cmp.routes_of_op[o].push_back(cmp.pairs.size());
      cmp.pairs.push_back(Pairing{r, o, same});
    }
  }
  mark_unmounted_suffixes(cmp);
  exclude_other_applications(cmp);
  return cmp;
}

}  // namespace archverify::rules::api
