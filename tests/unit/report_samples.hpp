#pragma once
// Reports with fixed contents for the reporters' golden-file tests: built by hand, so the goldens
// change only when a reporter does, not when a rule does. Paths live under a fake source root.
// Golden files are tests/golden/<reporter>/<sample>.<ext>; REHEARSA_UPDATE_GOLDEN=1 rewrites them
// (review the diff before committing).
#include "reporters/report.hpp"
#include "util/files.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <memory>
#include <regex>
#include <string>

namespace rehearsa::test {

inline constexpr std::string_view k_root = "/src/shop";

inline const results::Rule k_rule_tag{
    "mutable-image-tag",
    "MutableImageTag",
    "determinism",
    results::Severity::Warning,
    "An image uses a mutable tag.",
    "A fresh host may pull a different image than the one backed up.",
    "Pin a version tag, or better a digest: image: postgres:16.2@sha256:..."};
inline const results::Rule k_rule_bind{
    "host-bind-mount",
    "HostBindMount",
    "data",
    results::Severity::Error,
    "Data lives on a host path.",
    "A host path is outside every volume backup; on a new host it is empty.",
    "Move the data to a named volume, or back the path up and declare it."};
inline const results::Rule k_rule_health{"no-healthcheck",
                                         "NoHealthcheck",
                                         "boot-order",
                                         results::Severity::Note,
                                         "A depended-on service has no healthcheck.",
                                         "Dependents start before it is ready.",
                                         "Add a healthcheck: test: [\"CMD\", \"pg_isready\"]"};
inline const results::Rule* const k_rules[] = {&k_rule_tag, &k_rule_bind, &k_rule_health};

inline util::Location at(const std::shared_ptr<const std::string>& file, int line, int column) {
    return util::Location{file, line, column};
}

// "empty": one service, no findings. "mixed": every severity, a suppressed finding, a project-level
// one, and messages with characters each format must escape: ANSI ESC, NUL, %, :, comma, newline,
// <&>, quotes and non-ASCII text.
inline reporters::Report sample_report(std::string_view which) {
    auto file = std::make_shared<const std::string>(std::string(k_root) + "/deploy/compose.yml");
    reporters::Report report;
    report.tool_version = "0.1.0";
    report.command = "lint";
    report.stack = "shop";
    report.source_root = std::string(k_root);
    report.project_dir = std::string(k_root) + "/deploy";
    report.files = {*file};
    report.rules = k_rules;
    report.started = std::chrono::system_clock::time_point(std::chrono::seconds(1764072000));
    report.duration = std::chrono::milliseconds(42);
    report.services = {{"db", at(file, 3, 3), "postgres:16"}};
    report.verdict = "PASS: readiness 100/100, 0 errors, 0 warnings, 0 notes";
    if (which == "empty") return report;
    report.services.push_back({"web", at(file, 12, 3), "nginx:latest"});
    report.services.push_back({"cache", at(file, 20, 3), "redis"});
    using results::Severity;
    report.findings = {
        {&k_rule_bind,
         Severity::Error,
         "db",
         "services.db.volumes[0].source",
         "bind mount '/srv/pg' holds data\x1b[31m no backup covers\x1b[0m",
         at(file, 6, 9),
         {}},
        {&k_rule_tag,
         Severity::Warning,
         "web",
         "services.web.image",
         "image 'nginx:latest' is mutable: 100% sure to drift, key: value, a,b\nsecond line <&> \"q\" ü",
         at(file, 13, 12),
         {}},
        {&k_rule_tag, Severity::Warning, "cache", "services.cache.image", "image 'redis' has no tag",
         at(file, 21, 12),
         results::Suppression{results::SuppressionKind::InSource, "pinned by the registry mirror",
                              at(file, 21, 20)}},
        {&k_rule_health,
         Severity::Note,
         "",
         "services.db.healthcheck",
         std::string("NUL\0here", 8),
         at(file, 3, 3),
         {}},
    };
    report.readiness = 79;
    report.exit_code = 1;
    report.verdict = "FAIL: readiness 79/100, 1 error, 1 warning, 1 note, 1 suppressed (--fail-on error)";
    return report;
}

// Dates and durations become <TIME> and <DURATION>, so goldens survive a change of clock.
inline std::string mask_times(std::string text) {
    static const std::regex k_timestamp(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?)");
    return std::regex_replace(text, k_timestamp, "<TIME>");
}

inline void check_golden(const std::string& relative, const std::string& actual) {
    const char* root = std::getenv("REHEARSA_SOURCE_ROOT");
    REQUIRE(root != nullptr);
    std::string path = std::string(root) + "/tests/golden/" + relative;
    std::string masked = mask_times(actual);
    if (const char* update = std::getenv("REHEARSA_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        REQUIRE(util::write_file_atomic(path, masked));
        return;
    }
    auto expected = util::read_file(path);
    INFO("golden file " << path << " (REHEARSA_UPDATE_GOLDEN=1 rewrites it)");
    REQUIRE(expected);
    CHECK(masked == *expected);
}

} // namespace rehearsa::test
