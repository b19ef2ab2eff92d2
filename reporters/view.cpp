#include "reporters/view.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace rehearsa::reporters {

using results::Finding;
using results::Severity;

std::size_t ServiceGroup::count(Severity severity) const {
    return static_cast<std::size_t>(std::ranges::count_if(
        findings, [&](const Finding* f) { return !f->suppressed() && f->severity == severity; }));
}

std::size_t ServiceGroup::suppressed_count() const {
    return static_cast<std::size_t>(
        std::ranges::count_if(findings, [](const Finding* f) { return f->suppressed(); }));
}

std::vector<ServiceGroup> group_by_service(const Report& report) {
    std::vector<ServiceGroup> groups;
    std::map<std::string, std::size_t, std::less<>> index; // a name's group; "" is the project's
    for (const ServiceSummary& service : report.services) {
        index.emplace(service.name, groups.size());
        groups.push_back({service.name, &service, {}});
    }
    FindingRefs project;
    for (const Finding& finding : report.findings) {
        if (finding.service.empty()) {
            project.push_back(&finding);
            continue;
        }
        auto [it, added] = index.emplace(finding.service, groups.size());
        if (added) groups.push_back({finding.service, nullptr, {}});
        groups[it->second].findings.push_back(&finding);
    }
    if (!project.empty()) groups.push_back({std::string(k_project_group), nullptr, std::move(project)});
    return groups;
}

std::vector<RuleGroup> group_by_rule(const FindingRefs& findings) {
    std::vector<RuleGroup> groups;
    std::map<const results::Rule*, std::size_t> index;
    for (const Finding* finding : findings) {
        auto [it, added] = index.emplace(finding->rule, groups.size());
        if (added) groups.push_back({finding->rule, {}});
        groups[it->second].findings.push_back(finding);
    }
    return groups;
}

namespace {

FindingRefs select(const Report& report, bool suppressed) {
    FindingRefs out;
    for (const Finding& finding : report.findings)
        if (finding.suppressed() == suppressed) out.push_back(&finding);
    std::ranges::stable_sort(out, std::greater<>{}, [](const Finding* f) { return f->severity; });
    return out;
}

} // namespace

FindingRefs open_findings(const Report& report) {
    return select(report, false);
}

FindingRefs suppressed_findings(const Report& report) {
    return select(report, true);
}

std::string location_text(const Report& report, const util::Location& where) {
    if (!where.known()) return "(no location)";
    std::string file = util::sanitize(report.relative(where.file_name()));
    if (where.line <= 0) return file;
    if (where.column <= 0) return fmt::format("{}:{}", file, where.line);
    return fmt::format("{}:{}:{}", file, where.line, where.column);
}

std::string_view rule_id(const Finding& finding) {
    return finding.rule ? finding.rule->id : std::string_view("unknown-rule");
}

std::string_view rule_fix(const Finding& finding) {
    return finding.rule ? finding.rule->fix : std::string_view{};
}

std::string_view service_label(const Finding& finding) {
    return finding.service.empty() ? k_project_group : std::string_view(finding.service);
}

std::string severity_counts(const Report& report) {
    std::string text = fmt::format("{}, {}, {}", plural(report.count(Severity::Error), "error"),
                                   plural(report.count(Severity::Warning), "warning"),
                                   plural(report.count(Severity::Note), "note"));
    if (std::size_t suppressed = report.suppressed_count())
        text += fmt::format(", {} suppressed", suppressed);
    return text;
}

std::string file_list(const Report& report) {
    std::string out;
    for (const std::string& file : report.files)
        out += (out.empty() ? "" : ", ") + util::sanitize(report.relative(file));
    return out;
}

} // namespace rehearsa::reporters
