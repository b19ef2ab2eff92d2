#pragma once
// depends_on at run time: whether a dependency has reached its condition, can still reach it, or
// never will, and so whether a waiting service boots, waits or is blocked.
#include "sandbox/tracker.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rehearsa::sandbox {

enum class Verdict { Met, Pending, Unmeetable };

struct ConditionStatus {
    Verdict verdict = Verdict::Pending;
    std::string reason; // when Unmeetable: "db is unhealthy", "migrate exited 1"
};

ConditionStatus condition_status(const Tracker& dependency, plan::Condition condition);

enum class Decision { Wait, Boot, Block };

struct BootDecision {
    Decision decision = Decision::Wait;
    std::string blocked_by;           // Block: the required dependency that will never be ready
    std::string reason;               // Block: why, "db is unhealthy"
    std::vector<std::string> ignored; // Boot: optional dependencies that failed, with why
};

// For a Waiting service: boot once every condition holds; a required dependency that can no
// longer reach its condition blocks it, an optional one (required: false) is noted and ignored.
BootDecision decide(const Tracker& service, std::span<const Tracker> all);

struct PendingDependency {
    std::string service;
    std::string reason; // "db did not become healthy"
};

// The first required dependency that has not reached its condition yet, for a timeout's cause.
std::optional<PendingDependency> first_pending(const Tracker& service, std::span<const Tracker> all);

} // namespace rehearsa::sandbox
