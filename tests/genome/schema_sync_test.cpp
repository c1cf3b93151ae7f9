// genome.schema.json and the loader's key table (genome_keys) know exactly the
// same keys, section by section, in both directions.
#include <map>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/genome/genome_keys.h"
#include "genome_test_support.h"

using Json = nlohmann::json;

namespace {

const Json& deref(const Json& root, const Json& node) {
  if (node.contains("$ref")) {
    std::string ref = node["$ref"].get<std::string>();  // "#/definitions/x"
    return root["definitions"][ref.substr(ref.rfind('/') + 1)];
  }
  return node;
}

// Every object with fixed `properties`, keyed by section path ("" = root, "entities[]", …).
void collect(const Json& root, const Json& node, const std::string& section,
             std::map<std::string, std::set<std::string>>& out) {
  const Json& n = deref(root, node);
  if (n.contains("properties")) {
    auto& keys = out[section];
    for (const auto& [key, sub] : n["properties"].items()) {
      keys.insert(key);
      collect(root, sub, section.empty() ? key : section + "." + key, out);
    }
  }
  if (n.contains("items")) collect(root, n["items"], section + "[]", out);
  for (const char* alt : {"oneOf", "anyOf"})
    if (n.contains(alt))
      for (const auto& sub : n[alt]) collect(root, sub, section, out);
}

}  // namespace

TEST_CASE("the schema and the loader know the same keys", "[genome][schema]") {
  Json schema = Json::parse(archverify::testing::read_text(archverify::testing::source_dir() /
                                                           "genome_schema/genome.schema.json"));
  std::map<std::string, std::set<std::string>> from_schema;
  collect(schema, schema, "", from_schema);

  std::map<std::string, std::set<std::string>> from_loader;
  for (const auto& s : archverify::genome::genome_key_table())
    from_loader[std::string(s.section)] = std::set<std::string>(s.keys.begin(), s.keys.end());

  for (const auto& [section, keys] : from_schema) {
    INFO("schema section '" << section << "'");
    REQUIRE(from_loader.count(section) == 1);
    CHECK(from_loader[section] == keys);
  }
  for (const auto& [section, keys] : from_loader) {
    INFO("loader section '" << section << "'");
    CHECK(from_schema.count(section) == 1);
  }
}

TEST_CASE("every schema object that lists properties forbids unknown ones", "[genome][schema]") {
  Json schema = Json::parse(archverify::testing::read_text(archverify::testing::source_dir() /
                                                           "genome_schema/genome.schema.json"));
  std::vector<std::string> open;
  std::function<void(const Json&, const std::string&)> walk = [&](const Json& n, const std::string& where) {
    if (n.is_object()) {
      if (n.contains("properties") && n.value("additionalProperties", true) != false) open.push_back(where);
      for (const auto& [k, v] : n.items()) walk(v, where + "/" + k);
    } else if (n.is_array()) {
      for (std::size_t i = 0; i < n.size(); ++i) walk(n[i], where + "/" + std::to_string(i));
    }
  };
  walk(schema, "#");
  CHECK(open.empty());
}
