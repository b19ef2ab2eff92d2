// rehearsa's own JSON report: golden files, and its documented shape (docs/formats/report-json.md)
// checked on the parsed output. tests/reporters validates the goldens against the JSON Schema.
#include "report_samples.hpp"
#include "reporters_json_support.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace rehearsa;
using simdjson::dom::array;
using simdjson::dom::element;

TEST_CASE("json output matches the golden files", "[reporters][json]") {
    test::check_goldens("json", ".json");
}

TEST_CASE("the json report carries the run, with relative files", "[reporters][json]") {
    reporters::Report report = test::sample_report("mixed");
    report.thresholds = {80, results::Severity::Error};
    report.started += std::chrono::milliseconds(7);
    test::Parsed doc(test::render("json", report));
    CHECK(test::number(doc.root, "schema_version") == 1);
    CHECK(test::text(doc.root["tool"], "version") == "0.1.0");
    CHECK(test::text(doc.root, "stack") == "shop");
    CHECK(test::text(doc.root, "source_root") == "/src/shop");
    CHECK(doc.root["files"].at(0).get_string().value() == "deploy/compose.yml");
    CHECK(test::number(doc.root, "readiness") == 79);
    CHECK(test::number(doc.root, "exit_code") == 1);
    CHECK(test::number(doc.root["thresholds"], "fail_below") == 80);
    CHECK(test::text(doc.root["thresholds"], "fail_on") == "error");
    CHECK(test::text(doc.root, "started") == "2025-11-25T12:00:00.007Z");
    CHECK(test::number(doc.root, "duration_ms") == 42);
    CHECK(test::number(doc.root["counts"], "error") == 1);
    CHECK(test::number(doc.root["counts"], "suppressed") == 1);
}

TEST_CASE("unset thresholds are null", "[reporters][json]") {
    test::Parsed doc(test::render("json", test::sample_report("empty")));
    CHECK(doc.root["thresholds"]["fail_below"].is_null());
    CHECK(doc.root["thresholds"]["fail_on"].is_null());
}

TEST_CASE("services count their unsuppressed findings", "[reporters][json]") {
    reporters::Report report = test::sample_report("mixed");
    test::Parsed doc(test::render("json", report));
    array services = doc.root["services"].get_array();
    REQUIRE(services.size() == report.services.size());
    element db = services.at(0).value();
    CHECK(test::text(db, "name") == "db");
    CHECK(test::text(db, "file") == "deploy/compose.yml");
    CHECK(test::number(db, "line") == 3);
    CHECK(test::text(db, "image") == "postgres:16");
    CHECK(test::number(db, "findings") == 1);
    CHECK(test::number(services.at(2).value(), "findings") == 0); // cache: its one finding is suppressed
}

TEST_CASE("findings keep every fact, with null for what is unknown", "[reporters][json]") {
    reporters::Report report = test::sample_report("mixed");
    report.findings.front().where = {};
    test::Parsed doc(test::render("json", report));
    array findings = doc.root["findings"].get_array();
    REQUIRE(findings.size() == report.findings.size());
    std::size_t i = 0;
    for (element finding : findings) {
        const results::Finding& expected = report.findings[i++];
        CHECK(test::text(finding, "rule") == expected.rule->id);
        CHECK(test::text(finding, "severity") == results::to_string(expected.severity));
        CHECK(test::text(finding, "yaml_path") == expected.yaml_path);
        CHECK(test::text(finding, "message") == expected.message); // ANSI and NUL come back intact
        CHECK(test::text(finding, "fingerprint") == expected.fingerprint());
        CHECK(finding["suppressed"].is_null() == !expected.suppressed());
    }
    CHECK(findings.at(0)["file"].is_null());
    CHECK(findings.at(0)["line"].is_null());
    CHECK(findings.at(3)["service"].is_null()); // the project-level finding
    element suppressed = findings.at(2)["suppressed"].value();
    CHECK(test::text(suppressed, "kind") == "in-source");
    CHECK(test::text(suppressed, "reason") == "pinned by the registry mirror");
    CHECK(test::number(suppressed, "line") == 21);
}

TEST_CASE("the json report lists every rule with its documentation link", "[reporters][json]") {
    reporters::Report report = test::sample_report("empty");
    test::Parsed doc(test::render("json", report));
    array rules = doc.root["rules"].get_array();
    REQUIRE(rules.size() == report.rules.size());
    std::size_t i = 0;
    for (element rule : rules) {
        const results::Rule& expected = *report.rules[i++];
        CHECK(test::text(rule, "id") == expected.id);
        CHECK(test::text(rule, "category") == expected.category);
        CHECK(test::text(rule, "rationale") == expected.rationale);
        CHECK(test::text(rule, "fix") == expected.fix);
        CHECK(test::text(rule, "help_uri") == "https://github.com/rehearsa/rehearsa/blob/main/docs/rules/" +
                                                  std::string(expected.id) + ".md");
    }
}
