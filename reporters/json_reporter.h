// JSON reporter: the machine-readable report, versioned ("schema_version": 1)
// and documented by reporters/report.schema.json. Key order is fixed and
// nothing time- or machine-dependent is written unless the report asks for
// run metadata, so the same input gives byte-identical output.
#pragma once
#include <nlohmann/json.hpp>
#include <utility>

#include "reporters/reporter.h"

namespace archverify::reporters {

inline constexpr int kJsonSchemaVersion = 1;

class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(ReporterOptions options) : options_(std::move(options)) {}
  void write(const Report& report, std::ostream& out) const override;

 private:
  ReporterOptions options_;
};

namespace detail {
// Pieces shared with the SARIF reporter (its run.properties).
nlohmann::ordered_json score_json(const Report& report);
nlohmann::ordered_json stats_json(const Report& report);
}  // namespace detail

}  // namespace archverify::reporters
