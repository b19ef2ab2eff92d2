// The GitLab Code Quality reporter: golden files, and what GitLab's parser relies on, checked on the
// parsed output: an array of complete entries, unique fingerprints, no suppressed findings.
#include "report_samples.hpp"
#include "reporters_json_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <set>

using namespace rehearsa;
using simdjson::dom::array;
using simdjson::dom::element;

namespace {

array entries_of(const test::Parsed& doc) {
    array entries;
    REQUIRE(doc.root.get_array().get(entries) == simdjson::SUCCESS);
    return entries;
}

} // namespace

TEST_CASE("codequality output matches the golden files", "[reporters][codequality]") {
    test::check_goldens("codequality", ".json");
}

TEST_CASE("a report without findings is an empty array", "[reporters][codequality]") {
    test::Parsed doc(test::render("codequality", test::sample_report("empty")));
    CHECK(entries_of(doc).size() == 0);
}

TEST_CASE("each unsuppressed finding is one complete entry; suppressed ones are left out",
          "[reporters][codequality]") {
    reporters::Report report = test::sample_report("mixed");
    test::Parsed doc(test::render("codequality", report));
    array entries = entries_of(doc);
    REQUIRE(entries.size() == report.findings.size() - report.suppressed_count());
    const std::set<std::string_view> severities = {"info", "minor", "major", "critical", "blocker"};
    std::size_t i = 0;
    for (const results::Finding& finding : report.findings) {
        if (finding.suppressed()) continue;
        element entry = entries.at(i++).value();
        CHECK(test::text(entry, "check_name") == finding.rule->id);
        CHECK(test::text(entry, "description") == finding.message);
        CHECK(severities.contains(test::text(entry, "severity")));
        CHECK(test::text(entry["location"], "path") == "deploy/compose.yml");
        CHECK(test::number(entry["location"]["lines"], "begin") == finding.where.line);
    }
}

TEST_CASE("severities map error to critical, warning to major and note to minor",
          "[reporters][codequality]") {
    test::Parsed doc(test::render("codequality", test::sample_report("mixed")));
    array entries = entries_of(doc);
    REQUIRE(entries.size() == 3);
    CHECK(test::text(entries.at(0).value(), "severity") == "critical");
    CHECK(test::text(entries.at(1).value(), "severity") == "major");
    CHECK(test::text(entries.at(2).value(), "severity") == "minor");
}

TEST_CASE("fingerprints stay unique when findings share rule, service and path", "[reporters][codequality]") {
    reporters::Report report = test::sample_report("mixed");
    report.findings.push_back(report.findings.front());
    report.findings.push_back(report.findings.front());
    test::Parsed doc(test::render("codequality", report));
    std::set<std::string_view> fingerprints;
    std::size_t n = 0;
    for (element entry : entries_of(doc)) {
        fingerprints.insert(test::text(entry, "fingerprint"));
        ++n;
    }
    CHECK(n == 5);
    CHECK(fingerprints.size() == n);
    // The first occurrence keeps the finding's own fingerprint, so it matches the other formats.
    CHECK(fingerprints.contains(report.findings.front().fingerprint()));
}

TEST_CASE("a finding without a location is put on line 1 of the first compose file",
          "[reporters][codequality]") {
    reporters::Report report = test::sample_report("mixed");
    report.findings.front().where = {};
    test::Parsed doc(test::render("codequality", report));
    element location = entries_of(doc).at(0)["location"].value();
    CHECK(test::text(location, "path") == "deploy/compose.yml");
    CHECK(test::number(location["lines"], "begin") == 1);
}
