// run(): boot order, concurrency, readiness from events, scores and causes, on a FakeEngine.
// Readiness is driven by the fake's scripted events, never by timing: settle windows are tiny
// and only the timeout tests wait (1 s, the smallest timeout a plan can carry).
#include "fake_engine.hpp"
#include "sandbox/run.hpp"
#include "sandbox_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using namespace rehearsa::sandbox;
using namespace rehearsa::results;
using namespace std::chrono_literals;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using test::FakeEngine;
using test::Health;
using test::result_of;
using test::Script;
using test::StackBuilder;

namespace {

RunOptions quick() {
    RunOptions options;
    options.settle = 20ms;
    return options;
}

} // namespace

TEST_CASE("a dependent starts only after its dependency is healthy") {
    StackBuilder stack;
    stack.service("db");
    stack.service("web");
    stack.depends("web", "db", plan::Condition::Healthy);
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Healthy});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(engine.index_of("event health_status db healthy") >= 0);
    CHECK(engine.index_of("start rehearsa-r1-web") > engine.index_of("event health_status db healthy"));
    // Only the start waits for the dependency (the fake's db is healthy as soon as it starts).
    CHECK(engine.called("create rehearsa-r1-web"));
    // Subscribed with a replay from before the first create, for this run's containers.
    auto query = engine.event_query();
    REQUIRE(query);
    REQUIRE(query->since);
    CHECK(*query->since < *engine.first_create());
    CHECK(query->labels == docker::LabelFilter{"io.rehearsa.run=r1"});
    CHECK(query->types == std::vector<std::string>{"container"});
    CHECK(result_of(result, "db").state == ServiceState::Healthy);
    CHECK(result_of(result, "db").score == 100);
    CHECK(result_of(result, "db").time_to_ready);
    CHECK(result_of(result, "web").state == ServiceState::Running);
    CHECK(result_of(result, "web").score == 85);
    CHECK(result.confidence == 92);
    CHECK_FALSE(result.problem);
    CHECK_FALSE(result.cancelled);
}

TEST_CASE("the services that depend on nothing are created and started first, alone") {
    StackBuilder stack;
    stack.service("db");
    stack.service("cache");
    stack.service("api");
    stack.depends("api", "db", plan::Condition::Healthy);
    stack.depends("api", "cache", plan::Condition::Started);
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Healthy});

    RunResult result = run(stack.plan(), engine, quick());

    // The roots' start calls do not compete with creating the rest, which happens while they boot.
    const long api_created = engine.index_of("create rehearsa-r1-api");
    REQUIRE(api_created >= 0);
    CHECK(engine.index_of("start rehearsa-r1-db") < api_created);
    CHECK(engine.index_of("start rehearsa-r1-cache") < api_created);
    CHECK(api_created < engine.index_of("start rehearsa-r1-api"));
    CHECK(result_of(result, "api").state == ServiceState::Running);
    CHECK(result.confidence == 90);
}

TEST_CASE("each container's state is read before it is killed, its output before it is removed") {
    StackBuilder stack;
    stack.service("db");
    stack.service("web");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Healthy});

    RunResult result = run(stack.plan(), engine, quick());

    for (const char* name : {"rehearsa-r1-db", "rehearsa-r1-web"}) {
        INFO(name);
        const long killed = engine.index_of(std::string("kill ") + name);
        REQUIRE(killed >= 0);
        CHECK(engine.last_index_of(std::string("inspect ") + name) < killed);
        CHECK(killed < engine.index_of(std::string("logs ") + name));
        CHECK(engine.index_of(std::string("logs ") + name) <
              engine.index_of(std::string("remove container ") + name));
    }
    // Killed by the run's cleanup, not by a fault: the verdicts stand.
    CHECK(result_of(result, "db").state == ServiceState::Healthy);
    CHECK(result_of(result, "web").state == ServiceState::Running);
    CHECK(result.cleanup.containers == 2);
    CHECK(result.cleanup.leftovers.empty());
}

TEST_CASE("independent services are created before either is ready") {
    StackBuilder stack;
    stack.service("a");
    stack.service("b");
    FakeEngine engine;
    engine.add_image("busybox:1");
    // Each becomes healthy only once the other has started: a sequential boot would time out.
    engine.script("a", {.health = Health::Healthy, .wait_for = {"b"}});
    engine.script("b", {.health = Health::Healthy, .wait_for = {"a"}});

    RunResult result = run(stack.plan(), engine, quick());

    const long first_ready = engine.index_of("event health_status");
    REQUIRE(first_ready >= 0);
    CHECK(engine.index_of("create rehearsa-r1-a") < first_ready);
    CHECK(engine.index_of("create rehearsa-r1-b") < first_ready);
    CHECK(result_of(result, "a").state == ServiceState::Healthy);
    CHECK(result_of(result, "b").state == ServiceState::Healthy);
    CHECK(result.confidence == 100);
}

TEST_CASE("a one-shot job that exits 0 completes with 100, and its dependent waits for it") {
    StackBuilder stack;
    stack.service("migrate").lifetime = plan::Lifetime::OneShot;
    stack.service("web");
    stack.depends("web", "migrate", plan::Condition::CompletedSuccessfully);
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("migrate", {.exit_code = 0});
    engine.script("web", {.health = Health::Healthy});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(engine.index_of("start rehearsa-r1-web") > engine.index_of("event die migrate"));
    CHECK(result_of(result, "migrate").state == ServiceState::Completed);
    CHECK(result_of(result, "migrate").score == 100);
    CHECK(result_of(result, "migrate").exit_code == 0);
    CHECK(result_of(result, "migrate").cause.empty());
    CHECK(result_of(result, "web").state == ServiceState::Healthy);
    CHECK(result.confidence == 100);
}

TEST_CASE("a crashing service scores 0, not 85, and its cause quotes its last log line") {
    StackBuilder stack;
    stack.service("db");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.exit_code = 1, .logs = "starting\nFATAL: data directory has wrong ownership\n\n"});

    RunResult result = run(stack.plan(), engine, quick());

    const ServiceResult& db = result_of(result, "db");
    CHECK(db.state == ServiceState::Exited);
    CHECK(db.score == 0);
    CHECK(db.exit_code == 1);
    CHECK_THAT(db.cause, StartsWith("db: exited 1 after "));
    CHECK_THAT(db.cause, EndsWith(" s: FATAL: data directory has wrong ownership"));
    CHECK_THAT(db.log_excerpt, ContainsSubstring("starting"));
    CHECK(result.confidence == 0);
}

TEST_CASE("a long-running service that exits 0 has exited; only a one-shot job completes") {
    StackBuilder stack;
    stack.service("api");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("api", {.exit_code = 0});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "api").state == ServiceState::Exited);
    CHECK(result_of(result, "api").score == 0);
}

TEST_CASE("an OOM kill is recorded and named in the cause") {
    StackBuilder stack;
    stack.service("cache");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("cache", {.exit_code = 137, .oom = true});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "cache").oom_killed);
    CHECK_THAT(result_of(result, "cache").cause, ContainsSubstring("exited 137"));
    CHECK_THAT(result_of(result, "cache").cause, ContainsSubstring("OOM-killed"));
}

TEST_CASE("an unhealthy service scores 40 and its cause quotes the health-check output") {
    StackBuilder stack;
    stack.service("web");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("web", {.health = Health::Unhealthy, .health_output = "curl: (7) Failed to connect\n"});

    RunResult result = run(stack.plan(), engine, quick());

    const ServiceResult& web = result_of(result, "web");
    CHECK(web.state == ServiceState::Unhealthy);
    CHECK(web.score == 40);
    CHECK(web.health_status == "unhealthy");
    REQUIRE(web.health_log.size() == 3);
    CHECK(web.health_log.back().exit_code == 1);
    CHECK(web.health_log.back().output == "curl: (7) Failed to connect");
    CHECK_THAT(web.cause, StartsWith("web: unhealthy after "));
    CHECK_THAT(web.cause, EndsWith(" s: curl: (7) Failed to connect"));
}

TEST_CASE("dependents of a failed dependency are blocked, with the reason") {
    StackBuilder stack;
    stack.service("db");
    stack.service("web");
    stack.service("worker");
    stack.depends("web", "db", plan::Condition::Healthy).depends("worker", "web", plan::Condition::Started);
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Unhealthy, .health_output = "pg_isready: no response"});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "web").state == ServiceState::Blocked);
    CHECK(result_of(result, "web").blocked_by == "db");
    CHECK(result_of(result, "web").cause == "web: blocked: db is unhealthy");
    CHECK(result_of(result, "worker").state == ServiceState::Blocked);
    CHECK(result_of(result, "worker").blocked_by == "web");
    CHECK(result_of(result, "worker").cause == "worker: blocked: web is blocked");
    CHECK_FALSE(engine.called("start rehearsa-r1-web"));
    CHECK_FALSE(engine.called("start rehearsa-r1-worker"));
    CHECK(result.confidence == 13); // (40 + 0 + 0) / 3
}

TEST_CASE("a dependent of a crashed one-shot job is blocked with its exit code") {
    StackBuilder stack;
    stack.service("migrate").lifetime = plan::Lifetime::OneShot;
    stack.service("web");
    stack.depends("web", "migrate", plan::Condition::CompletedSuccessfully);
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("migrate", {.exit_code = 2});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "migrate").state == ServiceState::Exited);
    CHECK(result_of(result, "web").cause == "web: blocked: migrate exited 2");
}

TEST_CASE("a service_healthy dependency without a healthcheck blocks its dependent") {
    StackBuilder stack;
    stack.service("db");
    stack.service("web");
    stack.depends("web", "db", plan::Condition::Healthy);
    FakeEngine engine;
    engine.add_image("busybox:1");

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "db").state == ServiceState::Running);
    CHECK(result_of(result, "web").cause == "web: blocked: db has no healthcheck");
}

TEST_CASE("an optional dependency (required: false) that fails does not stop its dependent") {
    StackBuilder stack;
    stack.service("cache");
    stack.service("web");
    stack.depends("web", "cache", plan::Condition::Healthy, false);
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("cache", {.exit_code = 1});
    std::vector<ProgressEvent> events;
    RunOptions options = quick();
    options.progress = [&](const ProgressEvent& e) { events.push_back(e); };

    RunResult result = run(stack.plan(), engine, options);

    CHECK(engine.called("create rehearsa-r1-web"));
    CHECK(result_of(result, "web").state == ServiceState::Running);
    CHECK(result_of(result, "cache").state == ServiceState::Exited);
    CHECK(std::ranges::any_of(events, [](const ProgressEvent& e) {
        return e.service == "web" && e.message.find("required: false") != std::string::npos;
    }));
}

TEST_CASE("the rest are created even when every service that depends on nothing failed to prepare") {
    StackBuilder stack;
    stack.service("cache", "missing:1");
    stack.service("web");
    stack.depends("web", "cache", plan::Condition::Started, false);
    FakeEngine engine;
    engine.add_image("busybox:1");
    RunOptions options = quick();
    options.pull = PullPolicy::Never;

    RunResult result = run(stack.plan(), engine, options);

    CHECK(result_of(result, "cache").state == ServiceState::Failed);
    CHECK(engine.called("start rehearsa-r1-web"));
    CHECK(result_of(result, "web").state == ServiceState::Running);
}

TEST_CASE("readiness that happened before the events could tell is caught by the inspect after start") {
    StackBuilder stack;
    stack.service("db");
    stack.service("job").lifetime = plan::Lifetime::OneShot;
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Healthy, .silent = true});
    engine.script("job", {.exit_code = 0, .silent = true});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "db").state == ServiceState::Healthy);
    CHECK(result_of(result, "job").state == ServiceState::Completed);
}

TEST_CASE("a service that is healthy and then dies has exited") {
    StackBuilder stack;
    stack.service("db");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Healthy, .exit_code = 3});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "db").state == ServiceState::Exited);
    CHECK(result_of(result, "db").exit_code == 3);
}

TEST_CASE("a restarted service does not count as running") {
    StackBuilder stack;
    stack.service("api");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("api", {.restart_count = 2});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "api").state == ServiceState::Exited);
    CHECK(result_of(result, "api").restart_count == 2);
    CHECK(result_of(result, "api").cause == "api: restarted 2 times");
}

TEST_CASE("a service never healthy by the stack's timeout is unhealthy; its dependent is blocked") {
    StackBuilder stack;
    stack.plan().timeout = 1s;
    stack.service("db");
    stack.service("web");
    stack.depends("web", "db", plan::Condition::Healthy);
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Starting});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "db").state == ServiceState::Unhealthy);
    CHECK(result_of(result, "db").cause == "db: not healthy after 1 s");
    CHECK(result_of(result, "db").health_status == "starting");
    CHECK(result_of(result, "web").state == ServiceState::Blocked);
    CHECK(result_of(result, "web").cause == "web: blocked: db is unhealthy");
    CHECK_FALSE(result.problem);
}

TEST_CASE("x-rehearsa timeout caps one service from its start") {
    StackBuilder stack;
    stack.service("slow").timeout = 1s;
    stack.service("fast");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("slow", {.health = Health::Starting});
    engine.script("fast", {.health = Health::Healthy});

    RunResult result = run(stack.plan(), engine, quick()); // the stack's timeout is 30 s

    CHECK(result_of(result, "slow").state == ServiceState::Unhealthy);
    CHECK(result_of(result, "slow").cause == "slow: not healthy after 1 s");
    CHECK(result_of(result, "fast").state == ServiceState::Healthy);
    CHECK(result.duration < 20s);
}

TEST_CASE("a create conflict or a failed start fails the service, with the daemon's message") {
    StackBuilder stack;
    stack.service("db");
    stack.service("web");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.create_conflict = true});
    engine.script("web", {.start_error = "driver failed programming external connectivity"});

    RunResult result = run(stack.plan(), engine, quick());

    CHECK(result_of(result, "db").state == ServiceState::Failed);
    CHECK_THAT(result_of(result, "db").cause, StartsWith("db: Conflict. The container name"));
    CHECK(result_of(result, "web").state == ServiceState::Failed);
    CHECK(result_of(result, "web").cause == "web: driver failed programming external connectivity");
    CHECK(engine.container_names().empty());
}

TEST_CASE("progress reports each step through the sink") {
    StackBuilder stack;
    stack.service("db");
    FakeEngine engine;
    engine.add_image("busybox:1");
    engine.script("db", {.health = Health::Healthy});
    std::vector<Phase> phases;
    RunOptions options = quick();
    options.progress = [&](const ProgressEvent& e) { phases.push_back(e.phase); };

    run(stack.plan(), engine, options);

    for (Phase phase :
         {Phase::Prepare, Phase::Create, Phase::Start, Phase::Ready, Phase::Settle, Phase::Cleanup})
        CHECK(std::ranges::find(phases, phase) != phases.end());
    CHECK(phases.front() == Phase::Prepare);
    CHECK(phases.back() == Phase::Done);
}
