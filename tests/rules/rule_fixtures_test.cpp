// Every fixture directory under fixtures/rules/ matches its annotations, strict both ways.
#include <catch2/catch.hpp>

#include "tests/support/fixture_harness.h"

using namespace archverify;

TEST_CASE("rule fixtures match their annotations", "[rules][fixtures]") {
  const auto dirs = testing::fixture_dirs(AV_FIXTURES_DIR "/rules");
  REQUIRE(!dirs.empty());
  for (const auto& dir : dirs) {
    DYNAMIC_SECTION(dir.filename().string()) {
      const auto outcome = testing::run_fixture(dir);
      INFO(outcome.describe());
      CHECK(outcome.errors.empty());
      CHECK(outcome.unexpected_findings.empty());
      CHECK(outcome.missing_findings.empty());
      CHECK(outcome.expected_count > 0);
    }
  }
}
