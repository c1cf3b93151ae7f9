// The Rule interface. A rule reads the finished model (and the genome, when
// there is one) and reports findings through its RuleContext; it never formats
// output, picks its own severity, checks suppressions or touches the syntax
// tree. One rule per file under rules/, registered in rules/all_rules.cpp.
#pragma once
#include "analyzer/core/rule_meta.h"
#include "analyzer/engine/rule_context.h"
#include "analyzer/engine/shared_facts.h"
#include "analyzer/model/repo_model.h"

namespace archverify::genome { struct Genome; }

namespace archverify::engine {

struct RuleInput {
  const model::RepoModel& model;
  const genome::Genome* genome = nullptr;  // null when the repository has no genome
  // Facts derived from the two above that several rules read; filled on first use.
  mutable SharedFacts shared{};
};

// How long a rule's check takes beside the others on a large repository
// (scheduling only: results never depend on it).
enum class RuleCost { Light, Heavy };

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  virtual void check(const RuleInput& input, RuleContext& ctx) const = 0;
  // The runner starts Heavy rules first, so that the last rule a thread takes
  // is a short one and no thread idles long at the end of the rules phase.
  virtual RuleCost cost() const { return RuleCost::Light; }
};

}  // namespace archverify::engine
