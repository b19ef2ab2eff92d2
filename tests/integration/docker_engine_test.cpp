// DockerEngine against the real daemon (DOCKER_HOST or the default socket). Every resource made
// here carries io.rehearsa.test=<this run's id> and a name starting rehearsa-test-; nothing else
// on the daemon is touched. Without a daemon the executable exits 77 (skip), or 1 under CI=true.
#include "docker/docker_engine.hpp"

#include <algorithm>
#include <catch2/catch_session.hpp>
#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <future>
#include <unistd.h>

using namespace rehearsa::docker;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view k_image = "rehearsa-fixture/busybox:1";
constexpr std::string_view k_label = "io.rehearsa.test";

std::unique_ptr<DockerEngine> g_engine;
const std::string g_run = fmt::format(
    "{}-{}", ::getpid(), std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);

DockerEngine& engine() {
    return *g_engine;
}

std::string name(std::string_view what) {
    return fmt::format("rehearsa-test-{}-{}", g_run, what);
}

Labels labels() {
    return {{std::string(k_label), g_run}};
}

LabelFilter run_filter() {
    return {fmt::format("{}={}", k_label, g_run)};
}

// Removes everything of this run, in the order the daemon requires; returns what it removed.
int sweep() {
    int removed = 0;
    for (auto& c : engine().list_containers(run_filter()).value_or(std::vector<ResourceSummary>{}))
        removed += engine().remove_container(c.id).has_value();
    for (auto& n : engine().list_networks(run_filter()).value_or(std::vector<ResourceSummary>{}))
        removed += engine().remove_network(n.id).has_value();
    for (auto& v : engine().list_volumes(run_filter()).value_or(std::vector<ResourceSummary>{}))
        removed += engine().remove_volume(v.id).has_value();
    return removed;
}

// Cleans up on every path out of a test case, assertion failures included.
struct SweepGuard {
    ~SweepGuard() { sweep(); }
};

ContainerSpec busybox(std::string_view what, std::vector<std::string> cmd) {
    ContainerSpec spec;
    spec.name = name(what);
    spec.image = k_image;
    spec.cmd = std::move(cmd);
    spec.labels = labels();
    return spec;
}

// An events subscription on another thread. Leaving scope cancels it and waits for the thread,
// so a failed REQUIRE cannot leave the test blocked on a stream nobody reads.
class Subscription {
public:
    Subscription(EventQuery query, EventSink sink)
        : m_events(std::async(std::launch::async,
                              [query = std::move(query), sink = std::move(sink), cancel = m_cancel] {
                                  return engine().events(query, sink, cancel);
                              })) {}
    ~Subscription() {
        m_cancel.cancel();
        if (m_events.valid()) m_events.wait();
    }
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    // Waits up to 30 s for the sink to say Stop.
    EngineResult<void> finish() {
        if (m_events.wait_for(30s) != std::future_status::ready) m_cancel.cancel();
        return m_events.get();
    }
    std::future_status wait_for(std::chrono::milliseconds d) const { return m_events.wait_for(d); }
    void cancel() const { m_cancel.cancel(); }

private:
    CancelToken m_cancel;
    std::future<EngineResult<void>> m_events;
};

// True on success; on failure the daemon's message goes into the report.
template <typename T>
bool ok(const EngineResult<T>& result) {
    if (!result) UNSCOPED_INFO(result.error().message);
    return result.has_value();
}

} // namespace

TEST_CASE("ping and version negotiation") {
    REQUIRE(ok(engine().ping({})));
    const ServerInfo& server = engine().server();
    CHECK(engine().api_version() == std::min(k_client_api, server.api));
    CHECK(engine().api_version() >= k_oldest_api);
    CHECK_FALSE(server.version.empty());
    INFO("server " << server.version << " API " << server.api.to_string());
}

TEST_CASE("a labelled sandbox: network, volume, healthy container, events, logs, exec") {
    SweepGuard guard;
    const auto since = std::chrono::system_clock::now() - 1s;
    auto net = engine().create_network(NetworkSpec{name("net"), labels(), NetworkScope::Internal, "bridge"});
    REQUIRE(ok(net));
    auto volume = engine().create_volume(VolumeSpec{name("data"), labels(), "local"});
    REQUIRE(ok(volume));
    CHECK(*volume == name("data"));

    auto spec = busybox("svc", {"sh", "-c", "echo out; echo err >&2; sleep 30"});
    spec.healthcheck = HealthcheckSpec{{"CMD-SHELL", "true"}, 1s, 5s, 0s, 0s, 3};
    spec.networks = {{name("net"), {"svc", "service-alias"}}};
    spec.mounts = {
        MountSpec{MountType::Volume, name("data"), "/data", Access::ReadWrite, VolumeSeed::NoCopy}};

    std::optional<Event> healthy;
    Subscription events(EventQuery{since, run_filter(), {"container"}}, [&](const Event& e) {
        if (e.action != "health_status" || e.health_status != "healthy") return StreamControl::Continue;
        healthy = e;
        return StreamControl::Stop;
    });
    auto id = engine().create_container(spec);
    REQUIRE(ok(id));
    REQUIRE(ok(engine().start_container(*id)));
    REQUIRE(ok(events.finish()));
    REQUIRE(healthy);
    CHECK(healthy->id == *id);
    CHECK(healthy->attributes.at("name") == spec.name);
    CHECK(healthy->attributes.at(std::string(k_label)) == g_run);

    auto again = engine().start_container(*id);
    REQUIRE_FALSE(again);
    CHECK(again.error().kind == EngineErrorKind::NotModified);

    auto logs = engine().logs(*id, LogQuery{10});
    REQUIRE(ok(logs));
    CHECK(logs->out == "out\n");
    CHECK(logs->err == "err\n");

    auto hi = engine().exec(*id, ExecSpec{{"echo", "hi"}, {}, "", ""}, {});
    REQUIRE(ok(hi));
    CHECK(hi->exit_code == 0);
    CHECK(hi->out == "hi\n");
    auto failing = engine().exec(*id, ExecSpec{{"sh", "-c", "echo no >&2; exit 3"}, {}, "", ""}, {});
    REQUIRE(ok(failing));
    CHECK(failing->exit_code == 3);
    CHECK(failing->err == "no\n");

    auto info = engine().inspect_container(*id);
    REQUIRE(ok(info));
    CHECK(info->state.running);
    REQUIRE(info->state.health);
    CHECK(info->state.health->status == "healthy");
    CHECK(info->restart_count == 0);
    CHECK(info->labels.at(std::string(k_label)) == g_run);
    REQUIRE(info->healthcheck);
    CHECK(info->healthcheck->interval == 1s);
    CHECK(info->networks == std::vector<std::string>{name("net")});

    auto duplicate = engine().create_container(spec);
    REQUIRE_FALSE(duplicate);
    CHECK(duplicate.error().kind == EngineErrorKind::Conflict);

    auto busy = engine().remove_network(*net);
    REQUIRE_FALSE(busy);
    CHECK(busy.error().kind == EngineErrorKind::Forbidden);

    REQUIRE(ok(engine().remove_container(*id)));
    REQUIRE(ok(engine().remove_network(*net)));
    REQUIRE(ok(engine().remove_volume(*volume)));
    CHECK(engine().list_containers(run_filter())->empty());
    CHECK(engine().list_networks(run_filter())->empty());
    CHECK(engine().list_volumes(run_filter())->empty());
}

TEST_CASE("two networks, wait and the die event's exit code") {
    SweepGuard guard;
    const auto since = std::chrono::system_clock::now() - 1s;
    REQUIRE(ok(engine().create_network(NetworkSpec{name("a"), labels(), NetworkScope::Internal, "bridge"})));
    REQUIRE(ok(engine().create_network(NetworkSpec{name("b"), labels(), NetworkScope::Internal, "bridge"})));
    auto spec = busybox("exit5", {"sh", "-c", "exit 5"});
    spec.networks = {{name("a"), {"x"}}, {name("b"), {"y"}}};
    std::optional<int> exit_code;
    Subscription events(EventQuery{since, run_filter(), {"container"}}, [&](const Event& e) {
        // Other cases' containers may replay from before `since`.
        if (e.action != "die" || e.attributes.at("name") != spec.name) return StreamControl::Continue;
        exit_code = e.exit_code;
        return StreamControl::Stop;
    });
    auto created = engine().create_container(spec);
    REQUIRE(ok(created));
    auto info = engine().inspect_container(*created);
    REQUIRE(ok(info));
    auto networks = info->networks;
    std::sort(networks.begin(), networks.end());
    CHECK(networks == std::vector<std::string>{name("a"), name("b")});
    REQUIRE(ok(engine().start_container(*created)));
    auto waited = engine().wait_container(*created, WaitCondition::NotRunning, {});
    REQUIRE(ok(waited));
    CHECK(waited->status_code == 5);
    REQUIRE(ok(events.finish()));
    REQUIRE(exit_code);
    CHECK(*exit_code == 5);
}

TEST_CASE("typed errors: missing image, unreachable registry, volume reuse") {
    SweepGuard guard;
    auto spec = busybox("ghost", {"true"});
    spec.image = "rehearsa-test-missing/none:0";
    auto not_found = engine().create_container(spec);
    REQUIRE_FALSE(not_found);
    CHECK(not_found.error().kind == EngineErrorKind::NotFound);
    CHECK(not_found.error().message.find("rehearsa-test-missing/none:0") != std::string::npos);

    int progress_lines = 0;
    auto pulled = engine().pull_image("registry.invalid/rehearsa-test/nothing",
                                      [&](const PullProgress&) { ++progress_lines; }, {});
    REQUIRE_FALSE(pulled);
    INFO(pulled.error().message);
    CHECK((pulled.error().kind == EngineErrorKind::ServerError ||
           pulled.error().kind == EngineErrorKind::NotFound));
    CHECK(pulled.error().message.starts_with("pulling registry.invalid/rehearsa-test/nothing:latest: "));
    CHECK(pulled.error().message.find("docker login") != std::string::npos);
    CHECK(pulled.error().message.find('\n') == std::string::npos);

    Labels first = labels();
    first["io.rehearsa.test.owner"] = "first";
    REQUIRE(ok(engine().create_volume(VolumeSpec{name("shared"), first, "local"})));
    Labels second = labels();
    second["io.rehearsa.test.owner"] = "second";
    auto reused = engine().create_volume(VolumeSpec{name("shared"), second, "local"});
    REQUIRE_FALSE(reused);
    CHECK(reused.error().kind == EngineErrorKind::Conflict);
    CHECK(reused.error().message.find("io.rehearsa.test.owner=second (has \"first\")") != std::string::npos);
    auto same = engine().create_volume(VolumeSpec{name("shared"), first, "local"});
    CHECK(same); // the same labels: the volume is this run's own
}

TEST_CASE("image inspect of the fixture") {
    auto image = engine().inspect_image(std::string(k_image));
    REQUIRE(ok(image));
    CHECK(image->id.starts_with("sha256:"));
    CHECK(std::find(image->repo_tags.begin(), image->repo_tags.end(), k_image) != image->repo_tags.end());
    auto missing = engine().inspect_image("rehearsa-test-missing/none:0");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == EngineErrorKind::NotFound);
}

TEST_CASE("a blocked events stream ends within a second of its cancel") {
    const LabelFilter nothing = {fmt::format("{}={}-never", k_label, g_run)};
    Subscription events(EventQuery{std::nullopt, nothing, {}},
                        [](const Event&) { return StreamControl::Continue; });
    CHECK(events.wait_for(500ms) == std::future_status::timeout); // it is blocked
    const auto cancelled_at = std::chrono::steady_clock::now();
    events.cancel();
    REQUIRE(events.wait_for(1000ms) == std::future_status::ready);
    CHECK(std::chrono::steady_clock::now() - cancelled_at < 1s);
    auto result = events.finish();
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == EngineErrorKind::Cancelled);
}

TEST_CASE("an engine that is not there is Unreachable, in one line") {
    auto absent = DockerEngine::connect([](std::string_view var) -> std::optional<std::string> {
        if (var == "DOCKER_HOST") return "unix:///nonexistent.sock";
        return std::nullopt;
    });
    REQUIRE_FALSE(absent);
    CHECK(absent.error().kind == EngineErrorKind::Unreachable);
    CHECK(absent.error().message ==
          "cannot connect to the Docker Engine at unix:///nonexistent.sock (DOCKER_HOST): "
          "no such file (is the daemon running? set DOCKER_HOST or a context)");
}

int main(int argc, char** argv) {
    const char* ci = std::getenv("CI");
    auto connected = DockerEngine::connect(process_env());
    if (!connected) {
        const bool strict = ci && std::string_view(ci) == "true";
        fmt::print(stderr, "{}: {}\n", strict ? "FAIL (CI=true needs a daemon)" : "SKIP",
                   connected.error().message);
        return strict ? 1 : 77;
    }
    g_engine = std::move(*connected);
    if (!engine().inspect_image(std::string(k_image))) {
        const char* root = std::getenv("REHEARSA_SOURCE_ROOT");
        const std::string build = fmt::format("'{}/fixtures/images/build' busybox >&2", root ? root : ".");
        if (std::system(build.c_str()) != 0) {
            fmt::print(stderr, "cannot build the fixture image {}\n", k_image);
            return 1;
        }
    }
    const int result = Catch::Session().run(argc, argv);
    sweep();
    const bool clean =
        engine().list_containers(run_filter()).value_or(std::vector<ResourceSummary>{{}}).empty() &&
        engine().list_networks(run_filter()).value_or(std::vector<ResourceSummary>{{}}).empty() &&
        engine().list_volumes(run_filter()).value_or(std::vector<ResourceSummary>{{}}).empty();
    if (!clean) fmt::print(stderr, "resources labelled {}={} remain on the daemon\n", k_label, g_run);
    return clean ? result : 1;
}
