// model/test_paths.h: a directory matches only as a whole path component,
// and test files are found by directory and by file name (test_*.py,
// *_test.py, conftest.py), at the root and below it.
#include <catch2/catch.hpp>

#include "analyzer/model/test_paths.h"

using archverify::model::has_directory;
using archverify::model::is_test_path;

TEST_CASE("a directory is a whole path component", "[test_paths]") {
  CHECK(has_directory("tests/x.py", {"tests"}));
  CHECK(has_directory("app/tests/x.py", {"tests"}));
  CHECK(has_directory("app/contests/tests/x.py", {"tests"}));  // a later occurrence counts
  CHECK_FALSE(has_directory("app/contests/x.py", {"tests"}));
  CHECK_FALSE(has_directory("app/tests_data/x.py", {"tests"}));
  CHECK_FALSE(has_directory("app/tests", {"tests"}));  // a file, not a directory
  CHECK_FALSE(has_directory("", {"tests"}));
  CHECK(has_directory("app/alembic/versions/x.py", {"migrations", "alembic"}));
  CHECK_FALSE(has_directory("app/alembic.py", {"migrations", "alembic"}));
}

TEST_CASE("test files by directory and by name", "[test_paths]") {
  CHECK(is_test_path("tests/test_api.py"));
  CHECK(is_test_path("backend/test/helpers.py"));
  CHECK(is_test_path("test_seed.py"));
  CHECK(is_test_path("app/test_seed.py"));
  CHECK(is_test_path("app/models_test.py"));
  CHECK(is_test_path("conftest.py"));
  CHECK(is_test_path("app/conftest.py"));
  CHECK_FALSE(is_test_path("app/testing.py"));
  CHECK_FALSE(is_test_path("app/latest/models.py"));
  CHECK_FALSE(is_test_path("app/attest_api.py"));
  CHECK_FALSE(is_test_path("app/my_conftest.py"));
}
