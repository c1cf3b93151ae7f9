// Facts produced by lowering Python source: expressions, statements, scopes.
#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <string>

#include "analyzer/extract/lower_python.h"
#include "analyzer/parse/ts_handles.h"

using namespace archverify;
using model::ExprKind;
using model::StmtKind;

TEST_CASE("calls keep callee, positional and keyword arguments", "[lower]") {
  auto f = extract::lower_python_source("a.py", "router = APIRouter(prefix=\"/items\", tags=['x'], **extra)\n");
  REQUIRE(f.body.size() == 1);
  const auto& s = f.body[0];
  REQUIRE(s.kind == StmtKind::Assign);
  CHECK(s.targets[0].dotted() == "router");
  REQUIRE(s.value.kind == ExprKind::Call);
  CHECK(s.value.callee().dotted() == "APIRouter");
  REQUIRE(s.value.keyword("prefix"));
  CHECK(s.value.keyword("prefix")->text == "/items");
  CHECK(s.value.keyword("tags")->kind == ExprKind::List);
  CHECK(s.value.has_kwargs_splat());
  CHECK(s.value.keyword("missing") == nullptr);
}

TEST_CASE("decorated async function with Depends parameters", "[lower]") {
  auto f = extract::lower_python_source("r.py", R"py(
@router.get("/items/{item_id}", status_code=200)
async def read_item(item_id: int, user: User = Depends(get_current_user), *, q: str | None = None):
    return item_id
)py");
  REQUIRE(f.functions.size() == 1);
  const auto& fn = f.functions[0];
  CHECK(fn.name == "read_item");
  CHECK(fn.is_async);
  REQUIRE(fn.decorators.size() == 1);
  CHECK(fn.decorators[0].callee().dotted() == "router.get");
  CHECK(fn.decorators[0].arg(0, "path")->text == "/items/{item_id}");
  REQUIRE(fn.params.size() == 3);
  CHECK(fn.params[0].annotation.dotted() == "int");
  CHECK(fn.params[1].default_value.callee().dotted() == "Depends");
  CHECK(fn.params[2].kind == model::ParamKind::KeywordOnly);
  CHECK(fn.span.begin.line == 2);  // decorator line included
  CHECK(fn.name_span.begin.line == 3);
}

TEST_CASE("class bases, keywords and methods", "[lower]") {
  auto f = extract::lower_python_source("m.py", R"py(
class Project(Base, WorkspaceMixin, table=True):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    def name_upper(self):
        return self.name.upper()
)py");
  REQUIRE(f.classes.size() == 1);
  const auto& c = f.classes[0];
  CHECK(c.bases.size() == 2);
  CHECK(c.bases[1].dotted() == "WorkspaceMixin");
  REQUIRE(c.keywords.size() == 1);
  CHECK(c.keywords[0].text == "table");
  REQUIRE(c.methods.size() == 1);
  CHECK(f.functions[c.methods[0]].qualname == "Project.name_upper");
  REQUIRE(c.body.size() == 3);
  CHECK(c.body[1].annotation().kind == ExprKind::Subscript);
  CHECK(c.body[1].value.keyword("primary_key")->kind == ExprKind::True);
}

TEST_CASE("imports: absolute, aliased, relative, star", "[lower]") {
  auto f = extract::lower_python_source("p/m.py", R"py(
import os.path
import numpy as np
from .models import User as U, Item
from .. import deps
from x import *
)py");
  REQUIRE(f.imports.size() == 6);
  CHECK(f.imports[0].module == "os.path");
  CHECK(f.imports[0].alias == "os");
  CHECK(f.imports[1].alias == "np");
  CHECK(f.imports[2].module == "models");
  CHECK(f.imports[2].level == 1);
  CHECK(f.imports[2].name == "User");
  CHECK(f.imports[2].alias == "U");
  CHECK(f.imports[4].level == 2);
  CHECK(f.imports[4].module.empty());
  CHECK(f.imports[4].name == "deps");
  CHECK(f.imports[5].name == "*");
}

TEST_CASE("comparisons and boolean operators", "[lower]") {
  auto f = extract::lower_python_source("q.py",
      "q = select(X).where(and_(X.workspace_id == wid, X.deleted_at is not None) | (a or b or c))\n");
  const auto& where = f.body[0].value;
  CHECK(where.callee().text == "where");
  const auto& bin = *where.positional()[0];
  REQUIRE(bin.kind == ExprKind::BinOp);
  const auto& and_call = bin.children[0];
  const auto& cmp = *and_call.positional()[0];
  CHECK(cmp.kind == ExprKind::Compare);
  CHECK(cmp.text == "==");
  CHECK(cmp.children[0].dotted() == "X.workspace_id");
  CHECK(and_call.positional()[1]->text == "is not");
  CHECK(bin.children[1].kind == ExprKind::BoolOp);
  CHECK(bin.children[1].children.size() == 3);
}

TEST_CASE("strings: escapes decoded, f-strings marked with holes", "[lower]") {
  auto f = extract::lower_python_source("s.py", "a = 'x\\ny'\nb = f\"SELECT * FROM {table} WHERE id={i}\"\nc = 'ab' 'cd'\n");
  CHECK(f.body[0].value.text == "x\ny");
  CHECK(f.body[1].value.is_fstring);
  CHECK(f.body[1].value.text == "SELECT * FROM {} WHERE id={}");
  CHECK(f.body[1].value.children.size() == 2);
  CHECK(f.body[2].value.text == "abcd");
}

TEST_CASE("control flow: for, with aliases, if/elif/else, try", "[lower]") {
  auto f = extract::lower_python_source("c.py", R"py(
def f(rows):
    for row in rows:
        print(row.owner.name)
    with op.batch_alter_table("t") as batch_op, open(p):
        batch_op.add_column(c)
    if a:
        pass
    elif b:
        pass
    else:
        x = 1
    try:
        g()
    except (KeyError, ValueError) as e:
        raise
    finally:
        h()
)py");
  const auto& body = f.functions[0].body;
  REQUIRE(body.size() == 4);
  CHECK(body[0].kind == StmtKind::For);
  CHECK(body[0].targets[0].dotted() == "row");
  CHECK(body[0].value.dotted() == "rows");
  CHECK(body[1].kind == StmtKind::With);
  REQUIRE(body[1].items().size() == 2);
  CHECK(body[1].targets[0].dotted() == "batch_op");
  CHECK(body[1].targets[1].empty());
  CHECK(body[2].orelse.size() == 1);
  CHECK(body[2].orelse[0].kind == StmtKind::If);
  CHECK(body[2].orelse[0].orelse[0].kind == StmtKind::Assign);
  REQUIRE(body[3].handlers().size() == 1);
  CHECK(body[3].handlers()[0].value.kind == ExprKind::Tuple);
  CHECK(body[3].handlers()[0].targets[0].dotted() == "e");
  CHECK(body[3].finalbody().size() == 1);
}

TEST_CASE("elif chains nest, match cases concatenate, all in one exactly sized arena", "[lower]") {
  auto f = extract::lower_python_source("m.py", R"py(
def f(x):
    if a:
        pass
    elif b:
        y = 1
    elif c:
        y = 2
    else:
        y = 3
    match x:
        case 1:
            g()
        case _:
            h()
            i()
)py");
  const auto& body = f.functions[0].body;
  REQUIRE(body.size() == 2);
  const model::Stmt& first = body[0];
  REQUIRE(first.orelse.size() == 1);
  const model::Stmt& elif_b = first.orelse[0];
  CHECK(elif_b.kind == StmtKind::If);
  CHECK(elif_b.value.dotted() == "b");
  REQUIRE(elif_b.orelse.size() == 1);
  const model::Stmt& elif_c = elif_b.orelse[0];
  CHECK(elif_c.value.dotted() == "c");
  REQUIRE(elif_c.body.size() == 1);
  CHECK(elif_c.body[0].value.text == "2");
  REQUIRE(elif_c.orelse.size() == 1);
  CHECK(elif_c.orelse[0].value.text == "3");
  CHECK(body[1].kind == StmtKind::Match);
  REQUIRE(body[1].body.size() == 3);
  CHECK(body[1].body[2].value.callee().dotted() == "i");
  // Lowering grows a scratch arena; the kept facts get one block of exactly
  // the size the statements and expressions need.
  REQUIRE(f.arena_storage);
  CHECK(f.arena_storage->bytes_used() == f.arena_storage->bytes_reserved());
}

TEST_CASE("names, parameters, decorators, bases and methods survive the scratch arena's reuse", "[lower]") {
  // A worker lowers every file through one scratch arena, reset between
  // files: whatever the kept facts view must have moved to their own arena.
  // The second file writes different bytes over the first (its class's
  // method is function 1, not 0).
  parse::TsParser parser = parse::make_python_parser();
  std::unique_ptr<model::SyntaxArena> scratch;
  auto source = [](char c) {
    std::string s = "import pkgC.modC as aliasC\nfrom relC import nameC\n@decoC(1)\nclass KlassC(BaseC, kwC=True):\n"
                    "    def methC(self, argC: TypeC = defC):\n        pass\n";
    for (char& ch : s)
      if (ch == 'C') ch = c;
    return s;
  };
  model::FileFacts a = extract::lower_python(parser.get(), "a.py", source('A'), scratch);
  model::FileFacts b = extract::lower_python(parser.get(), "b.py", "def f():\n    pass\n" + source('B'), scratch);
  // Then the scratch arena is overwritten whole: a view left in it reads 0xff.
  scratch->reset();
  const std::size_t size = scratch->bytes_reserved();
  std::memset(scratch->allocate_bytes(size, 1), 0xff, size);
  REQUIRE(a.imports.size() == 2);
  CHECK(a.imports[0].module == "pkgA.modA");
  CHECK(a.imports[0].alias == "aliasA");
  CHECK(a.imports[1].module == "relA");
  CHECK(a.imports[1].name == "nameA");
  REQUIRE(a.classes.size() == 1);
  CHECK(a.classes[0].name == "KlassA");
  CHECK(a.classes[0].qualname == "KlassA");
  REQUIRE(a.classes[0].decorators.size() == 1);
  CHECK(a.classes[0].decorators[0].callee().dotted() == "decoA");
  REQUIRE(a.classes[0].bases.size() == 1);
  CHECK(a.classes[0].bases[0].dotted() == "BaseA");
  REQUIRE(a.classes[0].keywords.size() == 1);
  CHECK(a.classes[0].keywords[0].text == "kwA");
  REQUIRE(a.classes[0].methods.size() == 1);
  const model::Function& m = a.functions[a.classes[0].methods[0]];
  CHECK(m.qualname == "KlassA.methA");
  REQUIRE(m.params.size() == 2);
  CHECK(m.params[1].name == "argA");
  CHECK(m.params[1].annotation.dotted() == "TypeA");
  CHECK(m.params[1].default_value.dotted() == "defA");
  REQUIRE(b.classes.size() == 1);
  REQUIRE(b.classes[0].methods.size() == 1);
  CHECK(b.functions[b.classes[0].methods[0]].qualname == "KlassB.methB");
  // Everything lives in each file's exactly sized arena.
  CHECK(a.arena_storage->bytes_used() == a.arena_storage->bytes_reserved());
}

TEST_CASE("syntax errors are recorded and the rest is still lowered", "[lower]") {
  auto f = extract::lower_python_source("bad.py", "def ok():\n    return 1\n\ndef broken(:\n    pass\n\nclass After:\n    x = 1\n");
  CHECK(!f.syntax_errors.empty());
  bool saw_ok = false, saw_after = false;
  for (const auto& fn : f.functions) saw_ok = saw_ok || fn.name == "ok";
  for (const auto& c : f.classes) saw_after = saw_after || c.name == "After";
  CHECK(saw_ok);
  CHECK(saw_after);
}

TEST_CASE("Python 3.12 syntax parses cleanly", "[lower]") {
  auto f = extract::lower_python_source("new.py", R"py(
type Vector = list[float]
def first[T](xs: list[T]) -> T:
    return xs[0]
class Box[T]:
    pass
name = "x"
msg = f"{name!r} said {f"{name}"} and {'nested'}"
)py");
  CHECK(f.syntax_errors.empty());
  CHECK(f.functions.size() == 1);
  CHECK(f.classes.size() == 1);
}

TEST_CASE("columns count code points, not bytes", "[lower]") {
  auto f = extract::lower_python_source("u.py", "s = 'é'; t = 1\n");
  REQUIRE(f.body.size() >= 1);
  // the second statement starts after "s = 'é'; " = 9 code points
  bool found = false;
  for (const auto& s : f.body)
    if (s.kind == StmtKind::Assign && s.targets[0].dotted() == "t") { CHECK(s.span.begin.column == 10); found = true; }
  CHECK(found);
}

TEST_CASE("deep nesting does not overflow", "[lower]") {
  std::string src = "x = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n";
  auto f = extract::lower_python_source("deep.py", src);
  CHECK(f.body.size() == 1);
}

TEST_CASE("archverify directive comments are collected", "[lower]") {
  auto f = extract::lower_python_source("d.py", "x = q()  # archverify: ignore[TEN001] admin only\n# plain comment\n");
  REQUIRE(f.directives.size() == 1);
  CHECK(f.directives[0].text == "archverify: ignore[TEN001] admin only");
  CHECK(f.directives[0].span.begin.line == 1);
}

TEST_CASE("a function records what its own statements hold (body features)", "[lower]") {
  auto f = extract::lower_python_source("loops.py", R"py(
def plain(x):
    y = x[0]
    return x + 1

def loops(rows):
    if rows:
        for r in rows:
            pass

def comprehends(rows):
    with open([r for r in rows][0]) as fh:
        pass

def in_handler(rows):
    try:
        pass
    except ValueError:
        total = sum(r.n for r in rows)

def outer():
    def inner(rows):
        for r in rows:
            return select(r)
    return inner

def annotated(x: list = [i for i in range(3)]) -> None:
    y: list[int] = 0

def factory(model):
    if model:
        return select(model).where(model.id > 0)
    return await_it(model)

def configures(app):
    while True:
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config.x += 1
)py");
  std::map<std::string, std::uint8_t> features;
  for (const model::Function& fn : f.functions) features[fn.qualname.str()] = fn.features;
  using model::kBodyAssignsSubscript, model::kBodyIterates, model::kBodyReturnsCall;
  CHECK(features.at("plain") == 0);  // a subscript read and a return of a BinOp
  CHECK(features.at("loops") == kBodyIterates);        // a for loop in a nested block
  CHECK(features.at("comprehends") == kBodyIterates);  // a comprehension in `with` items
  CHECK(features.at("in_handler") == kBodyIterates);   // a generator in an except handler
  CHECK(features.at("outer") == 0);                    // only its nested function loops and returns a call
  CHECK(features.at("outer.inner") == (kBodyIterates | kBodyReturnsCall));
  CHECK(features.at("annotated") == 0);  // a default value is not a statement of the body
  CHECK(features.at("factory") == kBodyReturnsCall);
  CHECK(features.at("configures") == kBodyAssignsSubscript);  // in a loop body; the augmented one is not an Assign
  for (const model::Function& fn : f.functions) CHECK(fn.features == model::body_features(fn.body));
}

TEST_CASE("last_dotted_part_is agrees with comparing last_dotted_part", "[lower][syntax]") {
  using archverify::model::last_dotted_part;
  using archverify::model::last_dotted_part_is;
  for (std::string_view dotted : {"stamp", "command.stamp", "alembic.command.stamp", "restamp", "command.restamp",
                                  "stamp.x", ".stamp", "stamp.", "", "a.b", "x.create_all", "create_all"})
    for (std::string_view name : {"stamp", "create_all", "b", "x"}) {
      INFO(dotted << " / " << name);
      CHECK(last_dotted_part_is(dotted, name) == (last_dotted_part(dotted) == name));
    }
  CHECK(last_dotted_part_is("session.bulk_update_mappings", "bulk_update_mappings"));
  CHECK_FALSE(last_dotted_part_is("session.not_bulk_update_mappings", "bulk_update_mappings"));
}
