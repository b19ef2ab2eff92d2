// The per-service record a JUnit test case shows, and the cause that names the failure.
#include "sandbox/service_report.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

namespace rehearsa::sandbox {

namespace {

// A JUnit test case carries ~4 KiB of output: the start of the log (the banner, the config it
// read) and more of its end (where it failed).
constexpr std::size_t k_excerpt_head = 1536;
constexpr std::size_t k_excerpt_tail = 2560;
constexpr int k_log_lines = 500;
constexpr std::size_t k_probe_output = 512;
constexpr std::size_t k_detail = 200;

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<results::HealthProbe> probes_of(const docker::HealthState& health) {
    std::vector<results::HealthProbe> probes;
    for (const docker::HealthLogEntry& entry : health.log)
        probes.push_back(
            {entry.exit_code, util::cap_bytes(trim(util::sanitize(entry.output)), k_probe_output)});
    return probes;
}

// A service that looked ready but is gone by the end, or restarted, did not restore.
void downgrade(Tracker& tracker, const docker::ContainerInfo& info) {
    results::ServiceResult& result = tracker.result;
    const bool ready =
        result.state == results::ServiceState::Healthy || result.state == results::ServiceState::Running;
    if (!ready) return;
    const bool gone = !info.state.running && (info.state.status == "exited" || info.state.status == "dead");
    if (gone && !tracker.exited()) {
        result.exit_code = tracker.exit_code = info.state.exit_code;
        result.cause = fmt::format("{}: exited {} after it was {}", result.name, info.state.exit_code,
                                   to_string(result.state));
        result.state = results::ServiceState::Exited;
    } else if (info.restart_count > 0 && result.state == results::ServiceState::Running) {
        result.cause = fmt::format("{}: restarted {} times", result.name, info.restart_count);
        result.state = results::ServiceState::Exited;
    }
}

void apply_inspect(Tracker& tracker, const docker::ContainerInfo& info) {
    results::ServiceResult& result = tracker.result;
    result.restart_count = info.restart_count;
    result.oom_killed = result.oom_killed || info.state.oom_killed;
    if (!info.image_id.empty()) result.image_id = info.image_id;
    if (info.state.health) {
        result.health_status = info.state.health->status;
        result.health_log = probes_of(*info.state.health);
    }
    downgrade(tracker, info);
}

// "db: exited 1 after 2.3 s (OOM-killed): FATAL: ..." and "web: unhealthy after 12.0 s: curl: ...".
void complete_cause(results::ServiceResult& result, std::string_view logs) {
    std::string detail;
    if (result.state == results::ServiceState::Exited) {
        if (result.oom_killed) result.cause += " (OOM-killed)";
        detail = last_line(logs);
    } else if (result.state == results::ServiceState::Unhealthy && !result.health_log.empty()) {
        detail = last_line(result.health_log.back().output);
    }
    if (!detail.empty()) result.cause += ": " + detail;
}

} // namespace

void read_state(Tracker& tracker, docker::Engine& engine) {
    if (auto info = engine.inspect_container(tracker.container_id)) apply_inspect(tracker, *info);
}

void read_output(Tracker& tracker, docker::Engine& engine) {
    results::ServiceResult& result = tracker.result;
    std::string logs;
    if (auto output = engine.logs(tracker.container_id, docker::LogQuery{k_log_lines}))
        logs = util::sanitize(output->combined);
    result.log_excerpt = util::head_tail(logs, k_excerpt_head, k_excerpt_tail, "\n[...]\n");
    complete_cause(result, logs);
}

std::string last_line(std::string_view text) {
    const std::string clean = util::sanitize(text);
    std::string_view rest = clean;
    while (!rest.empty()) {
        const std::size_t newline = rest.rfind('\n');
        std::string_view line = trim(newline == std::string_view::npos ? rest : rest.substr(newline + 1));
        if (!line.empty()) return std::string(util::truncate_utf8(line, k_detail));
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(0, newline);
    }
    return {};
}

void score_services(std::vector<Tracker>& trackers) {
    for (Tracker& tracker : trackers) {
        if (tracker.result.health_status.empty()) tracker.result.health_status = tracker.health;
        tracker.result.score = results::score_of(tracker.result.state);
    }
}

} // namespace rehearsa::sandbox
