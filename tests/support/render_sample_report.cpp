// render_sample_report FORMAT OUTPUT [--empty]: writes the synthetic sample
// report (or the empty one) with the named reporter, for CTest checks that
// run external validators (check-sarif, the JSON report schema) on real output.
#include <fstream>
#include <iostream>
#include <string>

#include "reporters/registry.h"
#include "tests/support/sample_report.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: render_sample_report FORMAT OUTPUT [--empty]\n";
    return 2;
  }
  const bool empty = argc > 3 && std::string(argv[3]) == "--empty";
  auto reporter = archverify::reporters::make_reporter(argv[1], {});
  if (!reporter) {
    std::cerr << "unknown format " << argv[1] << "\n";
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  reporter->write(empty ? archverify::testing::make_empty_report() : archverify::testing::make_sample_report(),
                  out);
  return out.good() ? 0 : 1;
}
