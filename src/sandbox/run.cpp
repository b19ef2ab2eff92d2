// run(): the narrated pipeline of a rehearsal on the engine. Subscribe to events, prepare images,
// networks and volumes, boot and settle every service, record what each container says, score,
// and remove everything the run created, whatever happened on the way.
#include "sandbox/run.hpp"

#include "sandbox/cleanup.hpp"
#include "sandbox/prepare.hpp"
#include "sandbox/scheduler.hpp"
#include "sandbox/service_report.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <thread>

namespace rehearsa::sandbox {

namespace {

// The daemon flushes the reply headers of GET /events before it subscribes, so the query replays
// from a second before anything is created; handlers are idempotent.
docker::EventQuery query_for(const plan::Plan& plan) {
    return docker::EventQuery{std::chrono::system_clock::now() - std::chrono::seconds(1),
                              {fmt::format("{}={}", plan::k_label_run, plan.identity.run_id)},
                              {"container"}};
}

// The run's event subscription, on its own thread from before the first create until the boot is
// over. It has its own CancelToken: the run stops it when the boot ends, cancelled or not. The
// stream notices that within the transport's poll interval, so the thread is joined only at the
// end of the run, after the cleanup, rather than delaying it.
class EventFeed {
public:
    EventFeed(docker::Engine& engine, docker::EventQuery query, MessageQueue& queue)
        : m_thread([&engine, &queue, query = std::move(query), stop = m_stop] {
              auto ended = engine.events(
                  query,
                  [&queue](const docker::Event& event) {
                      queue.push(event);
                      return docker::StreamControl::Continue;
                  },
                  stop);
              queue.push(StreamEnded{std::move(ended)});
          }) {}
    ~EventFeed() { stop(); } // then m_thread joins
    EventFeed(const EventFeed&) = delete;
    EventFeed& operator=(const EventFeed&) = delete;

    void stop() const { m_stop.cancel(); }

private:
    docker::CancelToken m_stop;
    std::jthread m_thread;
};

// Services the boot never reached: the run was cancelled or hit a problem while preparing.
void settle_rest(std::vector<Tracker>& trackers, const results::RunResult& result,
                 const ProgressLog& progress) {
    for (Tracker& tracker : trackers) {
        if (tracker.settled) continue;
        never_started(tracker, results::ServiceState::Cancelled,
                      result.problem
                          ? fmt::format("{}: not started: {}", tracker.name(), result.problem->message)
                          : fmt::format("{}: cancelled before it started", tracker.name()));
        progress(results::Phase::Block, tracker.name(), tracker.result.cause);
    }
}

std::optional<results::RunProblem> rehearse(const plan::Plan& plan, docker::Engine& engine,
                                            const RunOptions& options, MessageQueue& queue,
                                            std::vector<Tracker>& trackers, const ProgressLog& progress) {
    if (auto problem = prepare(plan, engine, options, trackers, progress)) return problem;
    if (options.cancel.cancelled()) return std::nullopt;
    Scheduler scheduler(plan, engine, options, queue, trackers, progress);
    BootOutcome outcome = scheduler.run();
    if (!outcome.cancelled && !outcome.problem)
        progress(results::Phase::Settle, {}, fmt::format("every service settled"));
    return outcome.problem;
}

// What each container says, then everything the run created. Tearing down a networked container
// is the slow part of a cleanup (the engine releases network endpoints one at a time), so each
// container, on its own thread, is killed as soon as its state is read, its output is read while
// it dies, and it is removed; then whatever else carries the run's label. After a second signal,
// nothing is read.
results::CleanupReport read_and_remove(const plan::Plan& plan, docker::Engine& engine,
                                       const RunOptions& options, std::vector<Tracker>& trackers) {
    Cleanup cleanup(engine, plan.identity.run_id);
    if (!options.force.cancelled()) {
        std::vector<std::jthread> workers; // each touches only its own tracker
        for (Tracker& tracker : trackers)
            if (!tracker.container_id.empty())
                workers.emplace_back([&tracker, &engine, &cleanup] {
                    read_state(tracker, engine);
                    cleanup.stop_container(tracker.container_id);
                    read_output(tracker, engine);
                    cleanup.remove_container(tracker.container_id, tracker.plan->container.name);
                });
    }
    score_services(trackers);
    return cleanup.finish();
}

void report_cleanup(const results::CleanupReport& cleanup, const ProgressLog& progress) {
    progress(results::Phase::Cleanup, {},
             fmt::format("removed {}, {}, {}", util::plural(cleanup.containers, "container"),
                         util::plural(cleanup.networks, "network"), util::plural(cleanup.volumes, "volume")));
    for (const std::string& leftover : cleanup.leftovers)
        progress(results::Phase::Cleanup, {}, "left behind: " + leftover);
}

} // namespace

results::RunResult run(const plan::Plan& plan, docker::Engine& engine, const RunOptions& options) {
    results::RunResult result;
    result.run_id = plan.identity.run_id;
    result.stack = plan.stack;
    result.started = std::chrono::system_clock::now();
    const auto began = Clock::now();
    const ProgressLog progress(options.progress);
    progress(results::Phase::Prepare, {},
             fmt::format("run {} of {}: {}, {}, {}", plan.identity.run_id, plan.stack,
                         util::plural(plan.services.size(), "service"),
                         util::plural(plan.networks.size(), "network"),
                         util::plural(plan.volumes.size(), "volume")));
    std::vector<Tracker> trackers = make_trackers(plan);
    MessageQueue queue; // outlives the feed, which pushes to it until it is joined
    EventFeed feed(engine, query_for(plan), queue);
    result.problem = rehearse(plan, engine, options, queue, trackers, progress);
    feed.stop();
    result.cancelled = options.cancel.cancelled();
    settle_rest(trackers, result, progress);
    result.cleanup = read_and_remove(plan, engine, options, trackers);
    report_cleanup(result.cleanup, progress);
    for (Tracker& tracker : trackers)
        result.services.push_back(std::move(tracker.result));
    result.confidence = results::confidence_of(result.services);
    result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began);
    progress(results::Phase::Done, {},
             fmt::format("confidence {} ({}) in {}{}", result.confidence,
                         results::risk_band(result.confidence), seconds_text(Clock::now() - began),
                         result.cancelled ? ", cancelled" : ""));
    return result;
}

} // namespace rehearsa::sandbox
