#include "reporter_helpers.hpp"

#include <array>
#include <catch2/catch_test_macros.hpp>
#include <regex>

using namespace rehearsa;

namespace {

std::string github(const reporters::Report& report) {
    return test::render("github", report);
}

int rank(const std::string& line) {
    if (line.starts_with("::error ")) return 2;
    if (line.starts_with("::warning ")) return 1;
    if (line.starts_with("::notice ")) return 0;
    return -1;
}

} // namespace

TEST_CASE("github annotations match their golden files") {
    for (std::string_view sample : {"empty", "mixed"})
        test::check_golden(fmt::format("github/{}.txt", sample), github(test::sample_report(sample)));
}

TEST_CASE("github annotations sit on the finding's line with the rule as title") {
    auto lines = test::lines_of(github(test::sample_report("mixed")));
    REQUIRE(lines.size() == 3); // the suppressed finding gets none
    CHECK(lines[0].starts_with(
        "::error file=deploy/compose.yml,line=6,col=9,endLine=6,"
        "title=rehearsa%3A host-bind-mount::db: bind mount '/srv/pg' holds data no backup "
        "covers%0AFix: Move the data"));
    CHECK(lines[1].starts_with("::warning file=deploy/compose.yml,line=13,col=12,endLine=13,"
                               "title=rehearsa%3A mutable-image-tag::web: "));
    CHECK(lines[2].starts_with("::notice file=deploy/compose.yml,line=3,col=3,endLine=3,"
                               "title=rehearsa%3A no-healthcheck::NULhere%0AFix: "));
}

TEST_CASE("github escapes message data and property values") {
    auto lines = test::lines_of(github(test::sample_report("mixed")));
    CHECK(lines[1].find(
              "::web: image 'nginx:latest' is mutable: 100%25 sure to drift, key: value, a,b%0Asecond "
              "line <&> \"q\" ü%0AFix:") != std::string::npos);

    reporters::Report report = test::sample_report("mixed");
    auto odd = std::make_shared<const std::string>(std::string(test::k_root) + "/a,b:c%d/compose.yml");
    report.findings[0].where = {odd, 1, 1};
    report.findings[0].message = "cr\rlf\n";
    std::string first = test::lines_of(github(report)).front();
    CHECK(first.starts_with("::error file=a%2Cb%3Ac%25d/compose.yml,line=1,"));
    CHECK(first.find("::db: cr%0Alf%0A%0AFix:") != std::string::npos); // a lone CR reads as a line break
    CHECK(first.find('\x1b') == std::string::npos);
}

TEST_CASE("github writes nothing without open findings") {
    CHECK(github(test::sample_report("empty")).empty());
    reporters::Report report = test::sample_report("mixed");
    for (results::Finding& finding : report.findings)
        finding.suppression = results::Suppression{results::SuppressionKind::External, "accepted", {}};
    CHECK(github(report).empty());
}

TEST_CASE(
    "github keeps to 10 annotations per type and 50 in all, most severe first, then says what is left") {
    constexpr std::size_t k_findings = 100;
    auto lines = test::lines_of(github(test::many_findings(k_findings)));
    REQUIRE_FALSE(lines.empty());
    std::array<std::size_t, 3> per_type{};
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        INFO(lines[i]);
        REQUIRE(rank(lines[i]) >= 0);
        ++per_type[static_cast<std::size_t>(rank(lines[i]))];
        if (i > 0) CHECK(rank(lines[i]) <= rank(lines[i - 1]));
    }
    const std::string& pointer = lines.back();
    CHECK(pointer.starts_with("::notice title=rehearsa%3A more findings::"));
    ++per_type[0];
    for (std::size_t n : per_type)
        CHECK(n <= 10);
    CHECK(lines.size() <= 50);
    std::size_t annotated = lines.size() - 1;
    CHECK(annotated == 29); // 10 errors, 10 warnings, 9 notes: one notice is kept for the pointer
    std::smatch match;
    REQUIRE(std::regex_search(pointer, match, std::regex(R"(::(\d+) more findings not annotated)")));
    CHECK(std::stoul(match[1]) + annotated == k_findings);
    CHECK(pointer.find("job summary") != std::string::npos);
}

TEST_CASE("github annotates every finding when they fit, without a pointer") {
    auto lines = test::lines_of(github(test::many_findings(30)));
    CHECK(lines.size() == 30);
    for (const std::string& line : lines)
        CHECK(line.find("more findings") == std::string::npos);
}
