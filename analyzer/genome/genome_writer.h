// Writes an InferredGenome as archverify.yaml text: version, stack, layout,
// tenancy, auth, database, openapi, entities (flow-style fields) and quality,
// with `# guessed:` comments giving the evidence for every inferred value.
// The text always loads back with load_genome (names are checked, strings
// quoted when YAML would read them otherwise); values the schema could not
// accept are left out with a comment rather than written.
#pragma once
#include <string>

#include "analyzer/genome/inferred_genome.h"

namespace archverify::genome {

std::string write_genome_yaml(const InferredGenome& g);

}  // namespace archverify::genome
