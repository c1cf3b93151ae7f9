// The genome's openapi.mode turns one side of the comparison off: a spec that
// is a public subset of the code (spec_subset_of_code) silences API001, code
// that implements part of a larger spec (code_subset_of_spec) silences API002.
// The fixtures show the other side still working; here the silenced rule runs
// on them alone and must find nothing although the directory has material for it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/support/fixture_harness.h"

namespace fs = std::filesystem;
using namespace archverify;

TEST_CASE("openapi.mode silences the rule for the side it exempts", "[rules][api]") {
  const auto [dir, code] = GENERATE(table<std::string, std::string>({
      {"API002_subset_mode", "API001"},       // /internal/metrics is not in the public spec
      {"API001_code_subset_mode", "API002"},  // /on_run is not implemented by this plugin
  }));
  DYNAMIC_SECTION(dir << " " << code) {
    std::vector<std::string> errors;
    auto findings = testing::run_rule_on(fs::path(AV_FIXTURES_DIR) / "rules" / dir, code, errors);
    CHECK(errors.empty());
    CHECK(findings.empty());
  }
}

TEST_CASE("without the mode, the same directories have findings for the silenced rule", "[rules][api]") {
  // Guards the test above against passing for the wrong reason (nothing to find).
  const auto [dir, code] = GENERATE(table<std::string, std::string>({
      {"API002_subset_mode", "API001"},
      {"API001_code_subset_mode", "API002"},
  }));
  DYNAMIC_SECTION(dir << " " << code) {
    const fs::path src = fs::path(AV_FIXTURES_DIR) / "rules" / dir;
    const fs::path tmp = fs::temp_directory_path() / ("av_api_modes_" + dir);
    fs::remove_all(tmp);
    fs::copy(src, tmp, fs::copy_options::recursive);
    fs::remove(tmp / "archverify.yaml");
    {  // same spec path, exact mode
      std::ofstream genome(tmp / "archverify.yaml");
      genome << "version: 1\nopenapi:\n  path: " << (dir == "API002_subset_mode" ? "spec/public.yaml" : "openapi.yaml") << "\n";
    }
    std::vector<std::string> errors;
    auto findings = testing::run_rule_on(tmp, code, errors);
    fs::remove_all(tmp);
    CHECK(errors.empty());
    CHECK(!findings.empty());
  }
}
