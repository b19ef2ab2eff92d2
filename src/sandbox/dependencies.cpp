// depends_on conditions, evaluated against what the engine has reported so far.
#include "sandbox/dependencies.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::sandbox {

namespace {

const Tracker* find(std::span<const Tracker> all, std::string_view name) {
    auto it = std::ranges::find_if(all, [&](const Tracker& t) { return t.name() == name; });
    return it == all.end() ? nullptr : &*it;
}

ConditionStatus unmeetable(std::string reason) {
    return {Verdict::Unmeetable, std::move(reason)};
}

std::string never_started_reason(const Tracker& dependency) {
    switch (dependency.result.state) {
    case results::ServiceState::Failed:
        return fmt::format("{} failed", dependency.name());
    case results::ServiceState::Cancelled:
        return fmt::format("{} was cancelled", dependency.name());
    default:
        return fmt::format("{} is blocked", dependency.name());
    }
}

std::string exit_reason(const Tracker& dependency) {
    return fmt::format("{} exited {}{}", dependency.name(), *dependency.exit_code,
                       dependency.result.oom_killed ? " (OOM-killed)" : "");
}

ConditionStatus healthy_status(const Tracker& dependency) {
    if (dependency.exited()) return unmeetable(exit_reason(dependency));
    if (dependency.health == "healthy") return {Verdict::Met, {}};
    if (dependency.health == "unhealthy" || dependency.result.state == results::ServiceState::Unhealthy)
        return unmeetable(fmt::format("{} is unhealthy", dependency.name()));
    if (dependency.has_health == false)
        return unmeetable(fmt::format("{} has no healthcheck", dependency.name()));
    return {Verdict::Pending, {}};
}

ConditionStatus completed_status(const Tracker& dependency) {
    if (!dependency.exited()) return {Verdict::Pending, {}};
    if (*dependency.exit_code == 0) return {Verdict::Met, {}};
    return unmeetable(exit_reason(dependency));
}

std::string_view pending_text(plan::Condition condition) {
    switch (condition) {
    case plan::Condition::Started:
        return "did not start";
    case plan::Condition::Healthy:
        return "did not become healthy";
    case plan::Condition::CompletedSuccessfully:
        return "did not complete";
    }
    return "did not start";
}

} // namespace

ConditionStatus condition_status(const Tracker& dependency, plan::Condition condition) {
    if (dependency.stage == Stage::NotStarted) return unmeetable(never_started_reason(dependency));
    if (dependency.stage != Stage::Started) return {Verdict::Pending, {}};
    switch (condition) {
    case plan::Condition::Started:
        return {Verdict::Met, {}};
    case plan::Condition::Healthy:
        return healthy_status(dependency);
    case plan::Condition::CompletedSuccessfully:
        return completed_status(dependency);
    }
    return {Verdict::Pending, {}};
}

BootDecision decide(const Tracker& service, std::span<const Tracker> all) {
    BootDecision out{Decision::Boot, {}, {}, {}};
    for (const plan::Dependency& dependency : service.plan->depends_on) {
        const Tracker* other = find(all, dependency.service);
        ConditionStatus status =
            other ? condition_status(*other, dependency.condition)
                  : unmeetable(fmt::format("{} is not in the sandbox", dependency.service));
        if (status.verdict == Verdict::Pending) {
            out.decision = Decision::Wait;
        } else if (status.verdict == Verdict::Unmeetable && dependency.required) {
            return {Decision::Block, dependency.service, std::move(status.reason), {}};
        } else if (status.verdict == Verdict::Unmeetable) {
            out.ignored.push_back(std::move(status.reason));
        }
    }
    return out;
}

std::optional<PendingDependency> first_pending(const Tracker& service, std::span<const Tracker> all) {
    for (const plan::Dependency& dependency : service.plan->depends_on) {
        const Tracker* other = find(all, dependency.service);
        if (!other || !dependency.required) continue;
        if (condition_status(*other, dependency.condition).verdict == Verdict::Pending)
            return PendingDependency{dependency.service, fmt::format("{} {}", dependency.service,
                                                                     pending_text(dependency.condition))};
    }
    return std::nullopt;
}

} // namespace rehearsa::sandbox
