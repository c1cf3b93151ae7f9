// archverify entry point (temporary: lowers one file and prints counts).
#include <iostream>
#include "analyzer/extract/lower_python.h"
#include "analyzer/parse/source_text.h"
int main(int argc, char** argv) {
  if (argc < 2) return 2;
  auto text = archverify::parse::read_source_text(argv[1]);
  if (!text) { std::cerr << text.error().message << "\n"; return 2; }
  auto facts = archverify::extract::lower_python_source(argv[1], *text);
  std::cout << facts.functions.size() << " functions, " << facts.classes.size() << " classes, "
            << facts.imports.size() << " imports, " << facts.syntax_errors.size() << " errors\n";
}
