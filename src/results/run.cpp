// Scores, confidence and risk bands: the original Rehearsa contract (DESIGN.md, Scores).
#include "results/run.hpp"

#include <numeric>

namespace rehearsa::results {

std::string_view to_string(ServiceState state) {
    switch (state) {
    case ServiceState::Healthy:
        return "healthy";
    case ServiceState::Completed:
        return "completed";
    case ServiceState::Running:
        return "running";
    case ServiceState::Unhealthy:
        return "unhealthy";
    case ServiceState::Exited:
        return "exited";
    case ServiceState::Failed:
        return "failed";
    case ServiceState::Blocked:
        return "blocked";
    case ServiceState::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

int score_of(ServiceState state) {
    switch (state) {
    case ServiceState::Healthy:
    case ServiceState::Completed:
        return 100;
    case ServiceState::Running:
        return 85;
    case ServiceState::Unhealthy:
        return 40;
    case ServiceState::Exited:
    case ServiceState::Failed:
    case ServiceState::Blocked:
    case ServiceState::Cancelled:
        return 0;
    }
    return 0;
}

std::string_view risk_band(int confidence) {
    if (confidence >= 90) return "LOW";
    if (confidence >= 70) return "MODERATE";
    if (confidence >= 40) return "HIGH";
    return "CRITICAL";
}

// A stack with no services proves nothing, so it scores 0 rather than a vacuous 100.
int confidence_of(const std::vector<ServiceResult>& services) {
    if (services.empty()) return 0;
    const long total = std::accumulate(services.begin(), services.end(), 0L,
                                       [](long sum, const ServiceResult& s) { return sum + s.score; });
    return static_cast<int>(total / static_cast<long>(services.size()));
}

} // namespace rehearsa::results
