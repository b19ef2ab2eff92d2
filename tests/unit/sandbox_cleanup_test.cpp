// remove_run and sweep: by label only, in dependency order, never a live run's resources.
#include "fake_engine.hpp"
#include "plan/identity.hpp"
#include "sandbox/cleanup.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using namespace rehearsa::sandbox;
using namespace rehearsa::results;
using Catch::Matchers::ContainsSubstring;
using test::FakeEngine;

namespace {

docker::Labels run_labels(const std::string& run, const std::string& owner) {
    return {{plan::k_label_run, run}, {plan::k_label_stack, "demo"}, {plan::k_label_owner, owner}};
}

// A resource set as a run leaves it: a container that uses a network and a volume.
void add_run(FakeEngine& engine, const std::string& run, const std::string& owner) {
    docker::Labels labels = run_labels(run, owner);
    engine.add_network("rehearsa-" + run + "-default", labels);
    engine.add_volume("rehearsa-" + run + "-data", labels);
    engine.add_container("rehearsa-" + run + "-db", labels);
}

// An owner on this host whose process cannot exist: pids stop well below 2^30 (pid_max is at most 2^22).
std::string dead_owner() {
    plan::Owner owner = plan::current_identity().owner;
    owner.pid = 1L << 30;
    return owner.to_label();
}

std::string live_owner() {
    return plan::current_identity().owner.to_label();
}

} // namespace

TEST_CASE("remove_run removes containers, then networks, then volumes, by the run's label only") {
    FakeEngine engine;
    add_run(engine, "r1", "h:1:1");
    add_run(engine, "r2", "h:1:1");
    engine.add_container("live-web", {});
    engine.add_volume("live-data", {{"com.docker.compose.project", "demo"}});

    CleanupReport report = remove_run(engine, "r1");

    CHECK(report.containers == 1);
    CHECK(report.networks == 1);
    CHECK(report.volumes == 1);
    CHECK(report.leftovers.empty());
    CHECK(engine.index_of("remove container") < engine.index_of("remove network"));
    CHECK(engine.index_of("remove network") < engine.index_of("remove volume"));
    CHECK(engine.container_names() == std::set<std::string>{"live-web", "rehearsa-r2-db"});
    CHECK(engine.network_names() == std::set<std::string>{"rehearsa-r2-default"});
    CHECK(engine.volume_names() == std::set<std::string>{"live-data", "rehearsa-r2-data"});
}

TEST_CASE("what cannot be removed is listed with the reason, and a foreign container is never removed") {
    FakeEngine engine;
    add_run(engine, "r1", "h:1:1");
    // Something outside rehearsa joined the sandbox network and mounted its volume.
    engine.add_container("intruder", {}, {{docker::MountType::Volume, "rehearsa-r1-data", "/data"}},
                         {{"rehearsa-r1-default", {}}});

    CleanupReport report = remove_run(engine, "r1");

    CHECK(report.containers == 1);
    CHECK(report.networks == 0);
    CHECK(report.volumes == 0);
    REQUIRE(report.leftovers.size() == 2);
    CHECK_THAT(report.leftovers[0], ContainsSubstring("network rehearsa-r1-default: "));
    CHECK_THAT(report.leftovers[0], ContainsSubstring("active endpoints"));
    CHECK_THAT(report.leftovers[1], ContainsSubstring("volume rehearsa-r1-data: "));
    CHECK_THAT(report.leftovers[1], ContainsSubstring("in use"));
    CHECK(engine.container_names() == std::set<std::string>{"intruder"});
}

TEST_CASE("remove_run with no run id removes nothing") {
    FakeEngine engine;
    engine.add_container("unlabelled", {{plan::k_label_run, ""}});

    CleanupReport report = remove_run(engine, "");

    CHECK(report.containers == 0);
    CHECK_FALSE(engine.called("remove"));
}

TEST_CASE("sweep removes runs whose owner is dead, and only those") {
    FakeEngine engine;
    add_run(engine, "dead1", dead_owner());
    add_run(engine, "alive1", live_owner());
    add_run(engine, "elsewhere", "other-host:1:1"); // another host's processes cannot be checked
    engine.add_volume("rehearsa-broken-data",
                      {{plan::k_label_run, "broken"}, {plan::k_label_owner, "garbage"}});
    engine.add_container("live-db", {});

    SweepReport report = sweep(engine);

    CHECK(report.runs_removed == std::vector<std::string>{"dead1"});
    CHECK(report.runs_alive == std::vector<std::string>{"alive1", "elsewhere"});
    CHECK(report.removed.containers == 1);
    CHECK(report.removed.networks == 1);
    CHECK(report.removed.volumes == 1);
    CHECK(engine.container_names() ==
          std::set<std::string>{"live-db", "rehearsa-alive1-db", "rehearsa-elsewhere-db"});
    CHECK(engine.volume_names().contains("rehearsa-broken-data"));
    REQUIRE(report.left_alone.size() == 2);
    CHECK_THAT(report.left_alone[0], ContainsSubstring("rehearsa-broken-data"));
    CHECK_THAT(report.left_alone[1], ContainsSubstring("run broken"));
}

TEST_CASE("a run with one resource of unreadable owner is left alone entirely") {
    FakeEngine engine;
    add_run(engine, "dead2", dead_owner());
    engine.add_volume("rehearsa-dead2-extra", {{plan::k_label_run, "dead2"}});

    SweepReport report = sweep(engine);

    CHECK(report.runs_removed.empty());
    CHECK(engine.volume_names().size() == 2);
    CHECK_FALSE(engine.called("remove"));
}

TEST_CASE("a dry-run sweep reports what it would remove and removes nothing") {
    FakeEngine engine;
    add_run(engine, "dead3", dead_owner());
    add_run(engine, "alive3", live_owner());

    SweepReport report = sweep(engine, SweepMode::DryRun);

    CHECK(report.runs_removed == std::vector<std::string>{"dead3"});
    CHECK(report.runs_alive == std::vector<std::string>{"alive3"});
    CHECK(report.removed.containers == 1);
    CHECK(report.removed.networks == 1);
    CHECK(report.removed.volumes == 1);
    CHECK_FALSE(engine.called("remove"));
    CHECK(engine.container_names().size() == 2);
}
