// remove_run: everything labelled with one run id, containers first (a network with endpoints
// cannot go, nor a volume in use), then networks, then volumes. Every call here is one that takes
// no CancelToken, or a fresh one: cleanup after a SIGINT must not inherit the run's cancel.
#include "sandbox/cleanup.hpp"

#include <fmt/format.h>
#include <mutex>
#include <thread>

namespace rehearsa::sandbox {

namespace {

// A volume still in use right after its containers were removed means a removal is still in
// flight (the daemon reported "removal already in progress"); after waiting for those, a couple
// of retries are enough.
constexpr int k_volume_attempts = 3;

using Remove = docker::EngineResult<void> (docker::Engine::*)(const std::string&);

// The label filter already asks for it; checking again keeps the invariant in one visible place,
// whatever an engine's filter does.
bool labelled(const docker::ResourceSummary& resource, const std::string& run_id) {
    auto it = resource.labels.find(plan::k_label_run);
    return it != resource.labels.end() && it->second == run_id;
}

std::string display_name(const docker::ResourceSummary& resource) {
    return resource.name.empty() ? resource.id : resource.name;
}

// Removes one kind of resource at once, each on its own thread: force-removing a running
// container waits for it to die, and a stack's containers need not die one after another.
template <typename Each>
void concurrently(const std::vector<docker::ResourceSummary>& resources, Each each) {
    std::vector<std::jthread> workers;
    workers.reserve(resources.size());
    for (const docker::ResourceSummary& resource : resources)
        workers.emplace_back([&each, &resource] { each(resource); });
}

struct Pass {
    docker::Engine& engine;
    const std::string& run_id;
    CleanupReport& report;
    std::vector<std::string> in_flight; // containers whose removal the daemon was already doing
    std::mutex mutex;                   // guards report and in_flight while removals run together

    std::vector<docker::ResourceSummary>
    list(std::string_view kind, const docker::EngineResult<std::vector<docker::ResourceSummary>>& listed) {
        if (listed) return *listed;
        report.leftovers.push_back(fmt::format("{}: could not list them: {}", kind, listed.error().message));
        return {};
    }

    // True when it is gone (removed now, or already).
    bool remove(std::string_view kind, const docker::ResourceSummary& resource, Remove how, int& count) {
        auto removed = (engine.*how)(resource.id);
        std::lock_guard lock(mutex);
        if (removed) ++count;
        if (removed || removed.error().kind == docker::EngineErrorKind::NotFound) return true;
        if (kind == "container" && removed.error().kind == docker::EngineErrorKind::Conflict)
            in_flight.push_back(resource.id);
        report.leftovers.push_back(
            fmt::format("{} {}: {}", kind, display_name(resource), removed.error().message));
        return false;
    }

    void containers() {
        concurrently(list("containers", engine.list_containers({label()})), [this](const auto& c) {
            if (labelled(c, run_id))
                remove("container", c, &docker::Engine::remove_container, report.containers);
        });
        for (const std::string& id : in_flight)
            (void)engine.wait_container(id, docker::WaitCondition::Removed, docker::CancelToken{});
    }

    void networks() {
        concurrently(list("networks", engine.list_networks({label()})), [this](const auto& n) {
            if (labelled(n, run_id)) remove("network", n, &docker::Engine::remove_network, report.networks);
        });
    }

    void volumes() {
        const int attempts = in_flight.empty() ? 1 : k_volume_attempts;
        concurrently(list("volumes", engine.list_volumes({label()})), [this, attempts](const auto& v) {
            if (!labelled(v, run_id)) return;
            for (int attempt = 1; attempt <= attempts; ++attempt) {
                if (remove("volume", v, &docker::Engine::remove_volume, report.volumes)) return;
                if (attempt == attempts) return;
                std::lock_guard lock(mutex);
                drop_last_leftover(v); // only the last failure stays
            }
        });
    }

    void drop_last_leftover(const docker::ResourceSummary& volume) {
        const std::string prefix = fmt::format("volume {}: ", display_name(volume));
        for (auto it = report.leftovers.rbegin(); it != report.leftovers.rend(); ++it)
            if (it->starts_with(prefix)) {
                report.leftovers.erase(std::next(it).base());
                return;
            }
    }

    std::string label() const { return fmt::format("{}={}", plan::k_label_run, run_id); }
};

} // namespace

CleanupReport remove_run(docker::Engine& engine, const std::string& run_id) {
    CleanupReport report;
    if (run_id.empty()) return report; // "io.rehearsa.run=" would match nothing, but say so plainly
    Pass pass{engine, run_id, report, {}, {}};
    pass.containers();
    pass.networks();
    pass.volumes();
    return report;
}

} // namespace rehearsa::sandbox
