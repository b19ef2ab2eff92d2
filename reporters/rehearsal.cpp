#include "reporters/rehearsal.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

namespace rehearsa::reporters {

CaseOutcome outcome_of(results::ServiceState state) {
    using results::ServiceState;
    switch (state) {
    case ServiceState::Healthy:
    case ServiceState::Completed:
    case ServiceState::Running:
        return CaseOutcome::Passed;
    case ServiceState::Unhealthy:
    case ServiceState::Exited:
    case ServiceState::Failed:
        return CaseOutcome::Failed;
    case ServiceState::Blocked:
    case ServiceState::Cancelled:
        return CaseOutcome::Skipped;
    }
    return CaseOutcome::Failed;
}

RehearsalCounts rehearsal_counts(const Report& report) {
    RehearsalCounts counts;
    if (!report.run) return counts;
    for (const results::ServiceResult& service : report.run->services) {
        ++counts.tests;
        CaseOutcome outcome = outcome_of(service.state);
        counts.failures += outcome == CaseOutcome::Failed;
        counts.skipped += outcome == CaseOutcome::Skipped;
    }
    return counts;
}

std::string duration_text(std::optional<std::chrono::milliseconds> duration) {
    if (!duration) return "-";
    long long ms = duration->count();
    if (ms < 1000) return fmt::format("{} ms", ms);
    return fmt::format("{}.{} s", ms / 1000, ms % 1000 / 100);
}

namespace {

std::string indented(std::string_view text) {
    std::string out = "    ";
    for (char c : text) {
        out += c;
        if (c == '\n') out += "    ";
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n'))
        out.pop_back();
    return out + "\n";
}

} // namespace

std::string service_details(const results::ServiceResult& s) {
    std::string out = fmt::format("state: {} (score {})\n", results::to_string(s.state), s.score);
    if (!s.cause.empty()) out += fmt::format("cause: {}\n", util::sanitize(s.cause));
    out += fmt::format("image: {}{}\n", util::sanitize(s.image),
                       s.digest ? " @ " + util::sanitize(*s.digest) : "");
    if (!s.health_status.empty()) out += fmt::format("health: {}\n", util::sanitize(s.health_status));
    out += fmt::format("time to ready: {}\n", duration_text(s.time_to_ready));
    if (s.exit_code) out += fmt::format("exit code: {}\n", *s.exit_code);
    out += fmt::format("restarts: {}\noom killed: {}\n", s.restart_count, s.oom_killed ? "yes" : "no");
    if (s.injected) out += "failure injected: yes (--inject-failure)\n";
    if (!s.blocked_by.empty()) out += fmt::format("blocked by: {}\n", util::sanitize(s.blocked_by));
    for (const results::HealthProbe& probe : s.health_log)
        out += fmt::format("health check (exit {}):\n{}", probe.exit_code,
                           indented(util::sanitize(probe.output)));
    if (!s.log_excerpt.empty()) out += "log excerpt:\n" + indented(util::sanitize(s.log_excerpt));
    return out;
}

std::string confidence_text(const results::RunResult& run) {
    return fmt::format("confidence {}/100 ({})", run.confidence, results::risk_band(run.confidence));
}

} // namespace rehearsa::reporters
