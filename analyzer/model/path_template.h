// PathTemplate: a URL rule parsed once into literal text, path parameters and
// unknown pieces, so FastAPI's "/items/{item_id}" and Flask's
// "/items/<int:item_id>" compare equal by shape without string games. It
// records each parameter's name and converter ("int", "path", "uuid", a custom
// converter name kept as text) and, for prefixes that are not literals
// (`prefix=settings.API_V1_STR`), an Unknown piece holding the expression as
// written. It deliberately does not model regular-expression constraints,
// converter arguments (`<string(length=2):code>` keeps "string" only), query
// strings or host/subdomain matching.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace archverify::model {

// The kind of value a path parameter accepts. Flask's `<id>` and FastAPI's
// `{id}` are both Default (any text without a slash).
enum class ParamConverter : std::uint8_t { Default, String, Int, Float, Path, Uuid, Any, Custom };

std::string_view to_string(ParamConverter c);

enum class PathSyntax : std::uint8_t { FastApi, Flask };  // "{name:conv}" or "<conv:name>"

struct PathParam {
  std::string name;
  ParamConverter converter = ParamConverter::Default;
  std::string converter_text;  // as written ("int", "path", "string"); "" when absent
  auto operator<=>(const PathParam&) const = default;
};

struct PathPiece {
  enum class Kind : std::uint8_t { Literal, Param, Unknown };
  Kind kind = Kind::Literal;
  std::string text;  // Literal: the text; Unknown: the expression as written ("settings.API_V1_STR")
  PathParam param;   // Param only
  auto operator<=>(const PathPiece&) const = default;
};

class PathTemplate {
 public:
  PathTemplate() = default;
  // Parses a rule written in the given framework's syntax.
  static PathTemplate parse(std::string_view rule, PathSyntax syntax);
  // A piece whose value the analyzer cannot know (rendered "{expr}").
  static PathTemplate unknown(std::string expression);

  // Plain concatenation (FastAPI prefixes, Flask-RESTful Api prefixes).
  PathTemplate concat(const PathTemplate& tail) const;
  // Flask's blueprint join: prefix.rstrip("/") + "/" + rule.lstrip("/"), or
  // the prefix alone when the rule is empty.
  PathTemplate flask_join(const PathTemplate& rule) const;

  const std::vector<PathPiece>& pieces() const { return pieces_; }
  std::vector<PathParam> params() const;
  bool empty() const { return pieces_.empty(); }
  bool has_unknown() const;
  // The literal text before the first parameter/unknown piece.
  std::string literal_prefix() const;
  // "/"-separated segments of the OpenAPI rendering ("" segments kept).
  std::vector<std::string> segments() const;

  // "/items/{item_id}" (OpenAPI form: converters dropped, unknowns as "{expr}").
  std::string render() const;
  // As FastAPI's route.path would show it ("/files/{p:path}", converters kept).
  std::string render_fastapi() const;
  // As Flask's url_map would show it ("/items/<int:item_id>").
  std::string render_flask() const;

  // Same route shape: literals equal, parameters in the same places; names and
  // converters ignored ("/a/{x}" ~ "/a/<int:y>").
  bool same_shape(const PathTemplate& other) const;
  // Same shape and same parameter names (converters still ignored).
  bool same_path(const PathTemplate& other) const;

  auto operator<=>(const PathTemplate&) const = default;

 private:
  void add_literal(std::string_view text);
  void add_piece(PathPiece piece);
  std::vector<PathPiece> pieces_;
};

}  // namespace archverify::model
