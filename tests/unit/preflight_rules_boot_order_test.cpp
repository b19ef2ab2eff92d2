// The boot-order rules beyond their fixtures: where each finding points, which rule owns which
// dependency, and the one-shot heuristic.
#include "preflight_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using Catch::Matchers::ContainsSubstring;
using results::Severity;

namespace {

// `web` depends on `db` with `condition`; `db_extra` goes into db's definition.
std::string waits_for_db(std::string_view condition, std::string_view db_extra = "") {
    return "services:\n"
           "  web:\n"
           "    image: ghcr.io/example/web:1.0.0\n"
           "    depends_on:\n"
           "      db:\n"
           "        condition: " +
           std::string(condition) +
           "\n"
           "  db:\n"
           "    image: postgres:16.2\n" +
           std::string(db_extra);
}

constexpr std::string_view k_disabled = "    healthcheck:\n      disable: true\n";

} // namespace

TEST_CASE("healthy-dependency-without-healthcheck points at the condition", "[preflight][boot-order]") {
    auto findings =
        test::lint_rule(waits_for_db("service_healthy"), "healthy-dependency-without-healthcheck");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::Error);
    CHECK(findings[0].service == "web");
    CHECK(findings[0].yaml_path == "services.web.depends_on.db.condition");
    CHECK(findings[0].where.line == 6);
    CHECK(findings[0].where.column == 20);
    CHECK_THAT(findings[0].message, ContainsSubstring("'db' has no healthcheck"));
}

TEST_CASE("healthy-dependency-without-healthcheck: disabled checks fire, inherited ones do not",
          "[preflight][boot-order]") {
    CHECK(
        test::lint_rule(waits_for_db("service_healthy", k_disabled), "healthy-dependency-without-healthcheck")
            .size() == 1);
    CHECK(test::lint_rule(waits_for_db("service_healthy", "    healthcheck:\n      interval: 10s\n"),
                          "healthy-dependency-without-healthcheck")
              .empty());
}

TEST_CASE("dependency-without-healthcheck names the dependents that race", "[preflight][boot-order]") {
    auto findings =
        test::lint_rule(waits_for_db("service_started") +
                            "  worker:\n    image: ghcr.io/example/worker:1.0.0\n    depends_on: [db]\n",
                        "dependency-without-healthcheck");
    REQUIRE(findings.size() == 1); // one finding per dependency, not per dependent
    CHECK(findings[0].service == "db");
    CHECK(findings[0].yaml_path == "services.db");
    CHECK(findings[0].where.line == 7);
    CHECK_THAT(findings[0].message, ContainsSubstring("'web', 'worker' depend on it"));
}

TEST_CASE("dependency-without-healthcheck leaves other rules' pairs alone", "[preflight][boot-order]") {
    SECTION("service_healthy belongs to healthy-dependency-without-healthcheck") {
        CHECK(test::lint_rule(waits_for_db("service_healthy"), "dependency-without-healthcheck").empty());
    }
    SECTION("service_completed_successfully needs no healthcheck") {
        CHECK(
            test::lint_rule(waits_for_db("service_completed_successfully"), "dependency-without-healthcheck")
                .empty());
    }
    SECTION("a disabled healthcheck belongs to healthcheck-disabled") {
        CHECK(test::lint_rule(waits_for_db("service_started", k_disabled), "dependency-without-healthcheck")
                  .empty());
    }
}

TEST_CASE("unadopted-one-shot recognises jobs by name, command and image", "[preflight][boot-order]") {
    CHECK(test::lint_rule(test::stack_yaml("db-migrate", ""), "unadopted-one-shot").size() == 1);
    CHECK(test::lint_rule(test::stack_yaml("app", "    command: bundle exec rake db:migrate\n"),
                          "unadopted-one-shot")
              .size() == 1);
    CHECK(
        test::lint_rule(test::stack_yaml("app", "    entrypoint: [\"/app/seed.sh\"]\n"), "unadopted-one-shot")
            .size() == 1);
    CHECK(test::lint_rule("services:\n  schema:\n    image: flyway/flyway:10.8\n", "unadopted-one-shot")
              .size() == 1);
    CHECK(test::lint_rule(test::stack_yaml("worker", "    x-rehearsa: {one_shot: true}\n"),
                          "unadopted-one-shot")
              .size() == 1);
}

TEST_CASE("unadopted-one-shot leaves servers alone", "[preflight][boot-order]") {
    CHECK(test::lint_rule(test::stack_yaml("migrate", "    restart: unless-stopped\n"), "unadopted-one-shot")
              .empty());
    CHECK(test::lint_rule(test::stack_yaml("migrate", "    x-rehearsa: {one_shot: false}\n"),
                          "unadopted-one-shot")
              .empty());
    CHECK(test::lint_rule(test::stack_yaml("app", "    command: [\"mysqld\", \"--init-file=/x.sql\"]\n"),
                          "unadopted-one-shot")
              .empty());
    CHECK(test::lint_rule(test::stack_yaml("initial-api", ""), "unadopted-one-shot").empty());
    CHECK(test::lint_rule(
              test::stack_yaml("app", "    deploy:\n      restart_policy: {}\n    command: migrate\n"),
              "unadopted-one-shot")
              .empty());
}

TEST_CASE("unadopted-one-shot is silent once a dependent waits for completion", "[preflight][boot-order]") {
    std::string stack = test::stack_yaml("migrate", "    restart: \"no\"\n") +
                        "  web:\n    image: ghcr.io/example/web:1.0.0\n    depends_on:\n      migrate:\n"
                        "        condition: ";
    auto started = test::lint_rule(stack + "service_started\n", "unadopted-one-shot");
    REQUIRE(started.size() == 1);
    CHECK(started[0].yaml_path == "services.migrate");
    CHECK_THAT(started[0].message, ContainsSubstring("'web' only until it starts"));
    CHECK(test::lint_rule(stack + "service_completed_successfully\n", "unadopted-one-shot").empty());
}

TEST_CASE("depends-on-disabled-service: an error when required, a note when optional",
          "[preflight][boot-order]") {
    std::string stack = "services:\n"
                        "  web:\n"
                        "    image: ghcr.io/example/web:1.0.0\n"
                        "    depends_on:\n"
                        "      mailer:\n"
                        "        condition: service_started\n"
                        "        required: ";
    std::string mailer = "  mailer:\n    image: ghcr.io/example/mailer:1.0.0\n    profiles: [mail]\n";
    auto required = test::lint_rule(stack + "true\n" + mailer, "depends-on-disabled-service");
    REQUIRE(required.size() == 1);
    CHECK(required[0].severity == Severity::Error);
    CHECK(required[0].service == "web");
    CHECK(required[0].yaml_path == "services.web.depends_on.mailer");
    CHECK(required[0].where.line == 5);
    auto optional = test::lint_rule(stack + "false\n" + mailer, "depends-on-disabled-service");
    REQUIRE(optional.size() == 1);
    CHECK(optional[0].severity == Severity::Note);
    CHECK(optional[0].where.line == 5);
}

TEST_CASE("healthcheck-disabled points at what disables it, and spares jobs", "[preflight][boot-order]") {
    auto by_disable = test::lint_rule(test::stack_yaml("api", k_disabled), "healthcheck-disabled");
    REQUIRE(by_disable.size() == 1);
    CHECK(by_disable[0].yaml_path == "services.api.healthcheck.disable");
    CHECK(by_disable[0].where.line == 5);
    auto by_test = test::lint_rule(test::stack_yaml("api", "    healthcheck:\n      test: [\"NONE\"]\n"),
                                   "healthcheck-disabled");
    REQUIRE(by_test.size() == 1);
    CHECK(by_test[0].yaml_path == "services.api.healthcheck.test");
    CHECK(test::lint_rule(test::stack_yaml("seed", k_disabled), "healthcheck-disabled").empty());
}

TEST_CASE("slow-first-healthcheck follows Docker's schedule for the first check", "[preflight][boot-order]") {
    auto check = [](std::string_view healthcheck) {
        return test::lint_rule(
            test::stack_yaml("api",
                             "    restart: always\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n" +
                                 std::string(healthcheck)),
            "slow-first-healthcheck");
    };
    auto slow = check("      interval: 1m30s\n");
    REQUIRE(slow.size() == 1);
    CHECK(slow[0].severity == Severity::Note);
    CHECK(slow[0].yaml_path == "services.api.healthcheck.interval");
    CHECK(slow[0].where.line == 7);
    CHECK_THAT(slow[0].message, ContainsSubstring("1m30s"));
    CHECK(check("      interval: 30s\n").empty());
    CHECK(check("      interval: 5m\n      start_period: 1m\n").empty()); // start_interval defaults to 5s
    auto slow_start = check("      interval: 5m\n      start_period: 2m\n      start_interval: 45s\n");
    REQUIRE(slow_start.size() == 1);
    CHECK(slow_start[0].yaml_path == "services.api.healthcheck.start_interval");
}

TEST_CASE("slow-first-healthcheck is a warning when a dependent waits for health",
          "[preflight][boot-order]") {
    auto findings = test::lint_rule(
        waits_for_db("service_healthy",
                     "    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      interval: 2m\n"),
        "slow-first-healthcheck");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::Warning);
}
