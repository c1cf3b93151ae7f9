// Parsing, joining, rendering and comparing URL rules (see path_template.h).
#include "analyzer/model/path_template.h"

#include <cctype>

namespace archverify::model {

std::string_view to_string(ParamConverter c) {
  switch (c) {
    case ParamConverter::Default: return "default";
    case ParamConverter::String: return "string";
    case ParamConverter::Int: return "int";
    case ParamConverter::Float: return "float";
    case ParamConverter::Path: return "path";
    case ParamConverter::Uuid: return "uuid";
    case ParamConverter::Any: return "any";
    case ParamConverter::Custom: return "custom";
  }
  return "custom";
}

namespace {

ParamConverter converter_of(std::string_view text) {
  if (text.empty()) return ParamConverter::Default;
  if (text == "string" || text == "str") return ParamConverter::String;
  if (text == "int") return ParamConverter::Int;
  if (text == "float") return ParamConverter::Float;
  if (text == "path") return ParamConverter::Path;
  if (text == "uuid") return ParamConverter::Uuid;
  if (text == "any") return ParamConverter::Any;
  return ParamConverter::Custom;
}

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_identifier(std::string_view s) {
  if (s.empty() || !is_ident_start(s[0])) return false;
  for (char c : s) if (!is_ident(c)) return false;
  return true;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// "{name}" / "{name:conv}" (Starlette's rule) starting at rule[i] == '{'.
bool parse_fastapi_param(std::string_view rule, std::size_t& i, PathParam& out) {
  std::size_t close = rule.find('}', i);
  if (close == std::string_view::npos) return false;
  std::string_view inner = rule.substr(i + 1, close - i - 1);
  std::string_view name = inner, conv;
  if (auto colon = inner.find(':'); colon != std::string_view::npos) {
    name = inner.substr(0, colon);
    conv = inner.substr(colon + 1);
    if (!is_identifier(conv)) return false;
  }
  if (!is_identifier(name)) return false;
  out = PathParam{std::string(name), converter_of(conv), std::string(conv)};
  i = close + 1;
  return true;
}

// "<name>" / "<conv:name>" / "<conv(args):name>" (Werkzeug's rule) at rule[i] == '<'.
bool parse_flask_param(std::string_view rule, std::size_t& i, PathParam& out) {
  std::size_t close = rule.find('>', i);
  if (close == std::string_view::npos) return false;
  std::string_view inner = rule.substr(i + 1, close - i - 1);
  std::string name, conv;
  if (auto colon = inner.rfind(':'); colon != std::string_view::npos) {
    name = trim(inner.substr(colon + 1));
    std::string_view c = inner.substr(0, colon);
    if (auto paren = c.find('('); paren != std::string_view::npos) c = c.substr(0, paren);
    conv = trim(c);
    if (!is_identifier(conv)) return false;
  } else {
    name = trim(inner);
  }
  if (!is_identifier(name)) return false;
  out = PathParam{name, converter_of(conv), conv};
  i = close + 1;
  return true;
}

}  // namespace

void PathTemplate::add_literal(std::string_view text) {
  if (text.empty()) return;
  if (!pieces_.empty() && pieces_.back().kind == PathPiece::Kind::Literal) {
    pieces_.back().text += text;
    return;
  }
  PathPiece p;
  p.text = std::string(text);
  pieces_.push_back(std::move(p));
}

void PathTemplate::add_piece(PathPiece piece) {
  if (piece.kind == PathPiece::Kind::Literal) add_literal(piece.text);
  else pieces_.push_back(std::move(piece));
}

PathTemplate PathTemplate::parse(std::string_view rule, PathSyntax syntax) {
  PathTemplate t;
  const char open = syntax == PathSyntax::FastApi ? '{' : '<';
  std::size_t i = 0, literal_start = 0;
  while (i < rule.size()) {
    if (rule[i] != open) { ++i; continue; }
    std::size_t j = i;
    PathParam param;
    bool ok = syntax == PathSyntax::FastApi ? parse_fastapi_param(rule, j, param) : parse_flask_param(rule, j, param);
    if (!ok) { ++i; continue; }
    t.add_literal(rule.substr(literal_start, i - literal_start));
    PathPiece p;
    p.kind = PathPiece::Kind::Param;
    p.param = std::move(param);
    t.pieces_.push_back(std::move(p));
    i = literal_start = j;
  }
  t.add_literal(rule.substr(literal_start));
  return t;
}

PathTemplate PathTemplate::unknown(std::string expression) {
  PathTemplate t;
  PathPiece p;
  p.kind = PathPiece::Kind::Unknown;
  p.text = std::move(expression);
  t.pieces_.push_back(std::move(p));
  return t;
}

PathTemplate PathTemplate::concat(const PathTemplate& tail) const {
  PathTemplate out = *this;
  for (const PathPiece& p : tail.pieces_) out.add_piece(p);
  return out;
}

PathTemplate PathTemplate::flask_join(const PathTemplate& rule) const {
  if (rule.empty()) return *this;
  PathTemplate out = *this;
  if (!out.pieces_.empty() && out.pieces_.back().kind == PathPiece::Kind::Literal) {
    std::string& text = out.pieces_.back().text;
    while (!text.empty() && text.back() == '/') text.pop_back();
    if (text.empty()) out.pieces_.pop_back();
  }
  out.add_literal("/");
  bool first = true;
  for (PathPiece p : rule.pieces_) {
    if (first && p.kind == PathPiece::Kind::Literal) {
      std::size_t k = 0;
      while (k < p.text.size() && p.text[k] == '/') ++k;
      p.text.erase(0, k);
    }
    first = false;
    out.add_piece(std::move(p));
  }
  return out;
}

std::vector<PathParam> PathTemplate::params() const {
  std::vector<PathParam> out;
  for (const PathPiece& p : pieces_) if (p.kind == PathPiece::Kind::Param) out.push_back(p.param);
  return out;
}

bool PathTemplate::has_unknown() const {
  for (const PathPiece& p : pieces_) if (p.kind == PathPiece::Kind::Unknown) return true;
  return false;
}

std::string PathTemplate::literal_prefix() const {
  if (!pieces_.empty() && pieces_.front().kind == PathPiece::Kind::Literal) return pieces_.front().text;
  return {};
}

std::string PathTemplate::render() const {
  std::string out;
  for (const PathPiece& p : pieces_) {
    switch (p.kind) {
      case PathPiece::Kind::Literal: out += p.text; break;
      case PathPiece::Kind::Param: out += "{" + p.param.name + "}"; break;
      case PathPiece::Kind::Unknown: out += "{" + p.text + "}"; break;
    }
  }
  return out;
}

std::string PathTemplate::render_fastapi() const {
  std::string out;
  for (const PathPiece& p : pieces_) {
    switch (p.kind) {
      case PathPiece::Kind::Literal: out += p.text; break;
      case PathPiece::Kind::Param:
        out += "{" + p.param.name;
        if (!p.param.converter_text.empty()) out += ":" + p.param.converter_text;
        out += "}";
        break;
      case PathPiece::Kind::Unknown: out += "{" + p.text + "}"; break;
    }
  }
  return out;
}

std::string PathTemplate::render_flask() const {
  std::string out;
  for (const PathPiece& p : pieces_) {
    switch (p.kind) {
      case PathPiece::Kind::Literal: out += p.text; break;
      case PathPiece::Kind::Param:
        out += "<";
        if (!p.param.converter_text.empty()) out += p.param.converter_text + ":";
        out += p.param.name + ">";
        break;
      case PathPiece::Kind::Unknown: out += "{" + p.text + "}"; break;
    }
  }
  return out;
}

std::vector<std::string> PathTemplate::segments() const {
  std::vector<std::string> out;
  std::string r = render();
  std::size_t start = r.starts_with('/') ? 1 : 0;
  while (true) {
    std::size_t slash = r.find('/', start);
    out.push_back(r.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

namespace {
bool pieces_match(const std::vector<PathPiece>& a, const std::vector<PathPiece>& b, bool names) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind) return false;
    switch (a[i].kind) {
      case PathPiece::Kind::Literal:
      case PathPiece::Kind::Unknown:
        if (a[i].text != b[i].text) return false;
        break;
      case PathPiece::Kind::Param:
        if (names && a[i].param.name != b[i].param.name) return false;
        break;
    }
  }
  return true;
}
}  // namespace

bool PathTemplate::same_shape(const PathTemplate& other) const { return pieces_match(pieces_, other.pieces_, false); }
bool PathTemplate::same_path(const PathTemplate& other) const { return pieces_match(pieces_, other.pieces_, true); }

}  // namespace archverify::model
