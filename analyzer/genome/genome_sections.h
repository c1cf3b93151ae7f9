// The genome loader's section readers (internal to av_genome): one function
// per top-level section, each reading into the Genome and reporting through
// the Reader. Cross-references (entity and layer names) are checked last, in
// check_references, once every entity and layer is known.
#pragma once
#include "analyzer/genome/genome.h"
#include "analyzer/genome/genome_reader.h"

namespace archverify::genome::detail {

void read_layout(Reader& r, const Entry& e, Layout& out);
void read_tenancy(Reader& r, const Entry& e, Tenancy& out);
void read_auth(Reader& r, const Entry& e, Auth& out);
void read_database(Reader& r, const Entry& e, Database& out);
void read_openapi(Reader& r, const Entry& e, OpenApiSettings& out);
void read_quality(Reader& r, const Entry& e, Quality& out);
void read_entities(Reader& r, const Entry& e, std::vector<Entity>& out);
void read_layers(Reader& r, const Entry& e, std::vector<Layer>& out);
void check_references(Reader& r, const Genome& g);

}  // namespace archverify::genome::detail
