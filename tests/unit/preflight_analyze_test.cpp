// The analysis as a whole: the readiness arithmetic, the order of findings, and fingerprints that
// survive line shifts but tell services apart.
#include "preflight_support.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <map>
#include <tuple>

using namespace rehearsa;

namespace {

results::Finding made(results::Severity severity, bool suppressed = false) {
    static const results::Rule rule{"made-up", "MadeUp", "hygiene", results::Severity::Note, "s", "r", "f"};
    results::Finding finding{&rule, severity, "web", "services.web", "message", {}, {}};
    if (suppressed) finding.suppression = results::Suppression{results::SuppressionKind::InSource, "why", {}};
    return finding;
}

// Findings of all three severities on several lines.
constexpr std::string_view k_stack = "services:\n"
                                     "  web:\n"
                                     "    image: ghcr.io/example/web:1.0.0\n"
                                     "    privileged: true\n"
                                     "    links: [db]\n"
                                     "    ports:\n"
                                     "      - \"8080:80\"\n"
                                     "    depends_on:\n"
                                     "      db:\n"
                                     "        condition: service_healthy\n"
                                     "  db:\n"
                                     "    image: postgres:16.2\n"
                                     "    privileged: true\n"
                                     "    container_name: db\n"
                                     "    ports:\n"
                                     "      - \"8080:8080\"\n";

// Fingerprint -> line, for the unsuppressed findings.
std::map<std::string, int> lines_by_fingerprint(const preflight::Analysis& analysis) {
    std::map<std::string, int> out;
    for (const results::Finding& finding : analysis.findings)
        out.emplace(finding.fingerprint(), finding.where.line);
    return out;
}

} // namespace

TEST_CASE("each unsuppressed finding costs its severity's penalty", "[preflight][analyze]") {
    CHECK(preflight::penalty(results::Severity::Error) == 15);
    CHECK(preflight::penalty(results::Severity::Warning) == 5);
    CHECK(preflight::penalty(results::Severity::Note) == 1);
    CHECK(preflight::readiness({}) == 100);
    std::vector<results::Finding> findings = {
        made(results::Severity::Error), made(results::Severity::Warning), made(results::Severity::Warning),
        made(results::Severity::Note),  made(results::Severity::Note),    made(results::Severity::Note)};
    CHECK(preflight::readiness(findings) == 100 - 15 - 2 * 5 - 3);
}

TEST_CASE("readiness never drops below 0", "[preflight][analyze]") {
    std::vector<results::Finding> findings(7, made(results::Severity::Error)); // 105 points
    CHECK(preflight::readiness(findings) == 0);
}

TEST_CASE("suppressed findings cost nothing", "[preflight][analyze]") {
    std::vector<results::Finding> findings = {made(results::Severity::Error, true),
                                              made(results::Severity::Warning),
                                              made(results::Severity::Note, true)};
    CHECK(preflight::readiness(findings) == 95);
}

TEST_CASE("the analysis scores its own findings", "[preflight][analyze]") {
    auto analysis = test::TempStack(k_stack).lint();
    REQUIRE_FALSE(analysis.findings.empty());
    int expected = 100;
    for (const results::Finding& finding : analysis.findings)
        expected -= finding.suppressed() ? 0 : preflight::penalty(finding.severity);
    CHECK(analysis.readiness == std::max(expected, 0));
}

TEST_CASE("findings come most severe first, then by file, line and column", "[preflight][analyze]") {
    auto analysis = test::TempStack(k_stack).lint();
    const auto& findings = analysis.findings;
    auto severities = [&](results::Severity s) {
        return std::ranges::count(findings, s, &results::Finding::severity);
    };
    // The stack must exercise both keys: several severities, and several findings of one severity.
    REQUIRE(severities(results::Severity::Error) >= 1);
    REQUIRE(severities(results::Severity::Warning) >= 2);
    REQUIRE(severities(results::Severity::Note) >= 1);
    for (std::size_t i = 1; i < findings.size(); ++i) {
        const results::Finding& a = findings[i - 1];
        const results::Finding& b = findings[i];
        INFO(a.where.to_string() << " " << a.rule->id << " then " << b.where.to_string() << " "
                                 << b.rule->id);
        CHECK(a.severity >= b.severity);
        if (a.severity == b.severity)
            CHECK(std::tuple(a.where.file_name(), a.where.line, a.where.column) <=
                  std::tuple(b.where.file_name(), b.where.line, b.where.column));
    }
}

TEST_CASE("fingerprints survive lines inserted above", "[preflight][analyze]") {
    test::TempStack stack_file(k_stack);
    auto before = lines_by_fingerprint(stack_file.lint());
    stack_file.write("# The shop's stack.\n\n# Owned by the platform team.\n" + std::string(k_stack));
    auto after = lines_by_fingerprint(stack_file.lint());
    REQUIRE(before.size() >= 5);
    REQUIRE(after.size() == before.size());
    for (const auto& [fingerprint, line] : before) {
        REQUIRE(after.contains(fingerprint));
        CHECK(after.at(fingerprint) == (line == 0 ? 0 : line + 3)); // the same finding, three lines lower
    }
}

TEST_CASE("the same rule on two services gives two fingerprints", "[preflight][analyze]") {
    auto findings = test::of_rule(test::TempStack(k_stack).lint(), "privileged-container");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].service != findings[1].service);
    CHECK(findings[0].fingerprint() != findings[1].fingerprint());
    CHECK(findings[0].fingerprint().size() == 64); // SHA-256, hex
}
