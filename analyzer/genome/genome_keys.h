// The genome's known keys per section: the loader rejects any other key, and
// tests/genome/schema_sync_test.cpp checks this table against the keys of
// genome_schema/genome.schema.json in both directions. A section is named by
// its key path with "[]" for list items: "", "auth.cookie_flags", "entities[].fields[]".
#pragma once
#include <string_view>
#include <vector>

namespace archverify::genome {

struct SectionKeys {
  std::string_view section;
  std::vector<std::string_view> keys;
};

const std::vector<SectionKeys>& genome_key_table();
// The keys of one section, or nullptr.
const std::vector<std::string_view>* genome_keys(std::string_view section);

}  // namespace archverify::genome
