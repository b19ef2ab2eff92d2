#pragma once
// A scripted docker::Engine for the sandbox's unit tests. Each service's container follows a
// Script (healthy, unhealthy with output, exits with a code, OOM-killed...); its events go out
// through events() on the caller's events thread, in order; every call and every emitted event
// is recorded in one log, so tests assert ordering ("web was created after db was healthy")
// without timing anything. Plus StackBuilder, which writes Plans by hand the way make_plan would.
#include "docker/engine.hpp"
#include "plan/plan.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <mutex>
#include <set>

namespace rehearsa::test {

enum class Health { None, Healthy, Unhealthy, Starting };

// What a service's container does once started. Every member has an initializer, so designated
// initializers may name only what they set.
struct Script {
    Health health = Health::None;
    std::string health_output{};         // the failing probe's output (Unhealthy)
    std::optional<int> exit_code{};      // exits with it, after its health event if any
    bool oom = false;                    // the exit is an OOM kill (an oom event before die)
    std::vector<std::string> wait_for{}; // services that must have started before it goes on
    bool silent = false;                 // no events: only an inspect can tell what happened
    bool create_conflict = false;        // create answers 409
    std::string start_error{};           // start fails with this message
    std::string logs{};                  // what `logs` returns
    int restart_count = 0;
};

class FakeEngine final : public docker::Engine {
public:
    FakeEngine() { m_server.api = docker::k_client_api; }

    // ---- set-up

    void script(const std::string& service, Script s) { m_scripts[service] = std::move(s); }
    void add_image(const std::string& image) { m_images.insert(image); }
    void pull_fails(const std::string& image, std::string message) {
        m_pull_errors[image] = std::move(message);
    }
    void network_fails(std::string message) { m_network_error = std::move(message); }
    void copy_exit_code(int code) { m_copy_exit = code; }
    // The events stream breaks at once, as when the daemon goes away.
    void break_events(std::string message) { m_events_error = std::move(message); }
    // Resources that exist before the run: live ones, another run's, unlabelled ones.
    void add_container(const std::string& name, docker::Labels labels,
                       std::vector<docker::MountSpec> mounts = {},
                       std::vector<docker::NetworkAttachment> networks = {}) {
        docker::ContainerSpec spec;
        spec.name = name;
        spec.labels = std::move(labels);
        spec.mounts = std::move(mounts);
        spec.networks = std::move(networks);
        std::lock_guard lock(m_mutex);
        m_containers[name] = Container{"id-" + name, spec, {}, {}};
    }
    void add_network(const std::string& name, docker::Labels labels) {
        std::lock_guard lock(m_mutex);
        m_networks[name] = std::move(labels);
    }
    void add_volume(const std::string& name, docker::Labels labels) {
        std::lock_guard lock(m_mutex);
        m_volumes[name] = std::move(labels);
    }

    // ---- what happened

    std::vector<std::string> calls() const {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }
    // The position of the first call starting with `prefix`, or -1.
    long index_of(std::string_view prefix) const {
        auto log = calls();
        auto it = std::ranges::find_if(log, [&](const std::string& c) { return c.starts_with(prefix); });
        return it == log.end() ? -1 : static_cast<long>(it - log.begin());
    }
    long last_index_of(std::string_view prefix) const {
        auto log = calls();
        for (std::size_t i = log.size(); i-- > 0;)
            if (log[i].starts_with(prefix)) return static_cast<long>(i);
        return -1;
    }
    bool called(std::string_view prefix) const { return index_of(prefix) >= 0; }
    // The events subscription, and when the first container was created.
    std::optional<docker::EventQuery> event_query() const {
        std::lock_guard lock(m_mutex);
        return m_query;
    }
    std::optional<std::chrono::system_clock::time_point> first_create() const {
        std::lock_guard lock(m_mutex);
        return m_first_create;
    }
    std::set<std::string> container_names() const {
        std::lock_guard lock(m_mutex);
        std::set<std::string> out;
        for (const auto& [name, c] : m_containers)
            out.insert(name);
        return out;
    }
    std::set<std::string> network_names() const { return keys(m_networks); }
    std::set<std::string> volume_names() const { return keys(m_volumes); }

    // ---- docker::Engine

    const docker::ServerInfo& server() const override { return m_server; }
    docker::ApiVersion api_version() const override { return docker::k_client_api; }
    docker::EngineResult<void> ping(const docker::CancelToken&) override { return {}; }

    docker::EngineResult<std::string> create_container(const docker::ContainerSpec& spec) override {
        std::lock_guard lock(m_mutex);
        log("create " + spec.name);
        if (!m_images.contains(spec.image))
            return docker::engine_fail(docker::EngineErrorKind::NotFound, "No such image: " + spec.image,
                                       404);
        if (script_of(spec).create_conflict || m_containers.contains(spec.name))
            return docker::engine_fail(
                docker::EngineErrorKind::Conflict,
                fmt::format("Conflict. The container name \"/{}\" is already in use", spec.name), 409);
        if (!m_first_create) m_first_create = std::chrono::system_clock::now();
        docker::ContainerState state;
        state.status = "created";
        m_containers[spec.name] = Container{"id-" + spec.name, spec, state, service_of(spec)};
        return "id-" + spec.name;
    }

    docker::EngineResult<void> connect_network(const std::string&,
                                               const docker::NetworkAttachment&) override {
        return {};
    }

    docker::EngineResult<void> start_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        Container* c = by_id(id);
        if (!c) return not_found(id);
        log("start " + c->spec.name);
        const Script& s = script_of(c->spec);
        if (!s.start_error.empty())
            return docker::engine_fail(docker::EngineErrorKind::ServerError, s.start_error, 500);
        c->state.status = "running";
        c->state.running = true;
        if (s.health != Health::None) c->state.health = docker::HealthState{"starting", 0, {}};
        emit(*c, "start");
        if (is_copy(*c))
            finish(*c, m_copy_exit, false);
        else
            m_waiting.push_back(c->spec.name);
        release_ready();
        return {};
    }

    docker::EngineResult<docker::ContainerInfo> inspect_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        Container* c = by_id(id);
        if (!c) return not_found(id);
        log("inspect " + c->spec.name);
        docker::ContainerInfo info;
        info.id = c->id;
        info.name = c->spec.name;
        info.image = c->spec.image;
        info.image_id = image_id(c->spec.image);
        info.state = c->state;
        info.labels = c->spec.labels;
        info.restart_count = script_of(c->spec).restart_count;
        return info;
    }

    docker::EngineResult<docker::WaitResult> wait_container(const std::string& id,
                                                            docker::WaitCondition condition,
                                                            const docker::CancelToken& cancel) override {
        std::unique_lock lock(m_mutex);
        log("wait " + id);
        if (condition == docker::WaitCondition::Removed) return docker::WaitResult{};
        for (;;) {
            Container* c = by_id(id);
            if (!c) return not_found(id);
            if (!c->state.running) return docker::WaitResult{c->state.exit_code, {}};
            if (cancel.cancelled())
                return docker::engine_fail(docker::EngineErrorKind::Cancelled, "cancelled");
            m_changed.wait_for(lock, std::chrono::milliseconds(5));
        }
    }

    docker::EngineResult<void> kill_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        Container* c = by_id(id);
        if (!c) return not_found(id);
        log("kill " + c->spec.name);
        if (!c->state.running)
            return docker::engine_fail(docker::EngineErrorKind::Conflict,
                                       fmt::format("Container {} is not running", id), 409);
        finish(*c, 137, false);
        return {};
    }

    docker::EngineResult<void> remove_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        Container* c = by_id(id);
        if (!c) return not_found(id);
        log("remove container " + c->spec.name);
        m_containers.erase(c->spec.name);
        m_changed.notify_all();
        return {};
    }

    docker::EngineResult<std::vector<docker::ResourceSummary>>
    list_containers(const docker::LabelFilter& filter) override {
        std::lock_guard lock(m_mutex);
        log("list containers");
        std::vector<docker::ResourceSummary> out;
        for (const auto& [name, c] : m_containers)
            if (matches(c.spec.labels, filter)) out.push_back({c.id, name, c.spec.labels, c.state.status});
        return out;
    }

    docker::EngineResult<std::string> create_network(const docker::NetworkSpec& spec) override {
        std::lock_guard lock(m_mutex);
        log("create network " + spec.name);
        if (!m_network_error.empty())
            return docker::engine_fail(docker::EngineErrorKind::ServerError, m_network_error, 500);
        if (m_networks.contains(spec.name))
            return docker::engine_fail(docker::EngineErrorKind::Conflict,
                                       fmt::format("network with name {} already exists", spec.name), 409);
        m_networks[spec.name] = spec.labels;
        return "net-" + spec.name;
    }

    docker::EngineResult<void> remove_network(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        const std::string name = id.starts_with("net-") ? id.substr(4) : id;
        log("remove network " + name);
        if (!m_networks.contains(name)) return not_found(id);
        for (const auto& [cname, c] : m_containers)
            for (const auto& attachment : c.spec.networks)
                if (attachment.network == name)
                    return docker::engine_fail(
                        docker::EngineErrorKind::Forbidden,
                        fmt::format("error while removing network: network {} has active endpoints", name),
                        403);
        m_networks.erase(name);
        return {};
    }

    docker::EngineResult<std::vector<docker::ResourceSummary>>
    list_networks(const docker::LabelFilter& filter) override {
        std::lock_guard lock(m_mutex);
        log("list networks");
        std::vector<docker::ResourceSummary> out;
        for (const auto& [name, labels] : m_networks)
            if (matches(labels, filter)) out.push_back({"net-" + name, name, labels, {}});
        return out;
    }

    docker::EngineResult<std::string> create_volume(const docker::VolumeSpec& spec) override {
        std::lock_guard lock(m_mutex);
        log("create volume " + spec.name);
        if (m_volumes.contains(spec.name))
            return docker::engine_fail(
                docker::EngineErrorKind::Conflict,
                fmt::format("creating volume {}: a volume of that name already exists with other labels",
                            spec.name),
                201);
        m_volumes[spec.name] = spec.labels;
        return spec.name;
    }

    docker::EngineResult<void> remove_volume(const std::string& name) override {
        std::lock_guard lock(m_mutex);
        log("remove volume " + name);
        if (!m_volumes.contains(name)) return not_found(name);
        for (const auto& [cname, c] : m_containers)
            for (const auto& mount : c.spec.mounts)
                if (mount.type == docker::MountType::Volume && mount.source == name)
                    return docker::engine_fail(docker::EngineErrorKind::Conflict,
                                               "remove " + name + ": volume is in use", 409);
        m_volumes.erase(name);
        return {};
    }

    docker::EngineResult<std::vector<docker::ResourceSummary>>
    list_volumes(const docker::LabelFilter& filter) override {
        std::lock_guard lock(m_mutex);
        log("list volumes");
        std::vector<docker::ResourceSummary> out;
        for (const auto& [name, labels] : m_volumes)
            if (matches(labels, filter)) out.push_back({name, name, labels, {}});
        return out;
    }

    docker::EngineResult<docker::ImageInfo> inspect_image(const std::string& image) override {
        std::lock_guard lock(m_mutex);
        log("inspect image " + image);
        if (!m_images.contains(image))
            return docker::engine_fail(docker::EngineErrorKind::NotFound, "No such image: " + image, 404);
        docker::ImageInfo info;
        info.id = image_id(image);
        info.repo_tags = {image};
        info.repo_digests = {image.substr(0, image.rfind(':')) + "@sha256:d1" + std::to_string(image.size())};
        return info;
    }

    docker::EngineResult<void> pull_image(const std::string& image, const docker::ProgressSink& progress,
                                          const docker::CancelToken& cancel) override {
        {
            std::lock_guard lock(m_mutex);
            log("pull " + image);
            if (auto it = m_pull_errors.find(image); it != m_pull_errors.end())
                return docker::engine_fail(docker::EngineErrorKind::ServerError, it->second, 200);
        }
        if (cancel.cancelled()) return docker::engine_fail(docker::EngineErrorKind::Cancelled, "cancelled");
        if (progress) {
            progress({"Downloading", "layer1", "[=>   ]", {}});
            progress({"Status: Downloaded newer image for " + image, "", "", {}});
        }
        std::lock_guard lock(m_mutex);
        m_images.insert(image);
        return {};
    }

    docker::EngineResult<void> events(const docker::EventQuery& query, const docker::EventSink& sink,
                                      const docker::CancelToken& cancel) override {
        std::unique_lock lock(m_mutex);
        log("events");
        m_query = query;
        if (!m_events_error.empty())
            return docker::engine_fail(docker::EngineErrorKind::Unreachable, m_events_error);
        // Polls its CancelToken, as the HTTP transport does: a token cannot notify anyone.
        while (!cancel.cancelled()) {
            if (m_events_delivered == m_events.size()) {
                m_changed.wait_for(lock, std::chrono::milliseconds(5));
                continue;
            }
            docker::Event event = m_events[m_events_delivered++];
            // The daemon replays from `since`: what happened before it is never seen.
            if (!matches(event.attributes, query.labels) || event.time_nano < nanos(query.since)) continue;
            if (!query.types.empty() && std::ranges::find(query.types, event.type) == query.types.end())
                continue;
            lock.unlock();
            const bool stop = sink(event) == docker::StreamControl::Stop;
            lock.lock();
            if (stop) return {};
        }
        return docker::engine_fail(docker::EngineErrorKind::Cancelled, "cancelled");
    }

    docker::EngineResult<docker::Output> logs(const std::string& id, const docker::LogQuery&) override {
        std::lock_guard lock(m_mutex);
        Container* c = by_id(id);
        if (!c) return not_found(id);
        log("logs " + c->spec.name);
        const std::string& text = script_of(c->spec).logs;
        return docker::Output{text, {}, text};
    }

    docker::EngineResult<docker::ExecResult> exec(const std::string& id, const docker::ExecSpec&,
                                                  const docker::CancelToken&) override {
        return not_found(id);
    }

private:
    struct Container {
        std::string id;
        docker::ContainerSpec spec;
        docker::ContainerState state;
        std::string service;
    };

    static std::string service_of(const docker::ContainerSpec& spec) {
        auto it = spec.labels.find(plan::k_label_service);
        return it == spec.labels.end() ? spec.name : it->second;
    }
    static bool is_copy(const Container& c) {
        return c.spec.entrypoint && !c.spec.entrypoint->empty() && c.spec.entrypoint->front() == "cp";
    }
    static std::string image_id(const std::string& image) {
        return "sha256:i" + std::to_string(image.size());
    }
    static bool matches(const docker::Labels& labels, const docker::LabelFilter& filter) {
        return std::ranges::all_of(filter, [&](const std::string& f) {
            const auto eq = f.find('=');
            auto it = labels.find(f.substr(0, eq));
            return it != labels.end() && (eq == std::string::npos || it->second == f.substr(eq + 1));
        });
    }
    template <typename Map>
    std::set<std::string> keys(const Map& map) const {
        std::lock_guard lock(m_mutex);
        std::set<std::string> out;
        for (const auto& [k, v] : map)
            out.insert(k);
        return out;
    }
    static std::int64_t nanos(std::optional<std::chrono::system_clock::time_point> t) {
        if (!t) return 0;
        return std::chrono::duration_cast<std::chrono::nanoseconds>(t->time_since_epoch()).count();
    }
    static std::unexpected<docker::EngineError> not_found(const std::string& what) {
        return docker::engine_fail(docker::EngineErrorKind::NotFound, "No such object: " + what, 404);
    }

    const Script& script_of(const docker::ContainerSpec& spec) const {
        static const Script none;
        auto it = m_scripts.find(service_of(spec));
        return it == m_scripts.end() ? none : it->second;
    }
    Container* by_id(const std::string& id) {
        for (auto& [name, c] : m_containers)
            if (c.id == id) return &c;
        return nullptr;
    }
    void log(std::string call) { m_calls.push_back(std::move(call)); }

    void emit(const Container& c, std::string action, std::string health = {},
              std::optional<int> exit_code = {}) {
        log(fmt::format("event {} {}{}", action, c.service, health.empty() ? "" : " " + health));
        if (script_of(c.spec).silent && !is_copy(c)) return;
        docker::Event event;
        event.type = "container";
        event.action = std::move(action);
        event.id = c.id;
        event.attributes = c.spec.labels;
        event.attributes["name"] = c.spec.name;
        event.health_status = std::move(health);
        event.exit_code = exit_code;
        event.time_nano = nanos(std::chrono::system_clock::now());
        m_events.push_back(std::move(event));
        m_changed.notify_all();
    }

    void finish(Container& c, int code, bool oom) {
        c.state.running = false;
        c.state.status = "exited";
        c.state.exit_code = code;
        c.state.oom_killed = oom;
        if (oom) emit(c, "oom");
        emit(c, "die", {}, code);
    }

    // Plays the scripts of started containers whose wait_for services have all started.
    void release_ready() {
        std::set<std::string> started;
        for (const auto& [name, c] : m_containers)
            if (c.state.status != "created") started.insert(c.service);
        for (auto it = m_waiting.begin(); it != m_waiting.end();) {
            auto found = m_containers.find(*it);
            const Script& s = found == m_containers.end() ? Script{} : script_of(found->second.spec);
            if (found != m_containers.end() &&
                !std::ranges::all_of(s.wait_for, [&](auto& w) { return started.contains(w); })) {
                ++it;
                continue;
            }
            if (found != m_containers.end()) play(found->second, script_of(found->second.spec));
            it = m_waiting.erase(it);
        }
    }

    void play(Container& c, const Script& s) {
        if (s.health == Health::Healthy) set_health(c, "healthy", {});
        if (s.health == Health::Unhealthy) set_health(c, "unhealthy", s.health_output);
        if (s.exit_code) finish(c, *s.exit_code, s.oom);
    }

    void set_health(Container& c, const std::string& status, const std::string& output) {
        c.state.health = docker::HealthState{status, status == "unhealthy" ? 3 : 0, {}};
        for (int i = 0; i < 3; ++i)
            c.state.health->log.push_back({status == "unhealthy" ? 1 : 0, output, {}, {}});
        emit(c, "health_status", status);
    }

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    docker::ServerInfo m_server;
    std::map<std::string, Script> m_scripts;
    std::set<std::string> m_images;
    std::map<std::string, std::string> m_pull_errors;
    std::string m_network_error;
    int m_copy_exit = 0;
    std::string m_events_error;
    std::map<std::string, Container> m_containers;
    std::map<std::string, docker::Labels> m_networks, m_volumes;
    std::vector<std::string> m_waiting; // started containers whose script has not played yet
    std::vector<docker::Event> m_events;
    std::size_t m_events_delivered = 0;
    std::optional<docker::EventQuery> m_query;
    std::optional<std::chrono::system_clock::time_point> m_first_create;
    std::vector<std::string> m_calls;
};

// Plans written by hand: a run id, the labels on everything, one internal network, services
// that join it. Dependencies and scripts are added by the test.
class StackBuilder {
public:
    explicit StackBuilder(std::string run_id = "r1", std::string owner = "testhost:1:1") {
        m_plan.identity.run_id = run_id;
        m_plan.stack = "demo";
        m_plan.project_dir = "/srv/demo";
        m_plan.labels = {
            {plan::k_label_run, run_id}, {plan::k_label_stack, "demo"}, {plan::k_label_owner, owner}};
        m_plan.networks.push_back({network(), m_plan.labels, docker::NetworkScope::Internal, "bridge"});
        m_plan.timeout = std::chrono::seconds(30);
    }

    std::string network() const { return fmt::format("rehearsa-{}-default", m_plan.identity.run_id); }
    std::string container(const std::string& service) const {
        return fmt::format("rehearsa-{}-{}", m_plan.identity.run_id, service);
    }

    plan::ServicePlan& service(const std::string& name, const std::string& image = "busybox:1") {
        plan::ServicePlan s;
        s.name = name;
        s.image = image;
        s.container.name = container(name);
        s.container.image = image;
        s.container.labels = m_plan.labels;
        s.container.labels[plan::k_label_service] = name;
        s.container.networks = {{network(), {name}}};
        m_plan.services.push_back(std::move(s));
        return m_plan.services.back();
    }

    StackBuilder& depends(const std::string& name, const std::string& on, plan::Condition condition,
                          bool required = true) {
        for (auto& s : m_plan.services)
            if (s.name == name) s.depends_on.push_back({on, condition, required, {}});
        return *this;
    }

    std::string volume(const std::string& name, const std::string& service, const std::string& target) {
        const std::string full = fmt::format("rehearsa-{}-{}", m_plan.identity.run_id, name);
        m_plan.volumes.push_back({full, m_plan.labels, "local"});
        for (auto& s : m_plan.services)
            if (s.name == service) s.container.mounts.push_back({docker::MountType::Volume, full, target});
        return full;
    }

    plan::Plan& plan() { return m_plan; }

private:
    plan::Plan m_plan;
};

} // namespace rehearsa::test
