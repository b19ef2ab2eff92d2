#pragma once
// The one Report every reporter renders. Commands fill it; reporters only format it, so every
// format shows the same facts. Paths in a report are absolute; reporters show them relative to
// source_root (the repository root), which SARIF names %SRCROOT%.
#include "results/finding.hpp"
#include "results/run.hpp"
#include "util/error.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rehearsa::reporters {

struct ServiceSummary {
    std::string name;
    util::Location where; // the service's key in the compose file
    std::string image;    // empty when it has none
};

struct Thresholds {
    std::optional<int> fail_below;            // --fail-below
    std::optional<results::Severity> fail_on; // --fail-on
};

struct Report {
    std::string tool_version;       // "0.1.0"
    std::string command;            // "lint"
    std::string stack;              // the compose project name
    std::string source_root;        // absolute: the git work tree holding the stack, else the project dir
    std::string project_dir;        // absolute
    std::vector<std::string> files; // the compose files, absolute, in merge order
    std::vector<ServiceSummary> services;
    std::vector<results::Finding> findings;      // most severe first
    std::span<const results::Rule* const> rules; // every rule rehearsa knows
    int readiness = 100;
    Thresholds thresholds;
    std::optional<results::RunResult> run; // stack test: what each service did in the sandbox
    int exit_code = 0;
    std::string verdict; // one line, e.g. "FAIL: readiness 55/100 is below --fail-below 80"
    std::chrono::system_clock::time_point started;
    std::chrono::milliseconds duration{0};

    // `path` relative to source_root when it lies inside it, else unchanged.
    std::string relative(const std::string& path) const;
    // The findings of one service ("" for project-level ones), in report order.
    std::vector<const results::Finding*> findings_of(std::string_view service) const;
    std::size_t count(results::Severity severity) const; // unsuppressed findings
    std::size_t suppressed_count() const;
};

// The git work tree that holds `dir` (a parent with `.git`), else `dir` itself.
std::string find_source_root(const std::string& dir);

} // namespace rehearsa::reporters
