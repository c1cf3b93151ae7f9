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
// module through an import, holds a statement with a correlated subquery (a
// consumer index that must be shifted when chunks are joined), and loops over
// query rows: nested loops, a query in the loop body and a comprehension of
// two clauses (query, parent and in-body indices shifted likewise).
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
        "    return result.scalars().all()\n"
        "\n"
        "async def loops_" + n + "(session):\n"
        "    items = (await session.execute(select(Item))).scalars().all()\n"
        "    for item in items:\n"
        "        for child in item.children:\n"
        "            print(child.name)\n"
        "        await session.execute(select(Item).where(Item.id == item.id))\n"
        "    return [c.id for i in items for c in i.children]\n";
  }
  return sources;
}

std::string describe_calls(const model::RepoModel& m) {
  std::string out;
  for (const model::CallSite& c : m.calls) {
    const SourceRange at = m.files[c.file].range(c.call->span());
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

std::string describe_rows(const model::RepoModel& m) {
  std::string out;
  for (const model::RowIteration& r : m.row_iterations) {
    out += r.where.path + ":" + std::to_string(r.where.begin.line) + " kind" + std::to_string(static_cast<int>(r.kind)) +
           " source" + std::to_string(static_cast<int>(r.source)) + " reads" + std::to_string(r.reads.size());
    if (r.query != model::kNoIndex) {
      REQUIRE(r.query < m.queries.size());
      out += " rows-of@" + std::to_string(m.queries[r.query].where.begin.line);
    }
    if (r.parent != model::kNoIndex) {
      REQUIRE(r.parent < m.row_iterations.size());
      const model::RowIteration& p = m.row_iterations[r.parent];
      out += " inside@" + p.where.path + ":" + std::to_string(p.where.begin.line);
    }
    for (std::uint32_t q : r.queries_in_body) {
      REQUIRE(q < m.queries.size());
      out += " runs@" + m.queries[q].where.path + ":" + std::to_string(m.queries[q].where.begin.line);
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
  const std::string rows = describe_rows(*serial);
  // The fixture exercises what chunking must preserve.
  REQUIRE(serial->files.size() > 64);
  REQUIRE(serial->queries.size() >= 180);
  REQUIRE(queries.find("consumed@app/m89.py") != std::string::npos);  // a subquery in the last chunk
  REQUIRE(calls.find("app.m89.helper_89 @app/m89.py") != std::string::npos);  // resolved across files
  INFO(rows);
  // Row iterations of the last chunk: over a query's rows, nested, running a query.
  REQUIRE(rows.find("app/m89.py:17 kind0 source1 reads2 rows-of@16 runs@app/m89.py:20") != std::string::npos);
  REQUIRE(rows.find("app/m89.py:18 kind0 source3 reads1 inside@app/m89.py:17") != std::string::npos);
  REQUIRE(rows.find("app/m89.py:21 kind1 source3 reads1 inside@app/m89.py:21") != std::string::npos);
  for (unsigned jobs : {2u, 3u, 8u}) {
    INFO("jobs " << jobs);
    const auto parallel = testing::model_from_sources(sources, jobs);
    CHECK(describe_calls(*parallel) == calls);
    CHECK(describe_queries(*parallel) == queries);
    CHECK(parallel->routes.size() == serial->routes.size());
    CHECK(describe_rows(*parallel) == rows);
  }
}
