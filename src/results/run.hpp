#pragma once
// What a rehearsal found, per service and for the stack: plain data for the contract, the store and
// the reporters, below every stage that reads them (docs/architecture.md). Scores follow the
// original Rehearsa contract (DESIGN.md, Scores).
#include "util/error.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rehearsa::results {

enum class ServiceState {
    Healthy,   // its healthcheck passed: 100
    Completed, // a one-shot job that exited 0, which is its job: 100
    Running,   // no healthcheck, up for the settle window without a restart: 85
    Unhealthy, // its healthcheck failed, or never passed before the timeout: 40
    Exited,    // it stopped (crashed, or a long-running service exited): 0
    Failed,    // it could not be created or started (missing image, bad config): 0
    Blocked,   // never started: a required dependency did not reach its condition: 0
    Cancelled, // the run was interrupted before it settled: 0
};

std::string_view to_string(ServiceState state); // "healthy", "completed", ...
int score_of(ServiceState state);

// --inject-failure SERVICE[:MODE]: how a service was broken on purpose, recorded with its result.
enum class FailureMode {
    Exit,      // the entrypoint is replaced by a command that fails (exit 1)
    Kill,      // the entrypoint is replaced by a command that SIGKILLs itself (exit 137)
    Unhealthy, // the healthcheck is replaced by one that always fails
};

struct HealthProbe {
    int exit_code = 0;
    std::string output; // sanitised, capped
};

struct ServiceResult {
    std::string name;
    util::Location where;
    std::string image;
    std::string image_id;              // sha256:... of the image that ran
    std::optional<std::string> digest; // repo digest when the image has one
    ServiceState state = ServiceState::Blocked;
    int score = 0;
    std::string cause;      // one line: "exited 1 after 2.3 s: FATAL: ..."; empty when it passed
    std::string blocked_by; // the dependency that blocked it
    std::optional<std::chrono::milliseconds> time_to_ready;
    std::optional<int> exit_code;
    int restart_count = 0;
    bool oom_killed = false;
    std::string health_status;           // healthy, unhealthy, starting, or empty
    std::vector<HealthProbe> health_log; // the last health-check runs, oldest first
    std::string log_excerpt;             // head + tail of the container's output, capped, sanitised
    std::optional<FailureMode> injected;
};

// A problem with the run itself rather than a service (engine unreachable, cleanup leftovers).
struct RunProblem {
    std::string message;
};

struct CleanupReport {
    int containers = 0, networks = 0, volumes = 0; // removed
    std::vector<std::string> leftovers;            // "network rehearsa-ab12-default: <why>"
};

struct RunResult {
    std::string run_id;
    std::string stack;
    std::vector<ServiceResult> services; // in plan order
    int confidence = 0;                  // mean score, 0..100, rounded down
    bool cancelled = false;              // interrupted by a signal
    std::optional<RunProblem> problem;   // the run could not complete (exit 3)
    CleanupReport cleanup;
    std::chrono::system_clock::time_point started;
    std::chrono::milliseconds duration{0};
};

// "LOW", "MODERATE", "HIGH", "CRITICAL" (90-100, 70-89, 40-69, 0-39).
std::string_view risk_band(int confidence);
int confidence_of(const std::vector<ServiceResult>& services);

} // namespace rehearsa::results
