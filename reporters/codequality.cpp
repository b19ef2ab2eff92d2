// GitLab Code Quality: a JSON array with one entry per unsuppressed finding, each valid against
// GitLab's codeclimate.json (GitLab stops reading at the first invalid entry). Suppressed findings
// are left out: the format has no way to mark an issue as accepted, and GitLab would show it as
// an open problem in every merge request. docs/formats/ci-reports.md documents the mapping.
#include "reporters/codequality.hpp"

#include "reporters/json_common.hpp"
#include "reporters/links.hpp"
#include "reporters/view.hpp"
#include "util/hash.hpp"

#include <fmt/format.h>
#include <map>

namespace rehearsa::reporters {

namespace {

using results::Finding;

// GitLab's scale is info, minor, major, critical, blocker. An error breaks the restore outright, so
// it is critical; blocker is left for failures of the rehearsal itself, which lint cannot have.
constexpr SeverityNames k_gitlab_severities = {"minor", "major", "critical"};

// Code Climate's fixed category names; a restore risk is a bug risk unless it is about isolation
// (who can reach the host) or tidiness.
std::string_view climate_category(std::string_view rule_category) {
    if (rule_category == "isolation") return "Security";
    if (rule_category == "hygiene") return "Style";
    return "Bug Risk";
}

// GitLab keys issues by fingerprint, so two findings sharing one (the same rule, service and YAML
// path) must not collide: the second and later get the hash of the fingerprint and their ordinal.
class Fingerprints {
public:
    std::string next(const Finding& finding) {
        std::string base = finding.fingerprint();
        int seen = ++m_seen[base];
        return seen == 1 ? base : util::sha256_hex(fmt::format("{}#{}", base, seen));
    }

private:
    std::map<std::string, int> m_seen;
};

void write_location(JsonWriter& w, const Place& place) {
    w.key("location");
    JsonObject o(w);
    w.field("path", place.path);
    w.key("lines");
    JsonObject lines(w);
    w.field("begin", place.line);
}

void write_entry(JsonWriter& w, const Report& report, const Finding& finding,
                 const std::string& fingerprint) {
    JsonObject o(w);
    w.field("type", "issue");
    w.field("engine_name", "rehearsa");
    w.field("check_name", rule_id(finding));
    w.field("description", message_of(finding));
    w.key("content");
    {
        JsonObject content(w);
        w.field("body", fmt::format("{}\n\nSee [{}]({}).", rule_fix(finding), rule_id(finding),
                                    rule_help_uri(rule_id(finding))));
    }
    w.key("categories");
    {
        JsonArray categories(w);
        w.value(climate_category(finding.rule ? finding.rule->category : ""));
    }
    w.field("severity", name_in(k_gitlab_severities, finding.severity));
    w.field("fingerprint", fingerprint);
    write_location(w, display_place(report, finding));
}

class CodeQualityReporter final : public Reporter {
public:
    void write(const Report& report, std::ostream& out) override {
        write_json_document(out, [&](JsonWriter& w) {
            Fingerprints fingerprints;
            JsonArray entries(w);
            for (const Finding& finding : report.findings)
                if (!finding.suppressed()) write_entry(w, report, finding, fingerprints.next(finding));
        });
    }
};

} // namespace

std::unique_ptr<Reporter> make_codequality_reporter(const ReporterConfig&) {
    return std::make_unique<CodeQualityReporter>();
}

} // namespace rehearsa::reporters
