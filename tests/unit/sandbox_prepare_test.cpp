// run() before and around the boot: images by pull policy, networks and volumes, volume copies,
// cancellation, and the cleanup that follows every run.
#include "fake_engine.hpp"
#include "sandbox/run.hpp"
#include "sandbox_support.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using namespace rehearsa::sandbox;
using namespace rehearsa::results;
using namespace std::chrono_literals;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;
using test::FakeEngine;
using test::Health;
using test::result_of;
using test::Script;
using test::StackBuilder;

namespace {

RunOptions quick(PullPolicy pull = PullPolicy::Missing) {
    RunOptions options;
    options.settle = 20ms;
    options.pull = pull;
    return options;
}

} // namespace

TEST_CASE("a missing image under --pull never fails its service, naming the image; nothing is pulled") {
    StackBuilder stack;
    stack.service("db", "postgres:16");
    stack.service("web");
    stack.depends("web", "db", plan::Condition::Started);
    FakeEngine engine;
    engine.add_image("busybox:1");

    RunResult result = run(stack.plan(), engine, quick(PullPolicy::Never));

    CHECK(result_of(result, "db").state == ServiceState::Failed);
    CHECK(result_of(result, "db").cause ==
          "db: image postgres:16 is not present and --pull never forbids pulling");
    CHECK(result_of(result, "web").cause == "web: blocked: db failed");
    CHECK_FALSE(engine.called("pull"));
    CHECK_FALSE(engine.called("create rehearsa-r1-db"));
}

TEST_CASE("a missing image is pulled under --pull missing; its id and digest are recorded") {
    StackBuilder stack;
    stack.service("db", "postgres:16");
    stack.service("web");
    FakeEngine engine;
    engine.add_image("busybox:1");
    std::vector<ProgressEvent> events;
    RunOptions options = quick();
    options.progress = [&](const ProgressEvent& e) { events.push_back(e); };

    RunResult result = run(stack.plan(), engine, options);

    CHECK(engine.called("pull postgres:16"));
    CHECK_FALSE(engine.called("pull busybox:1"));
    CHECK(result_of(result, "db").state == ServiceState::Running);
    CHECK(result_of(result, "db").image_id.starts_with("sha256:"));
    CHECK(result_of(result, "db").digest == "postgres@sha256:d111");
    CHECK(std::ranges::any_of(events, [](const ProgressEvent& e) {
        return e.phase == Phase::Pull && e.message == "pulling postgres:16";
    }));
}

TEST_CASE("--pull always pulls present images too") {
    StackBuilder stack;
    stack.service("web");
    FakeEngine engine;
    engine.add_image("busybox:1");

    run(stack.plan(), engine, quick(PullPolicy::Always));

    CHECK(engine.called("pull busybox:1"));
}

TEST_CASE("a failed pull fails the service with the daemon's message, naming the image") {
    StackBuilder stack;
    stack.service("web", "registry.invalid/app:2");
    FakeEngine engine;
    engine.pull_fails("registry.invalid/app:2", "manifest unknown");

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "web").state == ServiceState::Failed);
    CHECK(result_of(result, "web").cause == "web: pulling registry.invalid/app:2: manifest unknown");
}

TEST_CASE("networks and volumes are created with the plan's labels before any container") {
    StackBuilder stack;
    stack.service("db");
    const std::string volume = stack.volume("data", "db", "/var/lib/data");
    FakeEngine engine;
    engine.add_image("busybox:1");

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(engine.index_of("create network rehearsa-r1-default") < engine.index_of("create rehearsa-r1-db"));
    CHECK(engine.index_of("create volume " + volume) < engine.index_of("create rehearsa-r1-db"));
    CHECK(result.cleanup.networks == 1);
    CHECK(result.cleanup.volumes == 1);
    CHECK(result.cleanup.containers == 1);
}

TEST_CASE("a network that cannot be created is a run problem; nothing boots and the rest is cleaned up") {
    StackBuilder stack;
    stack.service("db");
    stack.volume("data", "db", "/data");
    FakeEngine engine;
    engine.add_image("busybox:1");
    // A live network of the same name, without rehearsa's labels: a conflict, and never removed.
    engine.add_network("rehearsa-r1-default", {});

    RunResult result = run(stack.plan(), engine, quick());

    REQUIRE(result.problem);
    CHECK_THAT(result.problem->message, ContainsSubstring("already exists"));
    CHECK(result_of(result, "db").state == ServiceState::Cancelled);
    CHECK_THAT(result_of(result, "db").cause, StartsWith("db: not started: "));
    CHECK_FALSE(engine.called("create rehearsa-r1-db"));
    CHECK(engine.network_names() == std::set<std::string>{"rehearsa-r1-default"});
    CHECK_FALSE(engine.called("remove network"));
}

TEST_CASE("a copy step fills a volume through a labelled, read-only helper, then the service boots") {
    StackBuilder stack;
    stack.service("web");
    const std::string volume = stack.volume("config", "web", "/etc/app");
    stack.plan().copies.push_back({"web", "busybox:1", "/srv/demo/config", volume});
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("web", {.health = Health::Healthy});

    RunResult result = run(stack.plan(), engine, quick());

    const long helper = engine.index_of("create rehearsa-r1-copy0-web");
    REQUIRE(helper >= 0);
    CHECK(helper < engine.index_of("create rehearsa-r1-web"));
    CHECK(engine.index_of("remove container rehearsa-r1-copy0-web") <
          engine.index_of("create rehearsa-r1-web"));
    // The helper's die event carries web's service label; it must not settle web.
    CHECK(result_of(result, "web").state == ServiceState::Healthy);
}

TEST_CASE("a failed copy fails its service") {
    StackBuilder stack;
    stack.service("web");
    const std::string volume = stack.volume("config", "web", "/etc/app");
    stack.plan().copies.push_back({"web", "busybox:1", "/srv/demo/config", volume});
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.copy_exit_code(1);

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "web").state == ServiceState::Failed);
    CHECK_THAT(result_of(result, "web").cause,
               StartsWith("web: copying /srv/demo/config into volume rehearsa-r1-config failed"));
    CHECK(engine.container_names().empty());
}

TEST_CASE("cancel mid-boot stops booting, marks unsettled services cancelled and removes everything") {
    StackBuilder stack;
    stack.service("db");
    stack.service("web");
    stack.depends("web", "db", plan::Condition::Healthy);
    stack.volume("data", "db", "/data");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Starting});
    RunOptions options = quick();
    // SIGINT once the run has seen db start, while it waits for db to become healthy.
    options.progress = [cancel = options.cancel](const ProgressEvent& e) {
        if (e.phase == Phase::Start && e.service == "db") cancel.cancel();
    };

    RunResult result = run(stack.plan(), engine, options);

    CHECK(result.cancelled);
    CHECK(result_of(result, "db").state == ServiceState::Cancelled);
    CHECK(result_of(result, "db").cause == "db: cancelled before it was ready");
    CHECK(result_of(result, "web").state == ServiceState::Cancelled);
    CHECK(result_of(result, "web").cause == "web: cancelled before it started");
    CHECK_FALSE(engine.called("start rehearsa-r1-web"));
    CHECK(engine.container_names().empty());
    CHECK(engine.network_names().empty());
    CHECK(engine.volume_names().empty());
    // web is created once db's start call returns, so whether the cancel came before its create
    // depends on timing; either way, every container created is removed, and counted.
    const auto calls = engine.calls();
    const auto created =
        std::ranges::count_if(calls, [](const std::string& c) { return c.starts_with("create rehearsa-"); });
    CHECK(created >= 1);
    CHECK(result.cleanup.containers == created);
    CHECK(result.cleanup.leftovers.empty());
}

TEST_CASE("a broken event stream is a run problem; unsettled services are cancelled and cleaned up") {
    StackBuilder stack;
    stack.service("db");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Starting}); // only events could make it ready
    engine.break_events("the Docker Engine went away");

    RunResult result = run(stack.plan(), engine, quick());

    REQUIRE(result.problem);
    CHECK(result.problem->message == "the Docker event stream ended: the Docker Engine went away");
    CHECK(result_of(result, "db").state == ServiceState::Cancelled);
    CHECK_THAT(result_of(result, "db").cause,
               StartsWith("db: stopped when the event stream ended before it"));
    CHECK_FALSE(result.cancelled);
    CHECK(engine.container_names().empty());
    CHECK(engine.network_names().empty());
}

TEST_CASE("a cancel before the boot still cleans up") {
    StackBuilder stack;
    stack.service("db");
    FakeEngine engine;
    engine.add_image("busybox:1");
    RunOptions options = quick();
    options.cancel.cancel();

    RunResult result = run(stack.plan(), engine, options);

    CHECK(result.cancelled);
    CHECK(result_of(result, "db").state == ServiceState::Cancelled);
    CHECK_FALSE(engine.called("create rehearsa-r1-db"));
    CHECK(engine.called("list containers"));
    CHECK(engine.network_names().empty());
}

TEST_CASE("cleanup after a run: containers, then networks, then volumes; unlabelled resources untouched") {
    StackBuilder stack;
    stack.service("db");
    stack.service("web");
    stack.volume("data", "db", "/data");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Healthy});
    engine.add_container("live-db-1", {{"com.docker.compose.project", "demo"}});
    engine.add_network("demo_default", {});
    engine.add_volume("demo_data", {{"io.rehearsa.run", "someone-else"}});

    RunResult result = run(stack.plan(), engine, quick());

    const long last_container = engine.last_index_of("remove container");
    const long first_network = engine.index_of("remove network");
    const long first_volume = engine.index_of("remove volume");
    REQUIRE(last_container >= 0);
    CHECK(last_container < first_network);
    CHECK(engine.last_index_of("remove network") < first_volume);
    CHECK(engine.container_names() == std::set<std::string>{"live-db-1"});
    CHECK(engine.network_names() == std::set<std::string>{"demo_default"});
    CHECK(engine.volume_names() == std::set<std::string>{"demo_data"});
    CHECK(result.cleanup.containers == 2);
    CHECK(result.cleanup.leftovers.empty());
}
