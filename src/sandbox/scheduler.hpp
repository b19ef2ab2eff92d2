#pragma once
// The boot loop of a run: starts each service once its depends_on conditions hold (independent
// ones at once, each create+start on its own worker thread), follows readiness from the engine's
// events, and settles every service: ready, failed, blocked, timed out or cancelled. It waits on
// one queue with a deadline (the next settle window or timeout), never in a sleep-and-poll loop.
#include "docker/engine.hpp"
#include "sandbox/progress_log.hpp"
#include "sandbox/queue.hpp"
#include "sandbox/run.hpp"
#include "sandbox/tracker.hpp"

#include <optional>
#include <thread>
#include <vector>

namespace rehearsa::sandbox {

struct BootOutcome {
    bool cancelled = false;
    std::optional<results::RunProblem> problem;
};

class Scheduler {
public:
    Scheduler(const plan::Plan& plan, docker::Engine& engine, const RunOptions& options, MessageQueue& queue,
              std::vector<Tracker>& trackers, const ProgressLog& progress);
    // Stops the boot workers (none starts a container afterwards) and joins them.
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Until every service has settled, the stack's timeout passes, the run is cancelled or the
    // event stream breaks. Then the workers are joined, and what they reported last is recorded.
    BootOutcome run();

private:
    // scheduler.cpp: the loop and the boot.
    // Handles what is queued; true when the run must stop before every service settles (a cancel,
    // a broken event stream), with the unsettled services cancelled.
    bool interrupted(BootOutcome& outcome);
    Clock::time_point next_wake(Clock::time_point now) const;
    bool all_settled() const;
    void boot_ready();
    // Roots: the services that depend on nothing. Rest: the others, once every root is created.
    enum class Wave { Roots, Rest };
    void create(Wave wave);
    void launch(std::size_t index);
    // Cancelled, with "<service>: <why> before it started" (or "was ready").
    void stop_unsettled(std::string_view why);
    void join_workers();
    void settle(Tracker& tracker, results::ServiceState state, std::string cause = {});

    // readiness.cpp: what the engine's events and replies mean for a service.
    void handle(Message message);
    void on_event(const docker::Event& event);
    void on_created(Created& created);
    void on_started(Started& started);
    void root_done(const Tracker& tracker);
    void on_inspected(Inspected& inspected);
    void on_stream_ended(StreamEnded& ended);
    void on_running(Tracker& tracker, Clock::time_point at);
    void on_exit(Tracker& tracker, int exit_code, Clock::time_point at);
    void on_health(Tracker& tracker, const std::string& status, Clock::time_point at);
    void fire_timers(Clock::time_point now);
    void on_deadline(Tracker& tracker, Clock::time_point now);
    void block_at_deadline(Tracker& tracker, const std::string& limit);
    Tracker* by_container(const std::string& id);

    const plan::Plan& m_plan;
    docker::Engine& m_engine;
    const RunOptions& m_options;
    MessageQueue& m_queue;
    std::vector<Tracker>& m_trackers;
    const ProgressLog& m_progress;
    Clock::time_point m_deadline; // the whole stack's
    std::optional<docker::EngineError> m_stream_error;
    bool m_stopped = false;          // after the loop: replies only record container ids
    std::size_t m_roots_pending = 0; // roots not yet created and started (or failed)
    std::vector<std::jthread> m_workers;
};

} // namespace rehearsa::sandbox
