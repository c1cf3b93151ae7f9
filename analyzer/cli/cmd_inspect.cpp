// `archverify inspect`: builds the model and prints it as JSON or text.
#include <iostream>

#include "analyzer/cli/commands.h"
#include "analyzer/inspect/inspect_json.h"

namespace archverify::cli {

int run_inspect(const CliOptions& options) {
  auto analysis = analyze(options);
  if (!analysis) {
    std::cerr << "archverify: " << analysis.error().message << "\n";
    return 2;
  }
  inspect::Json j = inspect::model_to_json(*analysis->model);
  if (options.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    inspect::write_text(j, std::cout);
  }
  return 0;
}

}  // namespace archverify::cli
