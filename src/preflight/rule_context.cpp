#include "preflight/rule_context.hpp"

#include <fmt/format.h>

namespace rehearsa::preflight {

RuleContext::RuleContext(const compose::Project& project, std::vector<results::Finding>& out)
    : m_project(project), m_out(out) {}

std::span<const compose::Entry> RuleContext::services() const {
    const compose::Node* services = m_project.model.find("services");
    if (!services || !services->is_mapping()) return {};
    return services->entries;
}

const compose::Node* RuleContext::section(std::string_view name) const {
    return m_project.model.find(name);
}

void RuleContext::report(const results::Rule& rule, std::string service, std::string yaml_path,
                         const util::Location& at, std::string message) {
    report(rule, rule.severity, std::move(service), std::move(yaml_path), at, std::move(message));
}

void RuleContext::report(const results::Rule& rule, results::Severity severity, std::string service,
                         std::string yaml_path, const util::Location& at, std::string message) {
    m_out.push_back(results::Finding{
        &rule, severity, std::move(service), std::move(yaml_path), std::move(message), at, {}});
}

} // namespace rehearsa::preflight
