#include "reporter_helpers.hpp"
#include "util/text.hpp"

#include <catch2/catch_test_macros.hpp>
#include <fmt/ranges.h>

using namespace rehearsa;
using reporters::Colour;
using reporters::ReporterConfig;

namespace {

std::string console(std::string_view sample, Colour colour) {
    return test::render("console", test::sample_report(sample), ReporterConfig{colour, {}});
}

// The line holding `needle`, or REQUIRE failure.
std::size_t line_with(const std::vector<std::string>& lines, std::string_view needle) {
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find(needle) != std::string::npos) return i;
    FAIL("no line holds " << needle);
    return 0;
}

} // namespace

TEST_CASE("console output matches its golden files") {
    for (std::string_view sample : {"empty", "mixed"}) {
        test::check_golden(fmt::format("console/{}.txt", sample), console(sample, Colour::Off));
        test::check_golden(fmt::format("console/{}.colour.txt", sample), console(sample, Colour::On));
    }
}

TEST_CASE("console output has no escape code without colour, and only safe text") {
    std::string text = console("mixed", Colour::Off);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\0') == std::string::npos);
    CHECK(util::is_valid_utf8(text));
    CHECK(text.find("holds data no backup covers") != std::string::npos); // the ANSI in it is gone
}

TEST_CASE("console colours severities red, yellow and blue when colour is on") {
    std::string text = console("mixed", Colour::On);
    CHECK(text.find("\x1b[31merror") != std::string::npos);
    CHECK(text.find("\x1b[33mwarning") != std::string::npos);
    CHECK(text.find("\x1b[34mnote") != std::string::npos);
    // The message's own escape codes never reach the terminal.
    CHECK(text.find("\x1b[31m no backup") == std::string::npos);
}

TEST_CASE("console groups findings by service, project-level ones under (project)") {
    auto lines = test::lines_of(console("mixed", Colour::Off));
    std::size_t db = line_with(lines, "db (postgres:16): 1 error");
    CHECK(lines[db + 1].starts_with("  deploy/compose.yml:6:9 "));
    CHECK(lines[db + 1].find("error    host-bind-mount") != std::string::npos);
    CHECK(lines[line_with(lines, "fix: Move the data")].starts_with("      fix: "));
    std::size_t project = line_with(lines, "(project): 1 note");
    CHECK(project > db);
    CHECK(lines[project + 1].find("no-healthcheck") != std::string::npos);
}

TEST_CASE("console indents a message's continuation lines under its finding") {
    auto lines = test::lines_of(console("mixed", Colour::Off));
    CHECK(lines[line_with(lines, "second line")].starts_with("      second line"));
}

TEST_CASE("console lists suppressed findings with their reason, and clean services") {
    auto lines = test::lines_of(console("mixed", Colour::Off));
    std::size_t header = line_with(lines, "Suppressed (1):");
    CHECK(lines[header + 1].find("warning  mutable-image-tag") != std::string::npos);
    CHECK(line_with(lines, "cache: pinned by the registry mirror") > header);
    CHECK(line_with(lines, "Clean: cache") < header);
    CHECK(console("mixed", Colour::Off).find("image 'redis' has no tag") == std::string::npos);
}

TEST_CASE("console ends with the summary and then the verdict") {
    for (std::string_view sample : {"empty", "mixed"}) {
        reporters::Report report = test::sample_report(sample);
        auto lines = test::lines_of(console(sample, Colour::Off));
        REQUIRE(lines.size() >= 2);
        CHECK(lines.back() == report.verdict);
        CHECK(
            lines[lines.size() - 2].starts_with(fmt::format("Summary: {} service", report.services.size())));
        CHECK(lines[lines.size() - 2].find(fmt::format("readiness {}/100", report.readiness)) !=
              std::string::npos);
    }
}

TEST_CASE("console lines fit an 80-column terminal") {
    reporters::Report report = test::sample_report("mixed");
    report.findings[0].message = "a long message that keeps going " + std::string(200, 'x') + " and " +
                                 fmt::format("{}", fmt::join(std::vector<std::string>(40, "word"), " "));
    for (Colour colour : {Colour::Off, Colour::On})
        for (const std::string& line : test::lines_of(test::render("console", report, {colour, {}}))) {
            INFO(line);
            if (util::strip_ansi(line) == report.verdict) continue; // one line by design, for grep
            bool unbreakable = line.find(std::string(200, 'x')) != std::string::npos;
            CHECK((util::utf8_length(util::strip_ansi(line)) <= 80 || unbreakable));
            CHECK_FALSE(line.ends_with(' '));
        }
}
