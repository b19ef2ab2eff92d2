// The boot loop: which services start when, on which thread, and when the run stops waiting.
#include "sandbox/scheduler.hpp"

#include "sandbox/dependencies.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::sandbox {

namespace {

// A CancelToken is a bare atomic flag (a signal handler may only store it), so nothing can wake
// the loop when it is set: waits are capped so a cancel is noticed promptly, as the HTTP
// transport does. Readiness never depends on this cap; it comes from events and timers.
constexpr auto k_cancel_check = std::chrono::milliseconds(100);

// Every container is created before anything needs it: creating one takes tens of milliseconds,
// more when many are created at once, which would otherwise lengthen each level of the
// dependency chain. The services that wait for nothing are created first, alone, so that they
// start at once; the rest are created while those boot.
void create_job(docker::Engine& engine, MessageQueue& queue, std::size_t index,
                const docker::ContainerSpec& spec) {
    queue.push(Created{index, engine.create_container(spec)});
}

// start, then one inspect: blocking calls, so each service starts on its own thread and reports
// through the queue. Once the run stops (stop_token) or is cancelled, a container is never
// started; cleanup removes it by its labels.
void start_job(std::stop_token stop, docker::Engine& engine, MessageQueue& queue, std::size_t index,
               std::string container, docker::CancelToken cancel) {
    if (stop.stop_requested() || cancel.cancelled()) return;
    const auto requested = Clock::now();
    auto started = engine.start_container(container);
    const bool running = started || started.error().kind == docker::EngineErrorKind::NotModified;
    queue.push(Started{index, std::move(started), requested});
    if (running) queue.push(Inspected{index, engine.inspect_container(container)});
}

results::Phase phase_of(results::ServiceState state) {
    switch (state) {
    case results::ServiceState::Healthy:
    case results::ServiceState::Completed:
    case results::ServiceState::Running:
        return results::Phase::Ready;
    case results::ServiceState::Blocked:
    case results::ServiceState::Cancelled:
        return results::Phase::Block;
    default:
        return results::Phase::Fail;
    }
}

} // namespace

Scheduler::Scheduler(const plan::Plan& plan, docker::Engine& engine, const RunOptions& options,
                     MessageQueue& queue, std::vector<Tracker>& trackers, const ProgressLog& progress)
    : m_plan(plan), m_engine(engine), m_options(options), m_queue(queue), m_trackers(trackers),
      m_progress(progress), m_deadline(Clock::now() + plan.timeout) {}

Scheduler::~Scheduler() {
    join_workers();
}

BootOutcome Scheduler::run() {
    BootOutcome outcome;
    create(Wave::Roots);
    if (m_roots_pending == 0) create(Wave::Rest); // every root failed while preparing
    while (!interrupted(outcome)) {
        fire_timers(Clock::now());
        boot_ready();
        if (all_settled()) break;
        if (auto message = m_queue.pop_until(next_wake(Clock::now()))) handle(std::move(*message));
    }
    m_stopped = true;
    join_workers();
    // Replies that came after the loop stopped: the ids of containers created meanwhile.
    while (auto message = m_queue.try_pop())
        handle(std::move(*message));
    return outcome;
}

bool Scheduler::interrupted(BootOutcome& outcome) {
    while (auto message = m_queue.try_pop())
        handle(std::move(*message));
    if (m_options.cancel.cancelled()) {
        outcome.cancelled = true;
        stop_unsettled("cancelled");
    } else if (m_stream_error) {
        outcome.problem = results::RunProblem{"the Docker event stream ended: " + m_stream_error->message};
        stop_unsettled("stopped when the event stream ended");
    }
    return outcome.cancelled || outcome.problem;
}

Clock::time_point Scheduler::next_wake(Clock::time_point now) const {
    Clock::time_point wake = std::min(now + k_cancel_check, m_deadline);
    for (const Tracker& tracker : m_trackers) {
        if (tracker.settled) continue;
        if (tracker.settle_at) wake = std::min(wake, *tracker.settle_at);
        if (tracker.deadline) wake = std::min(wake, *tracker.deadline);
    }
    return wake;
}

bool Scheduler::all_settled() const {
    return std::ranges::all_of(m_trackers, [](const Tracker& t) { return t.settled; });
}

void Scheduler::boot_ready() {
    // Plan order is topological, so one pass normally settles a chain of blocked services; the
    // outer loop only guards against a plan that is not.
    for (bool blocked = true; blocked;) {
        blocked = false;
        for (std::size_t i = 0; i < m_trackers.size(); ++i) {
            Tracker& tracker = m_trackers[i];
            if (tracker.stage != Stage::Waiting) continue;
            BootDecision decision = decide(tracker, m_trackers);
            if (decision.decision == Decision::Block) {
                tracker.result.blocked_by = decision.blocked_by;
                tracker.stage = Stage::NotStarted;
                settle(tracker, results::ServiceState::Blocked,
                       fmt::format("{}: blocked: {}", tracker.name(), decision.reason));
                blocked = true;
            } else if (decision.decision == Decision::Boot && !tracker.container_id.empty()) {
                for (const std::string& reason : decision.ignored)
                    m_progress(results::Phase::Start, tracker.name(),
                               fmt::format("starting although {} (required: false)", reason));
                launch(i);
            }
        }
    }
}

void Scheduler::create(Wave wave) {
    for (std::size_t i = 0; i < m_trackers.size(); ++i) {
        const Tracker& tracker = m_trackers[i];
        if (tracker.settled) continue; // failed while preparing, e.g. its image is missing
        if (tracker.plan->depends_on.empty() != (wave == Wave::Roots)) continue;
        if (wave == Wave::Roots) ++m_roots_pending;
        m_progress(results::Phase::Create, tracker.name(),
                   fmt::format("creating {}", tracker.plan->container.name));
        m_workers.emplace_back(create_job, std::ref(m_engine), std::ref(m_queue), i,
                               std::cref(tracker.plan->container));
    }
}

void Scheduler::launch(std::size_t index) {
    Tracker& tracker = m_trackers[index];
    tracker.stage = Stage::Booting;
    m_workers.emplace_back(start_job, std::ref(m_engine), std::ref(m_queue), index, tracker.container_id,
                           m_options.cancel);
}

void Scheduler::stop_unsettled(std::string_view why) {
    for (Tracker& tracker : m_trackers) {
        if (tracker.settled) continue;
        const bool started = tracker.stage == Stage::Started;
        if (!started) tracker.stage = Stage::NotStarted;
        settle(tracker, results::ServiceState::Cancelled,
               fmt::format("{}: {} before it {}", tracker.name(), why, started ? "was ready" : "started"));
    }
}

void Scheduler::join_workers() {
    for (std::jthread& worker : m_workers)
        worker.request_stop();
    m_workers.clear(); // each jthread joins as it is destroyed
}

void Scheduler::settle(Tracker& tracker, results::ServiceState state, std::string cause) {
    tracker.settled = true;
    tracker.result.state = state;
    tracker.result.cause = std::move(cause);
    if (phase_of(state) != results::Phase::Ready) {
        m_progress(phase_of(state), tracker.name(), tracker.result.cause);
        return;
    }
    const auto ready = tracker.result.time_to_ready.value_or(std::chrono::milliseconds(0));
    m_progress(results::Phase::Ready, tracker.name(),
               state == results::ServiceState::Running
                   ? fmt::format("running, up for {} without a healthcheck", seconds_text(ready))
                   : fmt::format("{} after {}", to_string(state), seconds_text(ready)));
}

} // namespace rehearsa::sandbox
