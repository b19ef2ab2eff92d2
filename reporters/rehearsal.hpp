#pragma once
// The facts of a rehearsal as every reporter words them: whether a service's outcome passes,
// fails or was skipped, the counts, and the plain-text details of one service (state, health,
// time to ready, exit code, restarts, OOM, the last health checks, a log excerpt).
#include "reporters/report.hpp"

#include <string>

namespace rehearsa::reporters {

enum class CaseOutcome { Passed, Failed, Skipped };

// Healthy, Completed, Running pass; Unhealthy, Exited, Failed fail; Blocked, Cancelled are skipped.
CaseOutcome outcome_of(results::ServiceState state);

struct RehearsalCounts {
    std::size_t tests = 0, failures = 0, skipped = 0;
};
RehearsalCounts rehearsal_counts(const Report& report); // zero without a run

// "3.2 s", "450 ms", "-" when unknown.
std::string duration_text(std::optional<std::chrono::milliseconds> duration);

// Multi-line details of one service, sanitised (no control characters, valid UTF-8).
std::string service_details(const results::ServiceResult& service);

// "confidence 85/100 (MODERATE)"
std::string confidence_text(const results::RunResult& run);

} // namespace rehearsa::reporters
