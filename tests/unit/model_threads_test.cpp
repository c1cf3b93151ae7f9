// build_model with several threads: the call index and the query sites are
// built in chunks of files by whichever thread takes them, then joined in file
// order. The model must not depend on that: the same calls (callee, resolved
// origin, target) and query sites (with each subquery's consumer pointing at
// the same statement) as a one-thread build, for any thread count.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {

// 90 modules (several chunks of files): each calls a function of the next
// module through an import, and holds a statement with a correlated subquery
// (a consumer index that must be shifted when chunks are joined).
std::map<std::string, std::string> many_modules() {
  std::map<std::string, std::string> sources;
  sources["app/models.py"] =
      "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
      "class Base(DeclarativeBase):\n    pass\n"
      "class Item(Base):\n    __tablename__ = 'items'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
      "    owner_id: Mapped[int] = mapped_column()\n";
  for (int i = 0; i < 90; ++i) {
    const std::string n = std::to_string(i), next = std::to_string((i + 1) % 90);
    char name[32];
    std::snprintf(name, sizeof name, "app/m%02d.py", i);
    sources[name] =
        "from sqlalchemy import select, exists\n"
        "from app.models import Item\n"
        "from app import m" + std::string(i + 1 < 10 || (i + 1) % 90 < 10 ? "0" : "") + next + " as other\n"
        "\n"
        "def helper_" + n + "(x):\n"
        "    return other.helper_" + next + "(x)\n"
        "\n"
        "async def rows_" + n + "(session, owner_id):\n"
        "    inner = select(Item.id).where(Item.owner_id == owner_id).scalar_subquery()\n"
        "    stmt = select(Item).where(Item.id.in_(inner))\n"
        "    result = await session.execute(stmt)\n"
        "    helper_" + n + "(owner_id)\n"
        "    return result.scalars().all()\n";
  }
  return sources;
}

std::string describe_calls(const model::RepoModel& m) {
  std::string out;
  for (const model::CallSite& c : m.calls) {
    const SourceRange at = m.files[c.file].range(c.call->span);
    out += at.path + ":" + std::to_string(at.begin.line) + ":" + std::to_string(at.begin.column) + " fn" +
           std::to_string(c.in_function) + " " + std::string(c.callee) + " -> " + std::string(c.qualified);
    if (c.target.valid()) out += " @" + m.files[c.target.file].path + "#" + std::to_string(c.target.function);
    out += "\n";
  }
  return out;
}

std::string describe_queries(const model::RepoModel& m) {
  std::string out;
  for (const model::QuerySite& q : m.queries) {
    out += q.where.path + ":" + std::to_string(q.where.begin.line) + " kind" + std::to_string(static_cast<int>(q.kind)) +
           " filters" + std::to_string(q.filters.size());
    for (const model::ResultFlow& f : q.flows) {
      out += " flow" + std::to_string(static_cast<int>(f.kind));
      if (f.consumer != model::kNoIndex) {
        REQUIRE(f.consumer < m.queries.size());
        const model::QuerySite& c = m.queries[f.consumer];
        out += " consumed@" + c.where.path + ":" + std::to_string(c.where.begin.line);
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the model is the same whatever the number of threads building it", "[model][threads]") {
  const auto sources = many_modules();
  const auto serial = testing::model_from_sources(sources, 1);
  const std::string calls = describe_calls(*serial);
  const std::string queries = describe_queries(*serial);
  // The fixture exercises what chunking must preserve.
  REQUIRE(serial->files.size() > 64);
  REQUIRE(serial->queries.size() >= 180);
  REQUIRE(queries.find("consumed@app/m89.py") != std::string::npos);  // a subquery in the last chunk
  REQUIRE(calls.find("app.m89.helper_89 @app/m89.py") != std::string::npos);  // resolved across files
  for (unsigned jobs : {2u, 3u, 8u}) {
    INFO("jobs " << jobs);
    const auto parallel = testing::model_from_sources(sources, jobs);
    CHECK(describe_calls(*parallel) == calls);
    CHECK(describe_queries(*parallel) == queries);
    CHECK(parallel->routes.size() == serial->routes.size());
    CHECK(parallel->row_iterations.size() == serial->row_iterations.size());
  }
}
