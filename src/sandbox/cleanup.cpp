// Cleanup: everything labelled with one run id, containers first (a network with endpoints
// cannot go, nor a volume in use), then networks, then volumes. Every call here is one that takes
// no CancelToken, or a fresh one: cleanup after a SIGINT must not inherit the run's cancel.
#include "sandbox/cleanup.hpp"

#include "plan/plan.hpp"

#include <fmt/format.h>
#include <mutex>
#include <thread>

namespace rehearsa::sandbox {

namespace {

// A volume still in use right after its containers were removed means a removal is still in
// flight (the daemon reported "removal already in progress"); after waiting for those, a couple
// of retries are enough.
constexpr int k_volume_attempts = 3;

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

} // namespace

Cleanup::Cleanup(docker::Engine& engine, std::string run_id)
    : m_engine(engine), m_run_id(std::move(run_id)) {}

void Cleanup::stop_container(const std::string& id) {
    // Whatever fails here, remove_container still forces it out and reports what is left.
    (void)m_engine.kill_container(id);
}

void Cleanup::remove_container(const std::string& id, const std::string& name) {
    remove("container", docker::ResourceSummary{id, name, {}, {}}, &docker::Engine::remove_container,
           m_report.containers);
}

results::CleanupReport Cleanup::finish() {
    if (m_run_id.empty()) return m_report; // "io.rehearsa.run=" would match nothing, but say so plainly
    containers();
    networks();
    volumes();
    return std::move(m_report);
}

std::vector<docker::ResourceSummary>
Cleanup::list(std::string_view kind,
              const docker::EngineResult<std::vector<docker::ResourceSummary>>& listed) {
    if (listed) return *listed;
    m_report.leftovers.push_back(fmt::format("{}: could not list them: {}", kind, listed.error().message));
    return {};
}

bool Cleanup::remove(std::string_view kind, const docker::ResourceSummary& resource, Remove how, int& count) {
    auto removed = (m_engine.*how)(resource.id);
    std::lock_guard lock(m_mutex);
    if (removed) ++count;
    if (removed || removed.error().kind == docker::EngineErrorKind::NotFound) return true;
    if (kind == "container" && removed.error().kind == docker::EngineErrorKind::Conflict)
        m_in_flight.push_back(resource.id);
    m_report.leftovers.push_back(
        fmt::format("{} {}: {}", kind, display_name(resource), removed.error().message));
    return false;
}

void Cleanup::containers() {
    concurrently(list("containers", m_engine.list_containers(label())), [this](const auto& c) {
        if (labelled(c, m_run_id))
            remove("container", c, &docker::Engine::remove_container, m_report.containers);
    });
    for (const std::string& id : m_in_flight)
        (void)m_engine.wait_container(id, docker::WaitCondition::Removed, docker::CancelToken{});
}

void Cleanup::networks() {
    concurrently(list("networks", m_engine.list_networks(label())), [this](const auto& n) {
        if (labelled(n, m_run_id)) remove("network", n, &docker::Engine::remove_network, m_report.networks);
    });
}

void Cleanup::volumes() {
    const int attempts = m_in_flight.empty() ? 1 : k_volume_attempts;
    concurrently(list("volumes", m_engine.list_volumes(label())), [this, attempts](const auto& v) {
        if (!labelled(v, m_run_id)) return;
        for (int attempt = 1; attempt <= attempts; ++attempt) {
            if (remove("volume", v, &docker::Engine::remove_volume, m_report.volumes)) return;
            if (attempt == attempts) return;
            std::lock_guard lock(m_mutex);
            drop_last_leftover(v); // only the last failure stays
        }
    });
}

void Cleanup::drop_last_leftover(const docker::ResourceSummary& volume) {
    const std::string prefix = fmt::format("volume {}: ", display_name(volume));
    for (auto it = m_report.leftovers.rbegin(); it != m_report.leftovers.rend(); ++it)
        if (it->starts_with(prefix)) {
            m_report.leftovers.erase(std::next(it).base());
            return;
        }
}

docker::LabelFilter Cleanup::label() const {
    return {fmt::format("{}={}", plan::k_label_run, m_run_id)};
}

results::CleanupReport remove_run(docker::Engine& engine, const std::string& run_id) {
    return Cleanup(engine, run_id).finish();
}

} // namespace rehearsa::sandbox
