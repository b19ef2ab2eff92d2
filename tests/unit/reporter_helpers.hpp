#pragma once
// Shared by the reporters' unit tests: rendering through the registry, as the CLI does, and large
// synthetic reports for the size and count limits.
#include "report_samples.hpp"
#include "reporters/reporter.hpp"

#include <fmt/format.h>
#include <sstream>
#include <vector>

namespace rehearsa::test {

inline std::string render(std::string_view format, const reporters::Report& report,
                          reporters::ReporterConfig config = {}) {
    const reporters::ReporterFactory* factory = reporters::find_reporter(format);
    REQUIRE(factory != nullptr);
    std::ostringstream out;
    factory->make(config)->write(report, out);
    return out.str();
}

// `count` unsuppressed findings over 50 services. The severities cycle note, warning, error, so
// the list is deliberately NOT most severe first; messages carry characters formats must escape.
inline reporters::Report many_findings(std::size_t count) {
    reporters::Report report = sample_report("empty");
    auto file = std::make_shared<const std::string>(std::string(k_root) + "/deploy/compose.yml");
    report.services.clear();
    for (int i = 0; i < 50; ++i)
        report.services.push_back({fmt::format("svc{}", i), at(file, 10 * i + 1, 3), "img:latest"});
    const results::Rule* rules[] = {&k_rule_health, &k_rule_tag, &k_rule_bind}; // by Severity
    for (std::size_t i = 0; i < count; ++i) {
        auto severity = static_cast<results::Severity>(i % 3);
        report.findings.push_back({rules[i % 3],
                                   severity,
                                   fmt::format("svc{}", i % 50),
                                   fmt::format("services.svc{}.x[{}]", i % 50, i),
                                   fmt::format("finding {} | with <html> & `code` and 100% of it", i),
                                   at(file, static_cast<int>(i % 500) + 1, 5),
                                   {}});
    }
    report.readiness = 0;
    report.exit_code = 1;
    report.verdict = "FAIL: readiness 0/100";
    return report;
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

inline std::size_t occurrences(const std::string& text, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

} // namespace rehearsa::test
