#pragma once
// Rules for what happens to a run rather than what the compose file says: the files would not
// load, the engine could not be reached, a service failed in the sandbox. They turn those outcomes
// into Findings on the line that caused them, so every reporter (SARIF on the service's line,
// Code Quality, annotations, JUnit) shows them the way it shows a lint finding, and every report
// is written whatever the exit code (CI-CONVENTIONS.md). They have no lint fixtures: no compose
// file triggers them statically.
#include "results/finding.hpp"
#include "util/error.hpp"

#include <span>

namespace rehearsa::preflight {

const results::Rule& compose_load_error_rule(); // "compose-load-error"
const results::Rule& engine_unavailable_rule(); // "engine-unavailable"
const results::Rule& service_failed_rule();     // "service-failed": exited, crashed or could not start
const results::Rule& service_unhealthy_rule();  // "service-unhealthy"
const results::Rule& service_blocked_rule();    // "service-blocked": a dependency it needs failed

std::span<const results::Rule* const> outcome_rules();

// Every rule a report may cite: the lint rules (all_rules()) and then the outcome rules.
std::span<const results::Rule* const> catalogue();

// An error that stopped the run, as an error finding at its location; `service` when known.
results::Finding outcome_finding(const results::Rule& rule, const util::Error& error,
                                 std::string service = {});

} // namespace rehearsa::preflight
