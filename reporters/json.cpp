// rehearsa's own machine format: everything the other reporters show, in one versioned document.
// docs/formats/report-json.md documents every field and the versioning promise, and
// docs/formats/report-json.schema.json describes it exactly (the tests validate against it).
// Unlike SARIF and Code Quality, it says "unknown" as null rather than pointing at a default line.
#include "reporters/json.hpp"

#include "reporters/json_common.hpp"
#include "reporters/links.hpp"
#include "reporters/view.hpp"

namespace rehearsa::reporters {

namespace {

using results::Finding;
using results::Severity;

// Bumped only for a change that breaks readers: a field removed, renamed or changing meaning.
constexpr int k_schema_version = 1;

void write_string_or_null(JsonWriter& w, std::string_view key, std::string_view text) {
    w.key(key);
    if (text.empty())
        w.null();
    else
        w.value(text);
}

void write_number_or_null(JsonWriter& w, std::string_view key, int number) {
    w.key(key);
    if (number > 0)
        w.value(number);
    else
        w.null();
}

// file, line and column of a location; null for what is unknown.
void write_position(JsonWriter& w, const Report& report, const util::Location& where) {
    write_string_or_null(w, "file", where.known() ? report.relative(where.file_name()) : std::string{});
    write_number_or_null(w, "line", where.known() ? where.line : 0);
    write_number_or_null(w, "column", where.known() && where.line > 0 ? where.column : 0);
}

void write_tool(JsonWriter& w, const Report& report) {
    w.key("tool");
    JsonObject o(w);
    w.field("name", "rehearsa");
    w.field("version", report.tool_version);
    w.field("uri", k_project_uri);
}

void write_thresholds(JsonWriter& w, const Thresholds& thresholds) {
    w.key("thresholds");
    JsonObject o(w);
    w.key("fail_below");
    if (thresholds.fail_below)
        w.value(*thresholds.fail_below);
    else
        w.null();
    write_string_or_null(w, "fail_on", thresholds.fail_on ? results::to_string(*thresholds.fail_on) : "");
}

void write_counts(JsonWriter& w, const Report& report) {
    w.key("counts");
    JsonObject o(w);
    for (Severity severity : {Severity::Error, Severity::Warning, Severity::Note})
        w.field(results::to_string(severity), report.count(severity));
    w.field("suppressed", report.suppressed_count());
}

void write_files(JsonWriter& w, const Report& report) {
    w.key("files");
    JsonArray a(w);
    for (const std::string& file : report.files)
        w.value(report.relative(file));
}

std::size_t unsuppressed_findings_of(const Report& report, std::string_view service) {
    std::size_t n = 0;
    for (const Finding* finding : report.findings_of(service))
        n += !finding->suppressed();
    return n;
}

void write_optional(JsonWriter& w, std::string_view key, std::optional<long long> number) {
    w.key(key);
    if (number)
        w.value(*number);
    else
        w.null();
}

void write_health_log(JsonWriter& w, const results::ServiceResult& s) {
    w.key("health_log");
    JsonArray a(w);
    for (const results::HealthProbe& probe : s.health_log) {
        JsonObject o(w);
        w.field("exit_code", probe.exit_code);
        w.field("output", probe.output);
    }
}

// What the service did in the sandbox (stack test only).
void write_service_result(JsonWriter& w, const results::ServiceResult& s) {
    w.field("state", results::to_string(s.state));
    w.field("score", s.score);
    w.field("cause", s.cause);
    w.field("blocked_by", s.blocked_by);
    write_optional(w, "time_to_ready_ms",
                   s.time_to_ready ? std::optional<long long>(s.time_to_ready->count()) : std::nullopt);
    write_optional(w, "exit_code", s.exit_code ? std::optional<long long>(*s.exit_code) : std::nullopt);
    w.field("restart_count", s.restart_count);
    w.field("oom_killed", s.oom_killed);
    w.field("health_status", s.health_status);
    write_health_log(w, s);
    w.field("log_excerpt", s.log_excerpt);
    w.field("image_id", s.image_id);
    write_string_or_null(w, "digest", s.digest.value_or(""));
    w.field("injected", s.injected.has_value());
}

void write_services(JsonWriter& w, const Report& report) {
    w.key("services");
    JsonArray a(w);
    for (const ServiceSummary& service : report.services) {
        JsonObject o(w);
        w.field("name", service.name);
        write_position(w, report, service.where);
        write_string_or_null(w, "image", service.image);
        w.field("findings", unsuppressed_findings_of(report, service.name));
        if (report.run)
            for (const results::ServiceResult& result : report.run->services)
                if (result.name == service.name) write_service_result(w, result);
    }
}

void write_suppression(JsonWriter& w, const Report& report, const std::optional<results::Suppression>& s) {
    w.key("suppressed");
    if (!s) {
        w.null();
        return;
    }
    JsonObject o(w);
    w.field("kind", s->kind == results::SuppressionKind::InSource ? "in-source" : "external");
    w.field("reason", s->reason);
    write_string_or_null(w, "file", s->where.known() ? report.relative(s->where.file_name()) : std::string{});
    write_number_or_null(w, "line", s->where.known() ? s->where.line : 0);
}

void write_finding(JsonWriter& w, const Report& report, const Finding& finding) {
    JsonObject o(w);
    w.field("rule", rule_id(finding));
    w.field("severity", results::to_string(finding.severity));
    write_string_or_null(w, "service", finding.service);
    w.field("yaml_path", finding.yaml_path);
    w.field("message", finding.message);
    write_position(w, report, finding.where);
    w.field("fingerprint", finding.fingerprint());
    write_suppression(w, report, finding.suppression);
}

void write_findings(JsonWriter& w, const Report& report) {
    w.key("findings");
    JsonArray a(w);
    for (const Finding& finding : report.findings)
        write_finding(w, report, finding);
}

void write_rules(JsonWriter& w, const Report& report) {
    w.key("rules");
    JsonArray a(w);
    for (const results::Rule* rule : report.rules) {
        JsonObject o(w);
        w.field("id", rule->id);
        w.field("name", rule->name);
        w.field("category", rule->category);
        w.field("severity", results::to_string(rule->severity));
        w.field("summary", rule->summary);
        w.field("rationale", rule->rationale);
        w.field("fix", rule->fix);
        w.field("help_uri", rule_help_uri(rule->id));
    }
}

void write_cleanup(JsonWriter& w, const results::CleanupReport& cleanup) {
    w.key("cleanup");
    JsonObject o(w);
    w.field("containers", cleanup.containers);
    w.field("networks", cleanup.networks);
    w.field("volumes", cleanup.volumes);
    w.key("leftovers");
    JsonArray a(w);
    for (const std::string& leftover : cleanup.leftovers)
        w.value(leftover);
}

// stack test: the run as a whole.
void write_rehearsal(JsonWriter& w, const results::RunResult& run) {
    w.key("run");
    JsonObject o(w);
    w.field("run_id", run.run_id);
    w.field("confidence", run.confidence);
    w.field("risk", results::risk_band(run.confidence));
    w.field("cancelled", run.cancelled);
    write_string_or_null(w, "problem", run.problem ? run.problem->message : "");
    w.field("duration_ms", run.duration.count());
    write_cleanup(w, run.cleanup);
}

void write_run(JsonWriter& w, const Report& report) {
    w.field("command", report.command);
    w.field("stack", report.stack);
    w.field("source_root", report.source_root);
    write_files(w, report);
    w.field("verdict", report.verdict);
    w.field("exit_code", report.exit_code);
    w.field("readiness", report.readiness);
    write_thresholds(w, report.thresholds);
    write_counts(w, report);
    w.field("started", rfc3339_utc(report.started));
    w.field("duration_ms", report.duration.count());
    if (report.run) write_rehearsal(w, *report.run);
}

class JsonReporter final : public Reporter {
public:
    void write(const Report& report, std::ostream& out) override {
        write_json_document(out, [&](JsonWriter& w) {
            JsonObject o(w);
            w.field("schema_version", k_schema_version);
            write_tool(w, report);
            write_run(w, report);
            write_services(w, report);
            write_findings(w, report);
            write_rules(w, report);
        });
    }
};

} // namespace

std::unique_ptr<Reporter> make_json_reporter(const ReporterConfig&) {
    return std::make_unique<JsonReporter>();
}

} // namespace rehearsa::reporters
