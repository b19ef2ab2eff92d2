#pragma once
// Static analysis of a loaded project: every rule, then suppressions, then the readiness score.
#include "compose/loader.hpp"
#include "results/finding.hpp"

#include <span>
#include <vector>

namespace rehearsa::preflight {

struct Analysis {
    std::vector<results::Finding> findings; // most severe first, then by file, line and column
    int readiness = 100;                    // 0-100; see readiness()
};

Analysis analyze(const compose::Project& project);

// Every rule rehearsa knows, in a fixed order (the registry in rules.cpp).
std::span<const results::Rule* const> all_rules();
const results::Rule* find_rule(std::string_view id);

// The penalty one unsuppressed finding of this severity costs (docs/readiness.md).
int penalty(results::Severity severity);
// 100 minus the penalties of the unsuppressed findings, never below 0.
int readiness(std::span<const results::Finding> findings);

} // namespace rehearsa::preflight
