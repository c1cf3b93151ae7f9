// Which repository files are tests (tests/, test/, test_*.py, *_test.py,
// conftest.py): their models, routes and calls are not the application's, so
// rules and genome inference leave them out. A path convention only; a test
// helper module outside those places counts as application code.
#pragma once
#include <string_view>

namespace archverify::model {

bool is_test_path(std::string_view path);
// Whether a directory called `dir` is on the path ("tests" in "tests/x.py" and "app/tests/x.py").
bool has_directory(std::string_view path, std::string_view dir);

}  // namespace archverify::model
