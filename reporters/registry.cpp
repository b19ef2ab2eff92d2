// The explicit registry of reporters: the one place that names them.
#include "reporters/codequality.hpp"
#include "reporters/console.hpp"
#include "reporters/github.hpp"
#include "reporters/json.hpp"
#include "reporters/junit.hpp"
#include "reporters/markdown.hpp"
#include "reporters/reporter.hpp"
#include "reporters/sarif.hpp"

#include <array>

namespace rehearsa::reporters {

namespace {

const std::array<ReporterFactory, 7> k_reporters = {{
    {"console", "human output, grouped by service; coloured on a terminal unless NO_COLOR is set", ".txt",
     make_console_reporter},
    {"junit", "JUnit XML: a test case per service, a failure per rule and service", ".xml",
     make_junit_reporter},
    {"sarif", "SARIF 2.1.0 for GitHub code scanning: a result per finding, on its compose line", ".sarif",
     make_sarif_reporter},
    {"markdown", "a summary for people: verdict, a table per service, findings with fixes", ".md",
     make_markdown_reporter},
    {"json", "rehearsa's own versioned machine format, everything the others show", ".json",
     make_json_reporter},
    {"github", "GitHub Actions annotations, most severe first, within GitHub's limits", ".txt",
     make_github_reporter},
    {"codequality", "GitLab Code Quality JSON", ".json", make_codequality_reporter},
}};

} // namespace

std::span<const ReporterFactory> reporter_registry() {
    return k_reporters;
}

const ReporterFactory* find_reporter(std::string_view name) {
    for (const ReporterFactory& factory : k_reporters)
        if (factory.name == name) return &factory;
    return nullptr;
}

} // namespace rehearsa::reporters
