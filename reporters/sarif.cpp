// SARIF 2.1.0 for GitHub code scanning: one run, every rule rehearsa knows in tool.driver.rules
// (GitHub shows the rule's help on each alert), a result per finding on its compose line relative
// to %SRCROOT%, fingerprinted by rule + service + YAML path so alerts survive line shifts.
// docs/formats/ci-reports.md explains each field; ../shared/schemas/CI-CONVENTIONS.md says why.
#include "reporters/sarif.hpp"

#include "reporters/json_common.hpp"
#include "reporters/links.hpp"
#include "reporters/view.hpp"

#include <fmt/format.h>
#include <map>

namespace rehearsa::reporters {

namespace {

using results::Finding;
using results::Rule;
using results::Severity;

constexpr std::string_view k_schema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view k_source_root = "%SRCROOT%";
constexpr std::string_view k_fingerprint = "rehearsaFingerprint/v1";
constexpr std::size_t k_max_description = 1024; // GitHub's limit for short and full descriptions

using RuleIndex = std::map<std::string_view, std::size_t>;

// GitHub's name for a non-security rule's severity.
constexpr SeverityNames k_problem_severities = {"recommendation", "warning", "error"};

// An error-level rule checks a plain fact of the model (data on a host path); lower levels include
// judgement calls (a mutable tag may be deliberate), so they claim one step less.
std::string_view precision(const Rule& rule) {
    return rule.severity == Severity::Error ? "very-high" : "high";
}

void write_text(JsonWriter& w, std::string_view key, std::string_view text) {
    w.key(key);
    JsonObject o(w);
    w.field("text", truncate_utf8(text, k_max_description));
}

void write_help(JsonWriter& w, const Rule& rule) {
    const std::string uri = rule_help_uri(rule.id);
    w.key("help");
    JsonObject o(w);
    w.field("text", fmt::format("{}\n\nSee {}", rule.fix, uri));
    w.field("markdown", fmt::format("{}\n\nSee [{}]({}) for why this breaks a restore and how to fix it.",
                                    rule.fix, rule.id, uri));
}

void write_rule_properties(JsonWriter& w, const Rule& rule) {
    w.key("properties");
    JsonObject o(w);
    w.key("tags");
    {
        JsonArray tags(w);
        w.value(rule.category);
        w.value("restore-readiness");
    }
    w.field("precision", precision(rule));
    w.field("problem.severity", name_in(k_problem_severities, rule.severity));
}

void write_rule(JsonWriter& w, const Rule& rule) {
    JsonObject o(w);
    w.field("id", rule.id);
    w.field("name", rule.name);
    write_text(w, "shortDescription", rule.summary);
    write_text(w, "fullDescription", fmt::format("{} {}", rule.summary, rule.rationale));
    write_help(w, rule);
    w.field("helpUri", rule_help_uri(rule.id));
    w.key("defaultConfiguration");
    {
        JsonObject configuration(w);
        w.field("level", results::to_string(rule.severity));
    }
    write_rule_properties(w, rule);
}

void write_driver(JsonWriter& w, const Report& report) {
    w.key("driver");
    JsonObject o(w);
    w.field("name", "rehearsa");
    w.field("semanticVersion", report.tool_version);
    w.field("informationUri", k_project_uri);
    w.key("rules");
    JsonArray rules(w);
    for (const Rule* rule : report.rules)
        write_rule(w, *rule);
}

// A path inside source_root is relative to %SRCROOT%; any other stays an absolute file URI.
void write_artifact(JsonWriter& w, std::string_view path) {
    w.key("artifactLocation");
    JsonObject o(w);
    if (path.starts_with('/')) {
        w.field("uri", "file://" + uri_path(path));
        return;
    }
    w.field("uri", uri_path(path));
    w.field("uriBaseId", k_source_root);
}

void write_location(JsonWriter& w, const Place& place) {
    JsonObject o(w);
    w.key("physicalLocation");
    JsonObject physical(w);
    write_artifact(w, place.path);
    w.key("region");
    JsonObject region(w);
    w.field("startLine", place.line);
    if (place.column > 0) w.field("startColumn", place.column);
}

void write_suppression(JsonWriter& w, const Report& report, const results::Suppression& suppression) {
    w.key("suppressions");
    JsonArray a(w);
    JsonObject o(w);
    w.field("kind", suppression.kind == results::SuppressionKind::InSource ? "inSource" : "external");
    w.field("status", "accepted");
    w.field("justification", suppression.reason);
    if (auto place = place_of(report, suppression.where)) {
        w.key("location");
        write_location(w, *place);
    }
}

void write_result_properties(JsonWriter& w, const Finding& finding) {
    w.key("properties");
    JsonObject o(w);
    if (!finding.service.empty()) w.field("service", finding.service);
    w.field("yamlPath", finding.yaml_path);
}

void write_result(JsonWriter& w, const Report& report, const Finding& finding, const RuleIndex& index) {
    JsonObject o(w);
    w.field("ruleId", rule_id(finding));
    if (auto it = index.find(rule_id(finding)); it != index.end()) w.field("ruleIndex", it->second);
    w.field("level", results::to_string(finding.severity));
    write_text(w, "message", message_with_fix(finding));
    w.key("locations");
    {
        JsonArray locations(w);
        write_location(w, display_place(report, finding));
    }
    w.key("partialFingerprints");
    {
        JsonObject fingerprints(w);
        w.field(k_fingerprint, finding.fingerprint());
    }
    if (finding.suppression) write_suppression(w, report, *finding.suppression);
    write_result_properties(w, finding);
}

void write_results(JsonWriter& w, const Report& report) {
    RuleIndex index;
    for (std::size_t i = 0; i < report.rules.size(); ++i)
        index.emplace(report.rules[i]->id, i);
    w.key("results"); // always present: upload-sarif rejects a run without it
    JsonArray results(w);
    for (const Finding& finding : report.findings)
        write_result(w, report, finding, index);
}

void write_invocation(JsonWriter& w, const Report& report) {
    w.key("invocations");
    JsonArray a(w);
    JsonObject o(w);
    // The analysis ran to the end; a failing verdict is a result, not a failed execution.
    w.field("executionSuccessful", true);
    w.field("exitCode", report.exit_code);
    w.field("startTimeUtc", rfc3339_utc(report.started));
    w.field("endTimeUtc", rfc3339_utc(report.started + report.duration));
}

void write_base_ids(JsonWriter& w, const Report& report) {
    if (report.source_root.empty()) return;
    std::string uri = "file://" + uri_path(report.source_root);
    if (!uri.ends_with('/')) uri += '/'; // a base URI must end with a slash to resolve against
    w.key("originalUriBaseIds");
    JsonObject o(w);
    w.key(k_source_root);
    JsonObject root(w);
    w.field("uri", uri);
}

void write_run_properties(JsonWriter& w, const Report& report) {
    w.key("properties");
    JsonObject o(w);
    w.field("stack", report.stack);
    w.field("readiness", report.readiness);
    w.field("verdict", report.verdict);
}

void write_run(JsonWriter& w, const Report& report) {
    JsonObject o(w);
    w.key("tool");
    {
        JsonObject tool(w);
        write_driver(w, report);
    }
    write_invocation(w, report);
    write_base_ids(w, report);
    w.key("automationDetails");
    {
        JsonObject automation(w);
        w.field("id", fmt::format("rehearsa/{}/{}/", report.command, report.stack));
    }
    w.field("columnKind", "utf16CodeUnits");
    write_results(w, report);
    write_run_properties(w, report);
}

class SarifReporter final : public Reporter {
public:
    void write(const Report& report, std::ostream& out) override {
        write_json_document(out, [&](JsonWriter& w) {
            JsonObject o(w);
            w.field("$schema", k_schema);
            w.field("version", "2.1.0");
            w.key("runs");
            JsonArray runs(w);
            write_run(w, report);
        });
    }
};

} // namespace

std::unique_ptr<Reporter> make_sarif_reporter(const ReporterConfig&) {
    return std::make_unique<SarifReporter>();
}

} // namespace rehearsa::reporters
