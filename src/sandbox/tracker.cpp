// Trackers: a ServiceResult in the making for each plan service.
#include "sandbox/tracker.hpp"

#include <fmt/format.h>

namespace rehearsa::sandbox {

std::vector<Tracker> make_trackers(const plan::Plan& plan) {
    std::vector<Tracker> trackers;
    trackers.reserve(plan.services.size());
    for (const plan::ServicePlan& service : plan.services) {
        Tracker tracker;
        tracker.plan = &service;
        tracker.result.name = service.name;
        tracker.result.where = service.where;
        tracker.result.image = service.image;
        tracker.result.injected = service.injected;
        trackers.push_back(std::move(tracker));
    }
    return trackers;
}

std::string seconds_text(Clock::duration elapsed) {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    return fmt::format("{:.1f} s", seconds < 0 ? 0.0 : seconds);
}

void never_started(Tracker& tracker, results::ServiceState state, std::string cause) {
    tracker.stage = Stage::NotStarted;
    tracker.settled = true;
    tracker.result.state = state;
    tracker.result.cause = std::move(cause);
}

} // namespace rehearsa::sandbox
