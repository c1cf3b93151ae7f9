// Routes against the real frameworks: for every bundled example app with an
// oracle file `tests/oracle/expected/<app>.routes.json` (what FastAPI's
// app.routes / Flask's url_map report), the set of "METHOD path" pairs the
// model finds through the real pipeline must be exactly the oracle's.
// A hidden `[dump]` case prints the routes of ARCHVERIFY_DUMP_DIR for spot
// checks on real repositories until `archverify inspect` lands.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/inspect/inspect_json.h"
#include "tests/support/model_from_source.h"

using namespace archverify;

#ifndef ARCHVERIFY_SOURCE_DIR
#error "ARCHVERIFY_SOURCE_DIR must be defined by the build"
#endif

namespace {

namespace fs = std::filesystem;

std::set<std::string> model_routes(const model::RepoModel& m, bool hidden_only = false) {
  std::set<std::string> out;
  for (const model::Route& r : m.routes) {
    if (!r.mounted || (hidden_only && r.include_in_schema)) continue;
    if (r.method == model::HttpMethod::Head || r.method == model::HttpMethod::Options) continue;
    out.insert(std::string(model::to_string(r.method)) + " " + r.path_text);
  }
  return out;
}

// Accepts ["GET /x", …] or [{"method": "GET", "path": "/x"}, …] or {"routes": […], "not_in_schema": […]}.
std::set<std::string> oracle_routes(const nlohmann::json& j, const char* key = "routes") {
  std::set<std::string> out;
  if (j.is_object() && !j.contains(key)) return out;
  const nlohmann::json& list = j.is_object() ? j[key] : j;
  for (const auto& e : list) {
    std::string method, path;
    if (e.is_string()) {
      auto s = e.get<std::string>();
      auto sp = s.find(' ');
      method = s.substr(0, sp);
      path = s.substr(sp + 1);
    } else {
      method = e.at("method").get<std::string>();
      path = e.at("path").get<std::string>();
    }
    if (method == "HEAD" || method == "OPTIONS") continue;
    // Converters do not change the route's identity: "{p:path}" / "<int:id>" → "{p}" / "{id}".
    out.insert(method + " " + model::PathTemplate::parse(path, path.find('<') != std::string::npos
                                                                    ? model::PathSyntax::Flask
                                                                    : model::PathSyntax::FastApi)
                                  .render());
  }
  return out;
}

}  // namespace

TEST_CASE("routes equal the real frameworks' on the bundled apps", "[routes][oracle]") {
  fs::path root = ARCHVERIFY_SOURCE_DIR;
  fs::path expected = root / "tests/oracle/expected";
  std::size_t compared = 0;
  if (fs::exists(expected)) {
    for (const auto& entry : fs::directory_iterator(expected)) {
      std::string name = entry.path().filename().string();
      if (!name.ends_with(".routes.json")) continue;
      std::string app = name.substr(0, name.size() - std::string(".routes.json").size());
      fs::path dir = root / "fixtures/repos" / app;
      INFO("app " << app);
      REQUIRE(fs::is_directory(dir));
      std::ifstream in(entry.path());
      auto json = nlohmann::json::parse(in);
      auto m = testing::model_from_directory(dir.string());
      REQUIRE(m);
      CHECK(model_routes(*m) == oracle_routes(json));
      CHECK(model_routes(*m, true) == oracle_routes(json, "not_in_schema"));
      ++compared;
    }
  }
  if (compared == 0) WARN("no tests/oracle/expected/*.routes.json yet: nothing compared");
}

TEST_CASE("dump routes of ARCHVERIFY_DUMP_DIR", "[.][dump]") {
  const char* dir = std::getenv("ARCHVERIFY_DUMP_DIR");
  REQUIRE(dir);
  auto m = testing::model_from_directory(dir);
  REQUIRE(m);
  std::cout << inspect::routes_to_json(*m).dump(1) << "\n";
}
