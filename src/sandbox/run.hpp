#pragma once
// Runs a Plan on an Engine: images, networks, volumes, then every service as soon as its
// depends_on conditions hold (independent ones concurrently), readiness from the event stream
// (one inspect per container after subscribing, never a sleep-and-poll loop), scores, and
// cleanup of everything the run created, whatever happened.
#include "docker/engine.hpp"
#include "plan/plan.hpp"
#include "results/progress.hpp"
#include "results/run.hpp"

#include <chrono>

namespace rehearsa::sandbox {

using plan::PullPolicy;

struct RunOptions {
    PullPolicy pull = PullPolicy::Missing;
    // How long a service without a healthcheck must stay up, unrestarted, to count as Running.
    std::chrono::milliseconds settle{3000};
    // Cancelled by the CLI's SIGINT/SIGTERM handler: the run stops booting and cleans up.
    docker::CancelToken cancel;
    // Cancelled by a second signal: skip collecting logs and health details for the report and
    // remove the sandbox at once.
    docker::CancelToken force;
    results::ProgressSink progress; // may be empty
};

results::RunResult run(const plan::Plan& plan, docker::Engine& engine, const RunOptions& options);

} // namespace rehearsa::sandbox
