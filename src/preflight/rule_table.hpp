#pragma once
// A category whose rules live in several files joins their tables into one, once, on first use:
// a function-local static, since the tables of other translation units may not be initialised yet
// when namespace-scope objects are.
#include "preflight/rule_context.hpp"

#include <initializer_list>
#include <span>
#include <vector>

namespace rehearsa::preflight {

inline std::vector<RuleCheck> join_checks(std::initializer_list<std::span<const RuleCheck>> tables) {
    std::vector<RuleCheck> all;
    for (std::span<const RuleCheck> table : tables)
        for (const RuleCheck& check : table)
            all.push_back(check); // RuleCheck holds a reference: copyable, not assignable
    return all;
}

} // namespace rehearsa::preflight
