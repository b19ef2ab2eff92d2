// The SARIF reporter: golden files, and what GitHub code scanning relies on, checked on the
// parsed output: every rule described, ruleIndex consistent, relative URIs, suppressions, escaping,
// and partialFingerprints that survive lines moving.
#include "compose/loader.hpp"
#include "preflight/analyze.hpp"
#include "report_samples.hpp"
#include "reporters_json_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <set>

using namespace rehearsa;
using simdjson::dom::array;
using simdjson::dom::element;

namespace {

element run_of(const test::Parsed& doc) {
    array runs = doc.root["runs"].get_array();
    REQUIRE(runs.size() == 1);
    return runs.at(0).value();
}

element first_location(element result) {
    return result["locations"].at(0)["physicalLocation"].value();
}

// The report `rehearsa lint` would build for an in-memory compose file at /repo/stack/compose.yml.
reporters::Report lint_in_memory(const std::string& compose_text) {
    compose::Sources sources{{"/repo/stack/compose.yml", compose_text}};
    compose::LoadOptions options;
    options.files = {"compose.yml"};
    options.working_directory = "/repo/stack";
    options.environment = {{"HOME", "/root"}};
    options.sources = &sources;
    options.leniency = compose::Leniency::Lint;
    auto project = compose::load_project(options);
    if (!project) FAIL(project.error().front().to_string());
    reporters::Report report = test::sample_report("empty");
    report.source_root = "/repo";
    report.files = project->files;
    report.services.clear();
    report.rules = preflight::all_rules();
    report.findings = preflight::analyze(*project).findings;
    return report;
}

element result_of_rule(element run, std::string_view rule_id) {
    for (element result : run["results"].get_array())
        if (test::text(result, "ruleId") == rule_id) return result;
    FAIL("no result of rule " << rule_id);
    return run;
}

} // namespace

TEST_CASE("sarif output matches the golden files", "[reporters][sarif]") {
    test::check_goldens("sarif", ".sarif");
}

TEST_CASE("sarif describes every rule, not only those with results", "[reporters][sarif]") {
    reporters::Report report = test::sample_report("empty");
    test::Parsed doc(test::render("sarif", report));
    CHECK(test::text(doc.root, "version") == "2.1.0");
    element run = run_of(doc);
    array rules = run["tool"]["driver"]["rules"].get_array();
    REQUIRE(rules.size() == report.rules.size());
    std::size_t i = 0;
    for (element rule : rules) {
        const results::Rule& expected = *report.rules[i++];
        CHECK(test::text(rule, "id") == expected.id);
        CHECK(test::text(rule, "name") == expected.name);
        CHECK(test::text(rule["help"], "text").find(expected.fix) != std::string_view::npos);
        CHECK(test::text(rule, "helpUri").ends_with("/docs/rules/" + std::string(expected.id) + ".md"));
        CHECK(test::text(rule["defaultConfiguration"], "level") == results::to_string(expected.severity));
    }
    // upload-sarif rejects a run without a results array, even an empty one.
    array results;
    REQUIRE(run["results"].get_array().get(results) == simdjson::SUCCESS);
    CHECK(results.size() == 0);
}

TEST_CASE("sarif results point at their rule and at a path relative to %SRCROOT%", "[reporters][sarif]") {
    reporters::Report report = test::sample_report("mixed");
    test::Parsed doc(test::render("sarif", report));
    element run = run_of(doc);
    CHECK(test::text(run["originalUriBaseIds"]["%SRCROOT%"], "uri") == "file:///src/shop/");
    array rules = run["tool"]["driver"]["rules"].get_array();
    array results = run["results"].get_array();
    REQUIRE(results.size() == report.findings.size());
    std::set<std::string_view> fingerprints;
    for (element result : results) {
        std::int64_t index = test::number(result, "ruleIndex");
        REQUIRE(index >= 0);
        CHECK(test::text(rules.at(static_cast<std::size_t>(index)).value(), "id") ==
              test::text(result, "ruleId"));
        element artifact = first_location(result)["artifactLocation"];
        CHECK(test::text(artifact, "uri") == "deploy/compose.yml");
        CHECK(test::text(artifact, "uriBaseId") == "%SRCROOT%");
        CHECK(test::number(first_location(result)["region"], "startLine") >= 1);
        fingerprints.insert(test::text(result["partialFingerprints"], "rehearsaFingerprint/v1"));
    }
    CHECK(fingerprints.size() == report.findings.size());
}

TEST_CASE("a suppressed finding carries a SARIF suppression with its reason", "[reporters][sarif]") {
    test::Parsed doc(test::render("sarif", test::sample_report("mixed")));
    std::size_t suppressed = 0;
    for (element result : run_of(doc)["results"].get_array()) {
        array suppressions;
        if (result["suppressions"].get_array().get(suppressions) != simdjson::SUCCESS) continue;
        ++suppressed;
        element suppression = suppressions.at(0).value();
        CHECK(test::text(suppression, "kind") == "inSource");
        CHECK(test::text(suppression, "status") == "accepted");
        CHECK(test::text(suppression, "justification") == "pinned by the registry mirror");
        CHECK(test::text(result["properties"], "service") == "cache");
    }
    CHECK(suppressed == 1);
}

TEST_CASE("sarif messages keep ANSI escapes and NUL as JSON escapes", "[reporters][sarif]") {
    std::string json = test::render("sarif", test::sample_report("mixed"));
    CHECK(json.find("\\u001b[31m") != std::string::npos);
    CHECK(json.find("NUL\\u0000here") != std::string::npos);
    CHECK(json.find('\x1b') == std::string::npos);
    CHECK(json.find('\0') == std::string::npos);
    test::Parsed doc(json);
    array results = run_of(doc)["results"].get_array();
    std::string_view first = test::text(results.at(0)["message"].value(), "text");
    CHECK(
        first.starts_with("bind mount '/srv/pg' holds data\x1b[31m no backup covers\x1b[0m. Move the data"));
    CHECK(test::text(results.at(3)["message"].value(), "text").starts_with(std::string("NUL\0here.", 9)));
}

TEST_CASE("a finding without a location points at line 1 of the first compose file", "[reporters][sarif]") {
    reporters::Report report = test::sample_report("mixed");
    report.findings.back().where = {};
    test::Parsed doc(test::render("sarif", report));
    element location = first_location(run_of(doc)["results"].at(3).value());
    CHECK(test::text(location["artifactLocation"], "uri") == "deploy/compose.yml");
    CHECK(test::number(location["region"], "startLine") == 1);
    CHECK(location["region"]["startColumn"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("a file outside the source root becomes an absolute file URI", "[reporters][sarif]") {
    reporters::Report report = test::sample_report("mixed");
    report.findings.front().where.file = std::make_shared<const std::string>("/etc/my stack/compose.yml");
    test::Parsed doc(test::render("sarif", report));
    element artifact = first_location(run_of(doc)["results"].at(0).value())["artifactLocation"];
    CHECK(test::text(artifact, "uri") == "file:///etc/my%20stack/compose.yml");
    CHECK(artifact["uriBaseId"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("rule descriptions are cut to GitHub's 1024 characters, between characters", "[reporters][sarif]") {
    std::string rationale;
    for (int i = 0; i < 1500; ++i)
        rationale += "\xc3\xbc"; // ü: two bytes, so an odd byte budget would split one
    const results::Rule wordy{"wordy-rule",  "WordyRule", "hygiene",  results::Severity::Note,
                              "Says a lot.", rationale,   "Say less."};
    const results::Rule* const rules[] = {&wordy};
    reporters::Report report = test::sample_report("empty");
    report.rules = rules;
    test::Parsed doc(test::render("sarif", report));
    element rule = run_of(doc)["tool"]["driver"]["rules"].at(0).value();
    std::string_view full = test::text(rule["fullDescription"], "text");
    CHECK(full.size() <= 1024);
    CHECK(full.size() > 1000);
    CHECK(full.starts_with("Says a lot. \xc3\xbc"));
    CHECK(full.ends_with("\xc3\xbc..."));
    CHECK(full.find("\xef\xbf\xbd") == std::string_view::npos); // no half character replaced by U+FFFD
}

TEST_CASE("partialFingerprints survive lines inserted above the finding", "[reporters][sarif]") {
    const std::string compose = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n";
    test::Parsed before(test::render("sarif", lint_in_memory(compose)));
    test::Parsed after(test::render("sarif", lint_in_memory("# moved\nname: shop\n\n" + compose)));
    element old_result = result_of_rule(run_of(before), "privileged-container");
    element new_result = result_of_rule(run_of(after), "privileged-container");
    CHECK(test::text(first_location(new_result)["artifactLocation"], "uri") == "stack/compose.yml");
    CHECK(test::number(first_location(old_result)["region"], "startLine") == 4);
    CHECK(test::number(first_location(new_result)["region"], "startLine") == 7);
    CHECK(test::text(old_result["partialFingerprints"], "rehearsaFingerprint/v1") ==
          test::text(new_result["partialFingerprints"], "rehearsaFingerprint/v1"));
}
