#pragma once
// One service's way through a run as the scheduler sees it: where it is in the boot, what the
// engine has said about its container, and the ServiceResult it will end with. Internal to
// src/sandbox.
#include "plan/plan.hpp"
#include "results/run.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::sandbox {

// Durations inside a run are measured on the monotonic clock: a wall-clock jump must not time
// a service out or make it ready.
using Clock = std::chrono::steady_clock;

enum class Stage {
    Waiting,    // not started yet: being created, or its dependencies have not all reached their conditions
    Booting,    // its start is in flight on a worker thread
    Started,    // its container started (it may have exited since)
    NotStarted, // it never will: failed, blocked or cancelled
};

struct Tracker {
    const plan::ServicePlan* plan = nullptr;
    results::ServiceResult result;
    Stage stage = Stage::Waiting;
    // Settled: result.state is a verdict. A settled service is still watched until the run ends,
    // so a healthy service that dies later is reported as exited, not healthy.
    bool settled = false;
    std::string container_id;       // set once created; every container is created before any starts
    std::optional<bool> has_health; // known from the first inspect after start
    std::string health;             // the last status seen: starting, healthy, unhealthy
    std::optional<int> exit_code;   // set once it died
    std::optional<Clock::time_point> started_at, settle_at, deadline;
    // From its start to the verdict (exit, unhealthy): "exited 1 after 2.3 s".
    Clock::duration verdict_after{};

    const std::string& name() const { return result.name; }
    bool exited() const { return exit_code.has_value(); }
};

// One tracker per plan service, in plan order.
std::vector<Tracker> make_trackers(const plan::Plan& plan);

// "2.3 s": durations in causes and progress lines, to a tenth of a second.
std::string seconds_text(Clock::duration elapsed);

// Settles a service that never started: Failed, Blocked or Cancelled with its cause.
void never_started(Tracker& tracker, results::ServiceState state, std::string cause);

} // namespace rehearsa::sandbox
