#pragma once
// Explicit suppressions, each with a reason: `x-rehearsa: {ignore: [{rule, service?, reason}]}`
// (top level, or in a service where the service is implied) and `# rehearsa-ignore RULE reason`
// comments on the finding's line or alone on the line above it. A suppressed finding stays in the
// results, marked; a suppression with no reason or an unknown rule is itself a finding.
#include "compose/loader.hpp"
#include "results/finding.hpp"

#include <vector>

namespace rehearsa::preflight {

// The rule that reports a suppression with no reason or naming no known rule.
const results::Rule& invalid_suppression_rule();

void apply_suppressions(const compose::Project& project, std::vector<results::Finding>& findings);

} // namespace rehearsa::preflight
