// GitHub reporter: GitHub Actions workflow commands
// (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`) that
// become annotations on the pull request. Only findings that count get an
// annotation (suppressed and baselined ones are already accepted; the job
// summary counts them); tool diagnostics become notices/warnings/errors and a
// final notice states the score and the verdict.
#pragma once
#include <string>
#include <string_view>
#include <utility>

#include "reporters/reporter.h"

namespace archverify::reporters {

class GithubReporter final : public Reporter {
 public:
  explicit GithubReporter(ReporterOptions options) : options_(std::move(options)) {}
  void write(const Report& report, std::ostream& out) const override;

 private:
  ReporterOptions options_;
};

namespace detail {
// Escaping of workflow commands: the message ("data") escapes %, CR and LF;
// a property value additionally escapes ':' and ','.
std::string escape_command_data(std::string_view text);
std::string escape_command_property(std::string_view text);
}  // namespace detail

}  // namespace archverify::reporters
