#pragma once
// What static analysis, the sandbox and the contract report: findings of stable rules, each on the
// compose-file node that caused it. Plain data below every stage (docs/architecture.md): every
// reporter renders these; nothing here formats output.
#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::results {

// Ordered by weight: a higher value is more severe.
enum class Severity { Note, Warning, Error };

std::string_view to_string(Severity severity); // "note", "warning", "error"
std::optional<Severity> parse_severity(std::string_view text);

// A rule's fixed description. Rules live in a static table, so Finding points at them.
struct Rule {
    std::string_view id;        // stable, kebab-case: "mutable-image-tag"; docs/rules/<id>.md
    std::string_view name;      // UpperCamel for SARIF: "MutableImageTag"
    std::string_view category;  // data, determinism, configuration, boot-order, isolation, hygiene
    Severity severity;          // the default; a finding may state its own
    std::string_view summary;   // one sentence: what the rule detects
    std::string_view rationale; // why it breaks a restore
    std::string_view fix;       // how to fix it, in one or two sentences
};

// Where a suppression came from.
enum class SuppressionKind {
    InSource, // a `# rehearsa-ignore RULE reason` comment on the line
    External, // x-rehearsa: {ignore: [...]} in the compose model
};

struct Suppression {
    SuppressionKind kind = SuppressionKind::InSource;
    std::string reason;
    util::Location where; // the comment, or the ignore entry
};

struct Finding {
    const Rule* rule = nullptr;
    Severity severity = Severity::Warning;
    std::string service;   // empty for a project-level finding
    std::string yaml_path; // "services.db.volumes[0].source": the node, independent of lines
    std::string message;   // what is wrong here, naming the value; the rule's fix says how to fix it
    util::Location where;  // file:line:col of the node; for merged values, the file that won
    std::optional<Suppression> suppression;

    bool suppressed() const { return suppression.has_value(); }
    // SHA-256 of rule id, service and yaml path: stable when lines move (DESIGN.md, Findings).
    std::string fingerprint() const;
};

} // namespace rehearsa::results
