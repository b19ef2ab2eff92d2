// Readiness: what the engine's events and the boot workers' replies mean for a service. Every
// handler is idempotent, because the events stream replays from before the first create and
// the inspect after each start may report what an event already said.
#include "sandbox/dependencies.hpp"
#include "sandbox/scheduler.hpp"

#include <fmt/format.h>

namespace rehearsa::sandbox {

namespace {

std::chrono::milliseconds to_ms(Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

std::string whole_seconds(std::chrono::seconds s) {
    return fmt::format("{} s", s.count());
}

bool expects_health(const Tracker& tracker) {
    return tracker.has_health.value_or(tracker.plan->health == plan::HealthSource::Compose);
}

} // namespace

void Scheduler::handle(Message message) {
    std::visit(
        [this](auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, docker::Event>)
                on_event(m);
            else if constexpr (std::is_same_v<T, Created>)
                on_created(m);
            else if constexpr (std::is_same_v<T, Started>)
                on_started(m);
            else if constexpr (std::is_same_v<T, Inspected>)
                on_inspected(m);
            else
                on_stream_ended(m);
        },
        message);
}

// Cancelled is how the run itself stops the stream; anything else broke it.
void Scheduler::on_stream_ended(StreamEnded& ended) {
    if (!ended.result && ended.result.error().kind != docker::EngineErrorKind::Cancelled)
        m_stream_error = ended.result.error();
}

Tracker* Scheduler::by_container(const std::string& id) {
    if (id.empty()) return nullptr;
    for (Tracker& tracker : m_trackers)
        if (tracker.container_id == id) return &tracker;
    return nullptr;
}

void Scheduler::on_event(const docker::Event& event) {
    Tracker* tracker = m_stopped || event.type != "container" ? nullptr : by_container(event.id);
    if (!tracker) return; // another container of the run (a copy helper), or not ours
    const auto now = Clock::now();
    if (event.action == "start")
        on_running(*tracker, now);
    else if (event.action == "die")
        on_exit(*tracker, event.exit_code.value_or(-1), now);
    else if (event.action == "health_status")
        on_health(*tracker, event.health_status, now);
    else if (event.action == "oom")
        tracker->result.oom_killed = true;
}

void Scheduler::on_created(Created& created) {
    Tracker& tracker = m_trackers[created.service];
    if (!created.id) root_done(tracker);
    if (created.id) {
        tracker.container_id = *created.id;
        return;
    }
    if (m_stopped || tracker.settled || tracker.stage != Stage::Waiting) return;
    tracker.stage = Stage::NotStarted;
    settle(tracker, results::ServiceState::Failed,
           fmt::format("{}: {}", tracker.name(), created.id.error().message));
}

void Scheduler::on_started(Started& started) {
    Tracker& tracker = m_trackers[started.service];
    root_done(tracker);
    if (m_stopped || tracker.stage == Stage::NotStarted) return;
    if (!started.result && started.result.error().kind != docker::EngineErrorKind::NotModified) {
        tracker.stage = Stage::NotStarted;
        settle(tracker, results::ServiceState::Failed,
               fmt::format("{}: {}", tracker.name(), started.result.error().message));
        return;
    }
    on_running(tracker, started.requested);
}

void Scheduler::root_done(const Tracker& tracker) {
    if (tracker.plan->depends_on.empty() && --m_roots_pending == 0 && !m_stopped) create(Wave::Rest);
}

void Scheduler::on_inspected(Inspected& inspected) {
    Tracker& tracker = m_trackers[inspected.service];
    if (m_stopped || tracker.stage == Stage::NotStarted || !inspected.info) return;
    const docker::ContainerState& state = inspected.info->state;
    const auto now = Clock::now();
    if (state.oom_killed) tracker.result.oom_killed = true;
    tracker.has_health = state.health.has_value();
    // The snapshot may predate events already handled: it only fills in what they have not said.
    if (state.health && (tracker.health.empty() || tracker.health == "starting")) {
        if (state.health->status == "starting")
            tracker.health = "starting";
        else
            on_health(tracker, state.health->status, now);
    }
    if (!state.running && (state.status == "exited" || state.status == "dead")) {
        on_exit(tracker, state.exit_code, now);
        return;
    }
    if (!state.running) return;
    on_running(tracker, now);
    // Without a healthcheck, a long-running service is ready once it stays up for the settle window.
    if (!tracker.has_health.value() && !tracker.exited() && !tracker.settled &&
        tracker.plan->lifetime == plan::Lifetime::LongRunning && !tracker.settle_at)
        tracker.settle_at = *tracker.started_at + m_options.settle;
}

void Scheduler::on_running(Tracker& tracker, Clock::time_point at) {
    if (tracker.stage == Stage::NotStarted) return;
    if (!tracker.started_at || at < *tracker.started_at) tracker.started_at = at;
    if (tracker.plan->timeout) tracker.deadline = *tracker.started_at + *tracker.plan->timeout;
    if (tracker.stage == Stage::Started) return;
    // Whichever tells first (the start call's reply, the start event, a later event) says it once.
    tracker.stage = Stage::Started;
    m_progress(results::Phase::Start, tracker.name(),
               fmt::format("started {}", tracker.plan->container.name));
}

void Scheduler::on_exit(Tracker& tracker, int exit_code, Clock::time_point at) {
    if (tracker.stage == Stage::NotStarted || tracker.exited()) return;
    on_running(tracker, at); // it exited, so it ran
    tracker.exit_code = exit_code;
    tracker.result.exit_code = exit_code;
    tracker.verdict_after = at - *tracker.started_at;
    if (tracker.plan->lifetime == plan::Lifetime::OneShot && exit_code == 0) {
        tracker.result.time_to_ready = to_ms(tracker.verdict_after);
        settle(tracker, results::ServiceState::Completed);
        return;
    }
    // Also after a verdict: a healthy service that dies before the run ends did not restore.
    settle(tracker, results::ServiceState::Exited,
           fmt::format("{}: exited {} after {}", tracker.name(), exit_code,
                       seconds_text(tracker.verdict_after)));
}

void Scheduler::on_health(Tracker& tracker, const std::string& status, Clock::time_point at) {
    if (tracker.stage == Stage::NotStarted || tracker.exited() || status == tracker.health) return;
    on_running(tracker, at);
    tracker.has_health = true;
    tracker.health = status;
    const auto elapsed = at - *tracker.started_at;
    if (status == "healthy" && !tracker.settled) {
        tracker.result.time_to_ready = to_ms(elapsed);
        // A one-shot job is judged when it exits; being healthy on the way is only noted.
        if (tracker.plan->lifetime == plan::Lifetime::LongRunning)
            settle(tracker, results::ServiceState::Healthy);
    } else if (status == "unhealthy" &&
               (!tracker.settled || tracker.result.state == results::ServiceState::Healthy)) {
        tracker.verdict_after = elapsed;
        settle(tracker, results::ServiceState::Unhealthy,
               fmt::format("{}: unhealthy after {}", tracker.name(), seconds_text(elapsed)));
    }
}

void Scheduler::fire_timers(Clock::time_point now) {
    for (Tracker& tracker : m_trackers) {
        if (tracker.settled) continue;
        if (now >= m_deadline || (tracker.deadline && now >= *tracker.deadline)) {
            on_deadline(tracker, now);
        } else if (tracker.settle_at && now >= *tracker.settle_at && !tracker.exited()) {
            tracker.result.time_to_ready = to_ms(*tracker.settle_at - *tracker.started_at);
            settle(tracker, results::ServiceState::Running);
        }
    }
}

void Scheduler::on_deadline(Tracker& tracker, Clock::time_point now) {
    const bool own = tracker.deadline && now >= *tracker.deadline && *tracker.deadline < m_deadline;
    const std::string limit = whole_seconds(own ? *tracker.plan->timeout : m_plan.timeout);
    const std::string& name = tracker.name();
    if (tracker.stage == Stage::Waiting) {
        block_at_deadline(tracker, limit);
    } else if (tracker.stage == Stage::Booting) {
        tracker.stage = Stage::NotStarted;
        settle(tracker, results::ServiceState::Cancelled,
               fmt::format("{}: still starting when the {} timeout passed", name, limit));
    } else if (tracker.health == "healthy") {
        settle(tracker, results::ServiceState::Healthy); // a one-shot job, healthy but still running
    } else if (expects_health(tracker)) {
        tracker.verdict_after = now - *tracker.started_at;
        settle(tracker, results::ServiceState::Unhealthy,
               fmt::format("{}: not healthy after {}", name, limit));
    } else {
        tracker.result.time_to_ready = to_ms(now - *tracker.started_at);
        settle(tracker, results::ServiceState::Running,
               tracker.plan->lifetime == plan::Lifetime::OneShot
                   ? fmt::format("{}: one-shot job still running after {}", name, limit)
                   : std::string());
    }
}

// A dependency that settled at this same deadline (plan order puts it first) blocks with its own
// reason, "db is unhealthy"; one still pending blocks with what it did not do in time.
void Scheduler::block_at_deadline(Tracker& tracker, const std::string& limit) {
    BootDecision decision = decide(tracker, m_trackers);
    std::string reason = std::move(decision.reason);
    if (decision.decision != Decision::Block) {
        auto pending = first_pending(tracker, m_trackers);
        decision.blocked_by = pending ? pending->service : std::string();
        reason =
            pending ? fmt::format("{} within {}", pending->reason, limit) : "not started within " + limit;
    }
    tracker.stage = Stage::NotStarted;
    tracker.result.blocked_by = decision.blocked_by;
    settle(tracker, results::ServiceState::Blocked, fmt::format("{}: blocked: {}", tracker.name(), reason));
}

} // namespace rehearsa::sandbox
