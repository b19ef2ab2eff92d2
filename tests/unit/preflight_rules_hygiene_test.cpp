// The hygiene rules beyond their fixtures: which services need a restart policy, and where the
// findings point.
#include "preflight_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using Catch::Matchers::ContainsSubstring;

namespace {

std::size_t unrestarted(std::string_view name, std::string_view definition) {
    return test::lint_rule(test::stack_yaml(name, definition), "no-restart-policy").size();
}

} // namespace

TEST_CASE("no-restart-policy: which policies count", "[preflight][hygiene]") {
    CHECK(unrestarted("api", "") == 1);
    CHECK(unrestarted("api", "    restart: \"no\"\n") == 1);
    CHECK(unrestarted("api", "    deploy:\n      restart_policy:\n        condition: none\n") == 1);
    CHECK(unrestarted("api", "    restart: unless-stopped\n") == 0);
    CHECK(unrestarted("api", "    restart: on-failure:3\n") == 0);
    CHECK(unrestarted("api", "    deploy:\n      restart_policy:\n        condition: on-failure\n") == 0);
}

TEST_CASE("no-restart-policy spares one-shot jobs", "[preflight][hygiene]") {
    CHECK(unrestarted("db-seed", "    restart: \"no\"\n") == 0);
    CHECK(unrestarted("worker", "    x-rehearsa: {one_shot: true}\n") == 0);
    CHECK(unrestarted("migrate", "    x-rehearsa: {one_shot: false}\n") == 1);
    // Waited on for completion: a job, whatever its name.
    std::string adopted = test::stack_yaml("prepare", "") +
                          "  web:\n    image: ghcr.io/example/web:1.0.0\n"
                          "    restart: always\n    depends_on:\n      prepare:\n"
                          "        condition: service_completed_successfully\n";
    CHECK(test::lint_rule(adopted, "no-restart-policy").empty());
}

TEST_CASE("no-restart-policy points at restart: no, else at the service", "[preflight][hygiene]") {
    auto written = test::lint_rule(test::stack_yaml("api", "    restart: \"no\"\n"), "no-restart-policy");
    REQUIRE(written.size() == 1);
    CHECK(written[0].yaml_path == "services.api.restart");
    CHECK(written[0].where.line == 4);
    CHECK(written[0].where.column == 14);
    auto absent = test::lint_rule(test::stack_yaml("api", ""), "no-restart-policy");
    REQUIRE(absent.size() == 1);
    CHECK(absent[0].yaml_path == "services.api");
    CHECK(absent[0].where.line == 2);
}

TEST_CASE("links is reported once per service, on the key", "[preflight][hygiene]") {
    std::string text =
        test::stack_yaml("web", "    restart: always\n    links:\n      - db\n      - cache:redis\n") +
        "  db:\n    image: postgres:16.2\n  cache:\n    image: redis:7.2\n";
    auto findings = test::lint_rule(text, "links");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].yaml_path == "services.web.links");
    CHECK(findings[0].where.line == 5);
    CHECK_THAT(findings[0].message, ContainsSubstring("db, cache:redis"));
}
