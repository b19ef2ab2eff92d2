#pragma once
// What the reporters for people (console, junit, markdown, github) derive from a Report in the
// same way: findings grouped by service or by rule, counts, and printable, sanitised labels.
#include "reporters/report.hpp"
#include "util/text.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::reporters {

// The group of project-level findings; compose service names cannot contain parentheses.
inline constexpr std::string_view k_project_group = "(project)";

inline constexpr std::array<results::Severity, 3> k_most_severe_first = {
    results::Severity::Error, results::Severity::Warning, results::Severity::Note};

// A per-severity table's entry: tables are indexed note, warning, error (results::Severity).
template <typename Table>
auto& for_severity(Table& table, results::Severity severity) {
    return table[static_cast<std::size_t>(severity)];
}

using FindingRefs = std::vector<const results::Finding*>;

struct ServiceGroup {
    std::string name;                        // the service, or k_project_group
    const ServiceSummary* service = nullptr; // null for the project group (or an unknown service)
    FindingRefs findings;                    // in report order, suppressed ones included

    std::size_t count(results::Severity severity) const; // unsuppressed
    std::size_t suppressed_count() const;
    // A service fails on an unsuppressed error, whatever --fail-on says: the case is the service.
    bool fails() const { return count(results::Severity::Error) > 0; }
};

// Every service of report.services in order (with or without findings), then services that only
// findings name, then the project group when there are project-level findings.
std::vector<ServiceGroup> group_by_service(const Report& report);

struct RuleGroup {
    const results::Rule* rule = nullptr;
    FindingRefs findings;
};
// Consecutive runs are not required: findings of one rule gather at its first appearance.
std::vector<RuleGroup> group_by_rule(const FindingRefs& findings);

// The unsuppressed (or suppressed) findings, most severe first; report order within a severity.
FindingRefs open_findings(const Report& report);
FindingRefs suppressed_findings(const Report& report);

// "deploy/compose.yml:6:9" relative to the source root, sanitised; "(no location)" when unknown.
std::string location_text(const Report& report, const util::Location& where);
std::string_view rule_id(const results::Finding& finding);  // "unknown-rule" without a rule
std::string_view rule_fix(const results::Finding& finding); // "" without a rule
// The service, or k_project_group for a project-level finding.
std::string_view service_label(const results::Finding& finding);

using util::plural;
// "1 error, 0 warnings, 2 notes", plus ", N suppressed" when any are.
std::string severity_counts(const Report& report);
// The compose files, relative and comma-separated.
std::string file_list(const Report& report);

} // namespace rehearsa::reporters
