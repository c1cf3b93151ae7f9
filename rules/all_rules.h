// The one explicit list of rules (no static self-registration): order is
// deterministic and `grep make_` finds every rule.
#pragma once
#include <memory>
#include <vector>

#include "analyzer/engine/rule.h"

namespace archverify::rules {

std::vector<std::unique_ptr<engine::Rule>> make_all_rules();

std::unique_ptr<engine::Rule> make_n_plus_one_load();  // ORM001

}  // namespace archverify::rules
