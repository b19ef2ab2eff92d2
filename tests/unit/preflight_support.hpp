#pragma once
// Lints a compose text the way `rehearsa lint` does: written to compose.yaml in a directory of its
// own (suppression comments are read back from disk), loaded leniently, analyzed. Unlike
// ProjectDir::findings, the analysis keeps the suppressed findings.
#include "preflight_project.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::test {

class TempStack {
public:
    explicit TempStack(std::string_view compose) { write(compose); }

    void write(std::string_view compose) const { m_dir.write("compose.yaml", std::string(compose)); }
    std::string file() const { return m_dir.path("compose.yaml"); }
    preflight::Analysis lint() const { return preflight::analyze(m_dir.load()); }

private:
    ProjectDir m_dir;
};

inline std::vector<results::Finding> of_rule(const preflight::Analysis& analysis, std::string_view id) {
    std::vector<results::Finding> out;
    for (const results::Finding& finding : analysis.findings)
        if (finding.rule->id == id) out.push_back(finding);
    return out;
}

// "  NAME:\n    image: ...\n" followed by the rest of its definition, indented by four spaces.
inline std::string service_yaml(std::string_view name, std::string_view definition) {
    return "  " + std::string(name) + ":\n    image: ghcr.io/example/app:1.0.0\n" + std::string(definition);
}

// A project of that one service.
inline std::string stack_yaml(std::string_view name, std::string_view definition) {
    return "services:\n" + service_yaml(name, definition);
}

// The findings of one rule when the compose text is linted.
inline std::vector<results::Finding> lint_rule(std::string_view compose, std::string_view id) {
    return of_rule(TempStack(compose).lint(), id);
}

} // namespace rehearsa::test
