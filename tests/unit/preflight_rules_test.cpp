// Every rule has a docs page and a fixture pair, fires on its bad fixture and stays silent on its
// good one. The fixtures are ordinary compose projects: fixtures/lint/<id>/{bad,good}.yml, with
// whatever files beside them they need (.env, secrets, env files).
#include "compose/loader.hpp"
#include "preflight/analyze.hpp"
#include "preflight/outcome_rules.hpp"
#include "util/files.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <set>

using namespace rehearsa;

namespace {

std::string source_root() {
    const char* root = std::getenv("REHEARSA_SOURCE_ROOT");
    REQUIRE(root != nullptr);
    return root;
}

preflight::Analysis lint(const std::string& file) {
    compose::LoadOptions options;
    options.files = {file};
    options.leniency = compose::Leniency::Lint;
    options.environment = {{"HOME", "/root"}, {"PATH", "/usr/bin:/bin"}};
    auto project = compose::load_project(options);
    if (!project) FAIL(file << ": " << project.error().front().to_string());
    return preflight::analyze(*project);
}

std::size_t fired(const preflight::Analysis& analysis, std::string_view id) {
    std::size_t n = 0;
    for (const results::Finding& finding : analysis.findings)
        n += finding.rule->id == id && !finding.suppressed();
    return n;
}

} // namespace

TEST_CASE("every rule fires on its bad fixture and not on its good one", "[preflight][rules]") {
    for (const results::Rule* rule : preflight::all_rules()) {
        std::string dir = fmt::format("{}/fixtures/lint/{}", source_root(), rule->id);
        DYNAMIC_SECTION(rule->id) {
            REQUIRE(util::file_exists(dir + "/bad.yml"));
            REQUIRE(util::file_exists(dir + "/good.yml"));
            CHECK(fired(lint(dir + "/bad.yml"), rule->id) > 0);
            CHECK(fired(lint(dir + "/good.yml"), rule->id) == 0);
        }
    }
}

TEST_CASE("every rule is documented", "[preflight][rules]") {
    for (const results::Rule* rule : preflight::catalogue()) {
        DYNAMIC_SECTION(rule->id) {
            CHECK(util::file_exists(fmt::format("{}/docs/rules/{}.md", source_root(), rule->id)));
            CHECK_FALSE(rule->summary.empty());
            CHECK_FALSE(rule->rationale.empty());
            CHECK_FALSE(rule->fix.empty());
            // Suppressions name lint rules only: outcome rules cannot be suppressed.
            bool lint_rule = std::ranges::find(preflight::all_rules(), rule) != preflight::all_rules().end();
            CHECK(preflight::find_rule(rule->id) == (lint_rule ? rule : nullptr));
        }
    }
}

TEST_CASE("rule ids are unique kebab-case", "[preflight][rules]") {
    std::set<std::string_view> ids;
    for (const results::Rule* rule : preflight::catalogue()) {
        CHECK(ids.insert(rule->id).second);
        for (char c : rule->id)
            CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'));
    }
    CHECK(ids.size() >= 31); // 30 readiness rules, plus invalid-suppression
}
