#include "preflight/analyze.hpp"

#include "preflight/rules.hpp"
#include "preflight/suppress.hpp"

#include <algorithm>
#include <tuple>

namespace rehearsa::preflight {

namespace {

bool before(const results::Finding& a, const results::Finding& b) {
    auto key = [](const results::Finding& f) {
        return std::tuple(-static_cast<int>(f.severity), f.where.file_name(), f.where.line, f.where.column,
                          f.rule->id, f.yaml_path);
    };
    return key(a) < key(b);
}

std::vector<const results::Rule*> collect_rules() {
    std::vector<const results::Rule*> rules;
    for (const RuleCheck& check : rule_checks())
        rules.push_back(&check.rule);
    rules.push_back(&invalid_suppression_rule());
    return rules;
}

} // namespace

std::span<const RuleCheck> rule_checks() {
    static const std::vector<RuleCheck> checks = [] {
        std::vector<RuleCheck> all;
        for (auto category : {data_rules, determinism_rules, configuration_rules, boot_order_rules,
                              isolation_rules, hygiene_rules})
            for (const RuleCheck& check : category())
                all.push_back(check);
        return all;
    }();
    return checks;
}

std::span<const results::Rule* const> all_rules() {
    static const std::vector<const results::Rule*> rules = collect_rules();
    return rules;
}

const results::Rule* find_rule(std::string_view id) {
    for (const results::Rule* rule : all_rules())
        if (rule->id == id) return rule;
    return nullptr;
}

int penalty(results::Severity severity) {
    switch (severity) {
    case results::Severity::Error:
        return 15;
    case results::Severity::Warning:
        return 5;
    case results::Severity::Note:
        return 1;
    }
    return 0;
}

int readiness(std::span<const results::Finding> findings) {
    int score = 100;
    for (const results::Finding& finding : findings)
        if (!finding.suppressed()) score -= penalty(finding.severity);
    return std::max(score, 0);
}

Analysis analyze(const compose::Project& project) {
    Analysis analysis;
    RuleContext context(project, analysis.findings);
    for (const RuleCheck& check : rule_checks())
        check.check(context);
    apply_suppressions(project, analysis.findings);
    std::ranges::stable_sort(analysis.findings, before);
    analysis.readiness = readiness(analysis.findings);
    return analysis;
}

} // namespace rehearsa::preflight
