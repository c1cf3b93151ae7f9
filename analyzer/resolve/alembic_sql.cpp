// A small tokenizer and recogniser for the DDL statements found in migrations (see alembic_sql.h).
#include "analyzer/resolve/alembic_sql.h"

#include "analyzer/core/ascii.h"

#include <algorithm>
#include <cctype>

namespace archverify::resolve {

namespace {

struct Token {
  enum class Kind { Word, Quoted, Punct, String, Number } kind = Kind::Word;
  std::string text;   // words as written; quoted identifiers unquoted
  std::size_t begin = 0, end = 0;  // offsets in the SQL text
  bool is(std::string_view kw) const {
    if (kind != Kind::Word || text.size() != kw.size()) return false;
    for (std::size_t i = 0; i < kw.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(text[i])) != kw[i]) return false;
    return true;
  }
  bool punct(char c) const { return kind == Kind::Punct && text.size() == 1 && text[0] == c; }
};

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '`') {
      std::size_t j = s.find(c, i + 1);
      if (j == std::string_view::npos) j = s.size();
      out.push_back({Token::Kind::Quoted, std::string(s.substr(i + 1, j - i - 1)), i, std::min(j + 1, s.size())});
      i = j + 1;
      continue;
    }
    if (c == '$') {
      // PostgreSQL dollar quoting: $$…$$ or $tag$…$tag$ (a DO block's body) is one string token.
      std::size_t close = s.find('$', i + 1);
      if (close != std::string_view::npos) {
        std::string_view tag = s.substr(i, close - i + 1);
        bool ident = true;
        for (char t : tag.substr(1, tag.size() - 2)) ident &= std::isalnum(static_cast<unsigned char>(t)) || t == '_';
        std::size_t end = ident ? s.find(tag, close + 1) : std::string_view::npos;
        if (end != std::string_view::npos) {
          out.push_back({Token::Kind::String, std::string(s.substr(close + 1, end - close - 1)), i, end + tag.size()});
          i = end + tag.size();
          continue;
        }
      }
    }
    if (c == '\'') {
      std::size_t j = i + 1;
      while (j < s.size() && !(s[j] == '\'' && (j + 1 >= s.size() || s[j + 1] != '\''))) j += (s[j] == '\'' ? 2 : 1);
      out.push_back({Token::Kind::String, std::string(s.substr(i + 1, j > i + 1 ? j - i - 1 : 0)), i, std::min(j + 1, s.size())});
      i = j + 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '$')) ++j;
      out.push_back({Token::Kind::Word, std::string(s.substr(i, j - i)), i, j});
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      out.push_back({Token::Kind::Number, std::string(s.substr(i, j - i)), i, j});
      i = j;
      continue;
    }
    out.push_back({Token::Kind::Punct, std::string(1, c), i, i + 1});
    ++i;
  }
  return out;
}

struct Cursor {
  const std::vector<Token>& t;
  std::size_t i = 0;
  bool done() const { return i >= t.size(); }
  const Token* peek(std::size_t k = 0) const { return i + k < t.size() ? &t[i + k] : nullptr; }
  bool accept(std::string_view kw) {
    if (!done() && t[i].is(kw)) { ++i; return true; }
    return false;
  }
  bool accept_seq(std::initializer_list<std::string_view> kws) {
    std::size_t k = 0;
    for (auto kw : kws) {
      if (i + k >= t.size() || !t[i + k].is(kw)) return false;
      ++k;
    }
    i += k;
    return true;
  }
  bool accept_punct(char c) {
    if (!done() && t[i].punct(c)) { ++i; return true; }
    return false;
  }
  // identifier, possibly schema-qualified
  std::string ident() {
    std::string out;
    while (!done() && (t[i].kind == Token::Kind::Word || t[i].kind == Token::Kind::Quoted)) {
      out += t[i].text;
      ++i;
      if (!done() && t[i].punct('.')) { out += '.'; ++i; continue; }
      break;
    }
    return out;
  }
};

std::string join_tokens(const std::vector<Token>& t, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t k = from; k < to; ++k) {
    if (!out.empty() && t[k].kind != Token::Kind::Punct && !(k > from && t[k - 1].punct('('))) out += ' ';
    out += t[k].text;
  }
  return out;
}

// "(a, b DESC, lower(c))" → ["a", "b", "(lower(c))"]
std::vector<std::string> index_columns(Cursor& c) {
  std::vector<std::string> out;
  if (!c.accept_punct('(')) return out;
  std::size_t start = c.i;
  int depth = 0;
  for (; !c.done(); ++c.i) {
    const Token& tk = c.t[c.i];
    if (tk.punct('(')) ++depth;
    else if (tk.punct(')') && depth > 0) --depth;
    else if ((tk.punct(',') || tk.punct(')')) && depth == 0) {
      std::size_t n = c.i - start;
      const Token& first = c.t[start];
      bool plain = n >= 1 && (first.kind == Token::Kind::Word || first.kind == Token::Kind::Quoted) &&
                   (n == 1 || !c.t[start + 1].punct('('));
      if (plain && n > 1) {
        // allowed trailers: ASC/DESC/NULLS FIRST/LAST/COLLATE x/opclass
        for (std::size_t k = start + 1; k < c.i; ++k)
          if (c.t[k].kind == Token::Kind::Punct && !c.t[k].punct('.')) plain = false;
      }
      out.push_back(plain ? first.text : "(" + join_tokens(c.t, start, c.i) + ")");
      start = c.i + 1;
      if (tk.punct(')')) { ++c.i; break; }
    }
  }
  return out;
}

model::SchemaOp opaque(const std::string& text, const SourceRange& where) {
  model::SchemaOp op;
  op.kind = model::SchemaOpKind::ExecuteSql;
  op.op_name = "execute";
  op.where = where;
  op.sql = text;
  return op;
}


model::MigrationColumn column_definition(Cursor& c, const std::string& name) {
  model::MigrationColumn col;
  col.name = name;
  std::size_t type_start = c.i;
  int depth = 0;
  auto is_constraint_kw = [](const Token& t) {
    return t.is("NOT") || t.is("NULL") || t.is("DEFAULT") || t.is("PRIMARY") || t.is("UNIQUE") || t.is("REFERENCES") ||
           t.is("CONSTRAINT") || t.is("CHECK") || t.is("COLLATE") || t.is("GENERATED");
  };
  while (!c.done()) {
    const Token& tk = *c.peek();
    if (tk.punct('(')) ++depth;
    else if (tk.punct(')')) { if (depth == 0) break; --depth; }
    else if (depth == 0 && (tk.punct(',') || is_constraint_kw(tk))) break;
    ++c.i;
  }
  col.type = sql_column_type(join_tokens(c.t, type_start, c.i));
  while (!c.done() && !c.peek()->punct(',')) {
    if (c.accept_seq({"NOT", "NULL"})) { col.nullable = false; col.nullable_explicit = true; continue; }
    if (c.accept("NULL")) { col.nullable = true; col.nullable_explicit = true; continue; }
    if (c.accept_seq({"PRIMARY", "KEY"})) { col.primary_key = true; col.nullable = false; continue; }
    if (c.accept("UNIQUE")) { col.unique = true; continue; }
    if (c.accept("DEFAULT")) { col.server_default = true; continue; }
    if (c.accept("REFERENCES")) {
      std::string table = c.ident();
      std::string target = "id";
      if (c.accept_punct('(')) {
        target = c.ident();
        c.accept_punct(')');
      }
      col.foreign_key = model::ForeignKeyTarget{table, target};
      continue;
    }
    ++c.i;
  }
  return col;
}

model::SchemaOp parse_statement(const std::vector<Token>& toks, const std::string& text, const SourceRange& where) {
  Cursor c{toks};
  model::SchemaOp op;
  op.where = where;
  op.from_sql = true;
  op.sql = text;
  if (c.accept("CREATE")) {
    bool unique = c.accept("UNIQUE");
    if (!c.accept("INDEX")) return opaque(text, where);
    c.accept("CONCURRENTLY");
    c.accept_seq({"IF", "NOT", "EXISTS"});
    model::MigrationIndex ix;
    if (!c.peek() || !c.peek()->is("ON")) ix.name = c.ident();
    if (!c.accept("ON")) return opaque(text, where);
    c.accept("ONLY");
    op.table = c.ident();
    if (c.accept("USING")) c.ident();
    ix.columns = index_columns(c);
    ix.unique = unique;
    if (op.table.empty() || ix.columns.empty()) return opaque(text, where);
    op.kind = model::SchemaOpKind::CreateIndex;
    op.op_name = "create_index";
    op.name = ix.name;
    op.indexes.push_back(std::move(ix));
    return op;
  }
  if (c.accept("DROP")) {
    if (c.accept("INDEX")) {
      c.accept("CONCURRENTLY");
      c.accept_seq({"IF", "EXISTS"});
      op.name = c.ident();
      if (op.name.empty()) return opaque(text, where);
      op.kind = model::SchemaOpKind::DropIndex;
      op.op_name = "drop_index";
      return op;
    }
    if (c.accept("TABLE")) {
      c.accept_seq({"IF", "EXISTS"});
      op.table = c.ident();
      if (op.table.empty()) return opaque(text, where);
      op.kind = model::SchemaOpKind::DropTable;
      op.op_name = "drop_table";
      return op;
    }
    return opaque(text, where);
  }
  if (c.accept_seq({"ALTER", "TABLE"})) {
    c.accept_seq({"IF", "EXISTS"});
    c.accept("ONLY");
    op.table = c.ident();
    if (op.table.empty()) return opaque(text, where);
    if (c.accept("ADD")) {
      std::string constraint;
      if (c.accept("CONSTRAINT")) constraint = c.ident();
      if (c.accept_seq({"FOREIGN", "KEY"})) {
        model::MigrationForeignKey fk;
        fk.name = constraint;
        fk.columns = index_columns(c);
        if (!c.accept("REFERENCES")) return opaque(text, where);
        fk.target_table = c.ident();
        fk.target_columns = index_columns(c);
        if (fk.columns.empty() || fk.target_table.empty()) return opaque(text, where);
        op.kind = model::SchemaOpKind::CreateForeignKey;
        op.op_name = "create_foreign_key";
        op.name = constraint;
        op.foreign_keys.push_back(std::move(fk));
        return op;
      }
      bool unique = c.accept("UNIQUE");
      bool pk = !unique && c.accept_seq({"PRIMARY", "KEY"});
      if (unique || pk) {
        model::MigrationIndex ix{constraint, index_columns(c), true, pk};
        if (ix.columns.empty()) return opaque(text, where);
        op.kind = pk ? model::SchemaOpKind::CreatePrimaryKey : model::SchemaOpKind::CreateUniqueConstraint;
        op.op_name = pk ? "create_primary_key" : "create_unique_constraint";
        op.name = constraint;
        op.indexes.push_back(std::move(ix));
        return op;
      }
      if (!constraint.empty() || (c.peek() && (c.peek()->is("CHECK") || c.peek()->is("EXCLUDE")))) return opaque(text, where);
      c.accept("COLUMN");
      c.accept_seq({"IF", "NOT", "EXISTS"});
      std::string name = c.ident();
      if (name.empty()) return opaque(text, where);
      op.kind = model::SchemaOpKind::AddColumn;
      op.op_name = "add_column";
      op.column = name;
      op.columns.push_back(column_definition(c, name));
      return op;
    }
    if (c.accept("ALTER")) {
      c.accept("COLUMN");
      op.column = c.ident();
      op.kind = model::SchemaOpKind::AlterColumn;
      op.op_name = "alter_column";
      if (c.accept_seq({"SET", "NOT", "NULL"})) op.new_nullable = false;
      else if (c.accept_seq({"DROP", "NOT", "NULL"})) op.new_nullable = true;
      else if (c.accept("TYPE") || c.accept_seq({"SET", "DATA", "TYPE"})) {
        std::size_t from = c.i;
        while (!c.done() && !c.peek()->is("USING") && !c.peek()->is("COLLATE") && !c.peek()->punct(',')) ++c.i;
        op.new_type = sql_column_type(join_tokens(c.t, from, c.i));
      } else if (!c.accept("SET") && !c.accept("DROP")) {
        return opaque(text, where);
      }
      if (op.column.empty()) return opaque(text, where);
      return op;
    }
    if (c.accept("DROP")) {
      if (c.accept("CONSTRAINT")) {
        c.accept_seq({"IF", "EXISTS"});
        op.name = c.ident();
        if (op.name.empty()) return opaque(text, where);
        op.kind = model::SchemaOpKind::DropConstraint;
        op.op_name = "drop_constraint";
        return op;
      }
      c.accept("COLUMN");
      c.accept_seq({"IF", "EXISTS"});
      op.column = c.ident();
      if (op.column.empty()) return opaque(text, where);
      op.kind = model::SchemaOpKind::DropColumn;
      op.op_name = "drop_column";
      return op;
    }
    if (c.accept("RENAME")) {
      if (c.accept("TO")) {
        op.new_name = c.ident();
        op.kind = model::SchemaOpKind::RenameTable;
        op.op_name = "rename_table";
        return op;
      }
      c.accept("COLUMN");
      op.column = c.ident();
      if (!c.accept("TO")) return opaque(text, where);
      op.new_name = c.ident();
      op.kind = model::SchemaOpKind::AlterColumn;
      op.op_name = "alter_column";
      return op;
    }
  }
  return opaque(text, where);
}

}  // namespace

model::ColumnType sql_column_type(const std::string& type_text) {
  model::ColumnType t;
  std::string s = ascii::lowered(type_text);
  using K = model::ColumnTypeKind;
  auto starts = [&](std::string_view p) { return s.starts_with(p); };
  std::size_t paren = s.find('(');
  t.name = type_text.substr(0, type_text.find('('));
  while (!t.name.empty() && t.name.back() == ' ') t.name.pop_back();
  if (s.empty()) return t;
  if (starts("bigint") || starts("int8") || starts("bigserial")) t.kind = K::BigInteger;
  else if (starts("smallint") || starts("int2")) t.kind = K::SmallInteger;
  else if (starts("int") || starts("serial")) t.kind = K::Integer;
  else if (starts("varchar") || starts("character varying") || starts("char") || starts("citext")) t.kind = K::String;
  else if (starts("text")) t.kind = K::Text;
  else if (starts("bool")) t.kind = K::Boolean;
  else if (starts("float") || starts("real") || starts("double")) t.kind = K::Float;
  else if (starts("numeric") || starts("decimal")) t.kind = K::Numeric;
  else if (starts("timestamp") || starts("datetime")) t.kind = K::DateTime;
  else if (starts("date")) t.kind = K::Date;
  else if (starts("time")) t.kind = K::Time;
  else if (starts("interval")) t.kind = K::Interval;
  else if (starts("uuid")) t.kind = K::Uuid;
  else if (starts("json")) t.kind = K::Json;
  else if (starts("bytea") || starts("blob")) t.kind = K::LargeBinary;
  else t.kind = K::Other;
  if (t.kind == K::String && paren != std::string::npos) {
    std::uint32_t v = 0;
    bool any = false;
    for (std::size_t i = paren + 1; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      v = v * 10 + static_cast<std::uint32_t>(s[i] - '0');
      any = true;
    }
    if (any) t.length = v;
  }
  return t;
}

std::vector<model::SchemaOp> parse_sql_ddl(const std::string& sql, const SourceRange& where) {
  std::vector<model::SchemaOp> out;
  std::vector<Token> all = tokenize(sql);
  std::vector<Token> stmt;
  auto flush = [&]() {
    if (stmt.empty()) return;
    std::string text = sql.substr(stmt.front().begin, stmt.back().end - stmt.front().begin);
    out.push_back(parse_statement(stmt, text, where));
    stmt.clear();
  };
  for (Token& t : all) {
    if (t.punct(';')) flush();
    else stmt.push_back(std::move(t));
  }
  flush();
  return out;
}

}  // namespace archverify::resolve
