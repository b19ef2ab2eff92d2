#include "reporter_helpers.hpp"
#include "reporters/links.hpp"
#include "util/text.hpp"

#include <catch2/catch_test_macros.hpp>
#include <regex>

using namespace rehearsa;

namespace {

std::string markdown(const reporters::Report& report) {
    return test::render("markdown", report);
}

std::string markdown(std::string_view sample) {
    return markdown(test::sample_report(sample));
}

} // namespace

TEST_CASE("markdown output matches its golden files") {
    for (std::string_view sample : {"empty", "mixed"})
        test::check_golden(fmt::format("markdown/{}.md", sample), markdown(sample));
}

TEST_CASE("markdown puts the verdict first, with its mark and the readiness") {
    std::string fail = markdown("mixed");
    CHECK(fail.starts_with(
        "## ❌ FAIL: readiness 79/100, 1 error, 1 warning, 1 note, 1 suppressed (--fail-on error)\n"));
    CHECK(fail.find("readiness **79/100**") != std::string::npos);
    CHECK(markdown("empty").starts_with("## ✅ PASS: readiness 100/100"));
}

TEST_CASE("markdown has a table row per service with its counts and status") {
    std::string text = markdown("mixed");
    CHECK(text.find("| `db` | `postgres:16` | 1 | 0 | 0 | ❌ fail |") != std::string::npos);
    CHECK(text.find("| `web` | `nginx:latest` | 0 | 1 | 0 | ⚠️ warn |") != std::string::npos);
    CHECK(text.find("| `cache` | `redis` | 0 | 0 | 0 | ✅ pass |") != std::string::npos);
    CHECK(text.find("| \\(project\\) |") == std::string::npos);
    CHECK(text.find("| (project) |  | 0 | 0 | 1 | ✅ pass |") != std::string::npos);
}

TEST_CASE("markdown lists findings by severity with location, docs link and fix") {
    std::string text = markdown("mixed");
    std::size_t errors = text.find("### ❌ Errors (1)");
    std::size_t warnings = text.find("### ⚠️ Warnings (1)");
    std::size_t notes = text.find("### ℹ️ Notes (1)");
    REQUIRE(errors != std::string::npos);
    CHECK(errors < warnings);
    CHECK(warnings < notes);
    CHECK(text.find(fmt::format("[host-bind-mount]({})", reporters::rule_help_uri("host-bind-mount"))) >
          errors);
    CHECK(text.find("**Fix:** Move the data to a named volume") != std::string::npos);
    CHECK(text.find("- `deploy/compose.yml:6:9` in `db`: bind mount '/srv/pg' holds data no backup covers") !=
          std::string::npos);
}

TEST_CASE("markdown folds suppressed findings with their reasons into details") {
    std::string text = markdown("mixed");
    std::size_t open = text.find("<details>\n<summary>1 suppressed finding</summary>");
    REQUIRE(open != std::string::npos);
    std::size_t reason = text.find("Reason: pinned by the registry mirror");
    CHECK(reason > open);
    CHECK(reason < text.find("</details>"));
    CHECK(markdown("empty").find("<details>") == std::string::npos);
}

TEST_CASE("markdown escapes text from the stack") {
    reporters::Report report = test::sample_report("mixed");
    report.services[0].image = "evil|image";
    report.services[1].name = "we|b";
    report.findings[0].message = "pipe | <script>alert(1)</script> `tick` *star* [link](x) @someone &amp;";
    std::string text = markdown(report);
    CHECK(text.find("| `evil\\|image` |") != std::string::npos);
    CHECK(text.find("| `we\\|b` |") != std::string::npos);
    CHECK(text.find("pipe \\| &lt;script&gt;alert(1)&lt;/script&gt; \\`tick\\` \\*star\\* \\[link\\](x) "
                    "\\@someone &amp;amp;") != std::string::npos);
    CHECK(text.find("<script>") == std::string::npos);
    for (const std::string& line : test::lines_of(text)) // a message's newline cannot start a block
        CHECK_FALSE(line.starts_with("second line"));
    CHECK(text.find("\x1b") == std::string::npos);
    CHECK(util::is_valid_utf8(text));
}

TEST_CASE("markdown stays under 1 MiB and says how many findings it left out") {
    constexpr std::size_t k_findings = 100'000;
    reporters::Report report = test::many_findings(k_findings);
    std::string text = markdown(report);
    CHECK(text.size() < 1024 * 1024);
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex(R"(_(\d+) more findings? left out: )")));
    std::size_t shown = 0;
    for (const std::string& line : test::lines_of(text))
        shown += line.starts_with("- `");
    CHECK(shown > 1000);
    CHECK(shown + std::stoul(match[1]) == k_findings);
    CHECK(text.ends_with("list every finding._\n"));
}
