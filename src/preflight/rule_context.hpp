#pragma once
// What a rule sees and how it reports: the loaded project, plus an emit call that fills in the
// rule, the severity and the location. Rules are plain functions over this context.
#include "compose/loader.hpp"
#include "results/finding.hpp"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace rehearsa::preflight {

class RuleContext {
public:
    RuleContext(const compose::Project& project, std::vector<results::Finding>& out);

    const compose::Project& project() const { return m_project; }
    // The services in model order, each with its name and mapping node.
    std::span<const compose::Entry> services() const;
    // The top-level section ("volumes", "secrets", ...), or nullptr.
    const compose::Node* section(std::string_view name) const;

    // Reports a finding at `at` with the rule's default severity.
    void report(const results::Rule& rule, std::string service, std::string yaml_path,
                const util::Location& at, std::string message);
    void report(const results::Rule& rule, results::Severity severity, std::string service,
                std::string yaml_path, const util::Location& at, std::string message);

private:
    const compose::Project& m_project;
    std::vector<results::Finding>& m_out;
};

using CheckFunction = void (*)(RuleContext& context);

// A rule and the function that checks it.
struct RuleCheck {
    const results::Rule& rule;
    CheckFunction check;
};

} // namespace rehearsa::preflight
