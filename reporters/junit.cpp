// JUnit XML for test-report UIs (GitLab, Jenkins, the annotation actions): a suite "preflight"
// with a test case per service, plus "(project)" when there are project-level findings. A case
// fails on an unsuppressed error; its <failure> body lists every finding of the service, rule by
// rule, with file:line:col, message and fix, because GitLab shows only the body. A passing case
// carries its warnings, notes and suppressed findings in its own <system-out>.
//
// Size: each body is capped at 64 KiB (head and tail around a marker), and once the bodies reach
// 9 MiB in total the later ones are replaced by a one-line note, so a report stays near 10 MiB
// whatever the stack (GitLab takes 30 MB; Jenkins keeps 100,000 characters of a failing case).
// Every case is always written, so the counts stay right.
//
// The strict profile (--junit-profile strict) is valid against junit-10.xsd (Jenkins xUnit) and
// the Ant JUnit.xsd: no file/line, no attributes on <testsuites>, package and id on the suite, the
// properties, system-out and system-err the Ant schema requires, and the passing cases' output in
// the suite's system-out, since Ant allows none in a case.
#include "reporters/junit.hpp"

#include "reporters/rehearsal.hpp"
#include "reporters/view.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <ctime>
#include <fmt/format.h>
#include <ostream>
#include <tinyxml2.h>
#include <unistd.h>

namespace rehearsa::reporters {

namespace {

using results::Finding;
using results::Severity;
using tinyxml2::XMLElement;

constexpr std::size_t k_body_cap = 64 * 1024;
constexpr std::size_t k_bodies_cap = 9 * 1024 * 1024;
constexpr std::size_t k_message_cap = 1024;
constexpr std::string_view k_failure_type = "rehearsa.preflight";

std::string seconds(std::chrono::milliseconds duration) {
    long long ms = std::max<long long>(duration.count(), 0);
    return fmt::format("{}.{:03}", ms / 1000, ms % 1000);
}

std::string utc_timestamp(std::chrono::system_clock::time_point at) {
    std::time_t time = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[32] = {};
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    return text;
}

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return util::xml_safe(name);
}

std::string indent_continuation(std::string_view text) {
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n') out += "  ";
    }
    return out;
}

// "deploy/compose.yml:6:9: error: host-bind-mount: message", as compilers write diagnostics.
std::string finding_text(const Report& report, const Finding& finding) {
    return fmt::format("{}: {}: {}: {}\n", location_text(report, finding.where), to_string(finding.severity),
                       util::sanitize(rule_id(finding)),
                       indent_continuation(util::sanitize(finding.message)));
}

// The open findings rule by rule, each rule's fix once after its findings, then the suppressed ones.
std::string findings_text(const Report& report, const FindingRefs& findings) {
    FindingRefs open, suppressed;
    for (const Finding* finding : findings)
        (finding->suppressed() ? suppressed : open).push_back(finding);
    std::string out;
    for (const RuleGroup& group : group_by_rule(open)) {
        for (const Finding* finding : group.findings)
            out += finding_text(report, *finding);
        if (std::string_view fix = rule_fix(*group.findings.front()); !fix.empty())
            out += fmt::format("  fix: {}\n", indent_continuation(util::sanitize(fix)));
    }
    for (const Finding* finding : suppressed)
        out += finding_text(report, *finding) +
               fmt::format("  suppressed: {}\n",
                           indent_continuation(util::sanitize(finding->suppression->reason)));
    return out;
}

// "2 errors: host-bind-mount, privileged-container": one line, for the failure's message.
std::string failure_message(const ServiceGroup& group) {
    FindingRefs errors;
    for (const Finding* finding : group.findings)
        if (!finding->suppressed() && finding->severity == Severity::Error) errors.push_back(finding);
    std::string rules;
    for (const RuleGroup& rule : group_by_rule(errors))
        rules += (rules.empty() ? "" : ", ") + util::sanitize(rule_id(*rule.findings.front()));
    std::string message = fmt::format("{}: {}", plural(errors.size(), "error"), rules);
    std::ranges::replace(message, '\n', ' ');
    return std::string(util::truncate_utf8(message, k_message_cap));
}

// Where a case points: the service's key, else (project, unknown service) its first finding.
const util::Location& case_location(const ServiceGroup& group) {
    static const util::Location k_unknown;
    if (group.service) return group.service->where;
    return group.findings.empty() ? k_unknown : group.findings.front()->where;
}

class JunitWriter {
public:
    JunitWriter(const Report& report, JunitProfile profile) : m_report(report), m_profile(profile) {}

    std::string render() {
        m_doc.InsertFirstChild(m_doc.NewDeclaration());
        XMLElement* root = add(&m_doc, "testsuites");
        XMLElement* suite = add(root, "testsuite");
        set(suite, "name", "preflight");
        std::vector<ServiceGroup> groups = group_by_service(m_report);
        std::size_t failures = std::ranges::count_if(groups, [](const ServiceGroup& g) { return g.fails(); });
        set_counts(suite, groups.size(), failures, 0);
        set(suite, "timestamp", utc_timestamp(m_report.started));
        set(suite, "hostname", host_name());
        if (strict()) {
            set(suite, "package", classname());
            set(suite, "id", "0");
        } else {
            set(root, "name", "rehearsa");
            RehearsalCounts run = rehearsal_counts(m_report);
            set_counts(root, groups.size() + run.tests, failures + run.failures, run.skipped);
        }
        add_properties(suite);
        for (const ServiceGroup& group : groups)
            add_case(suite, group);
        close_suite(suite);
        if (m_report.run) add_rehearsal(root, *m_report.run);
        tinyxml2::XMLPrinter printer;
        m_doc.Print(&printer);
        return printer.CStr();
    }

private:
    bool strict() const { return m_profile == JunitProfile::Strict; }
    std::string classname() const { return m_report.stack.empty() ? "rehearsa" : m_report.stack; }

    XMLElement* add(tinyxml2::XMLNode* parent, const char* name) {
        return parent->InsertEndChild(m_doc.NewElement(name))->ToElement();
    }

    static void set(XMLElement* element, const char* name, std::string_view value) {
        element->SetAttribute(name, util::xml_safe(value).c_str());
    }

    // junit-10.xsd has no `skipped` on <testsuites>; the default profile writes it anyway, as
    // GitLab and Jenkins read it there.
    void set_counts(XMLElement* element, std::size_t tests, std::size_t failures, std::size_t skipped) {
        set(element, "tests", std::to_string(tests));
        set(element, "failures", std::to_string(failures));
        set(element, "errors", "0");
        set(element, "skipped", std::to_string(skipped));
        set(element, "time", seconds(m_report.duration));
    }

    void add_properties(XMLElement* suite) {
        XMLElement* properties = add(suite, "properties");
        auto property = [&](const char* name, std::string_view value) {
            XMLElement* element = add(properties, "property");
            set(element, "name", name);
            set(element, "value", util::sanitize(value));
        };
        property("rehearsa.version", m_report.tool_version);
        property("rehearsa.command", m_report.command);
        property("rehearsa.stack", m_report.stack);
        property("rehearsa.files", file_list(m_report));
        property("rehearsa.readiness", std::to_string(m_report.readiness));
        property("rehearsa.exit_code", std::to_string(m_report.exit_code));
        property("rehearsa.verdict", m_report.verdict);
    }

    void add_case(XMLElement* suite, const ServiceGroup& group) {
        XMLElement* test = add(suite, "testcase");
        set(test, "name", util::sanitize(group.name));
        set(test, "classname", classname());
        if (!strict()) set_location(test, case_location(group));
        set(test, "time", seconds(std::chrono::milliseconds(0)));
        if (group.findings.empty()) return;
        std::string body = findings_text(m_report, group.findings);
        if (group.fails()) {
            XMLElement* failure = add(test, "failure");
            set(failure, "message", failure_message(group));
            set(failure, "type", k_failure_type);
            failure->SetText(capped(body).c_str());
        } else if (strict()) {
            m_suite_out += fmt::format("{}:\n{}", util::sanitize(group.name), body);
        } else {
            add(test, "system-out")->SetText(capped(body).c_str());
        }
    }

    // Strict (Ant) suites carry the passing cases' output, and both output elements, at the end.
    void close_suite(XMLElement* suite) {
        if (!strict()) return;
        add(suite, "system-out")->SetText(capped(m_suite_out).c_str());
        add(suite, "system-err");
        m_suite_out.clear();
    }

    // The suite "rehearsal": one case per service, as it ran in the sandbox (junit_rehearsal.cpp
    // words the bodies). A failed service fails its case; a blocked or cancelled one is skipped.
    void add_rehearsal(XMLElement* root, const results::RunResult& run) {
        XMLElement* suite = add(root, "testsuite");
        set(suite, "name", "rehearsal");
        RehearsalCounts counts = rehearsal_counts(m_report);
        set_counts(suite, counts.tests, counts.failures, counts.skipped);
        set(suite, "timestamp", utc_timestamp(run.started));
        set(suite, "hostname", host_name());
        if (strict()) {
            set(suite, "package", classname());
            set(suite, "id", "1");
            add(suite, "properties");
        }
        for (const results::ServiceResult& service : run.services)
            add_service_case(suite, service);
        close_suite(suite);
    }

    void add_service_case(XMLElement* suite, const results::ServiceResult& service) {
        XMLElement* test = add(suite, "testcase");
        set(test, "name", util::sanitize(service.name));
        set(test, "classname", classname());
        if (!strict()) set_location(test, service.where);
        set(test, "time", seconds(service.time_to_ready.value_or(std::chrono::milliseconds(0))));
        std::string body = service_details(service);
        switch (outcome_of(service.state)) {
        case CaseOutcome::Failed: {
            XMLElement* failure = add(test, "failure");
            set(failure, "message", util::truncate_utf8(util::sanitize(service.cause), k_message_cap));
            set(failure, "type", fmt::format("rehearsa.{}", results::to_string(service.state)));
            failure->SetText(capped(body).c_str());
            return;
        }
        case CaseOutcome::Skipped:
            set(add(test, "skipped"), "message",
                util::truncate_utf8(util::sanitize(service.cause), k_message_cap));
            break;
        case CaseOutcome::Passed:
            break;
        }
        if (strict())
            m_suite_out += fmt::format("{}:\n{}", util::sanitize(service.name), body);
        else
            add(test, "system-out")->SetText(capped(body).c_str());
    }

    void set_location(XMLElement* test, const util::Location& where) {
        if (!where.known()) return;
        set(test, "file", util::sanitize(m_report.relative(where.file_name())));
        if (where.line > 0) set(test, "line", std::to_string(where.line));
    }

    // A body within k_body_cap, or a note once the bodies have used up k_bodies_cap.
    std::string capped(std::string_view body) {
        std::string text = util::xml_safe(util::cap_bytes(body, k_body_cap));
        if (m_body_bytes + text.size() > k_bodies_cap)
            return "[omitted: this report reached its 10 MiB cap; the SARIF and JSON reports list every "
                   "finding]\n";
        m_body_bytes += text.size();
        return text;
    }

    const Report& m_report;
    JunitProfile m_profile;
    tinyxml2::XMLDocument m_doc;
    std::size_t m_body_bytes = 0;
    std::string m_suite_out; // strict: the passing cases' findings
};

class JunitReporter final : public Reporter {
public:
    explicit JunitReporter(JunitProfile profile) : m_profile(profile) {}

    void write(const Report& report, std::ostream& out) override {
        out << JunitWriter(report, m_profile).render();
    }

private:
    JunitProfile m_profile;
};

} // namespace

std::unique_ptr<Reporter> make_junit_reporter(const ReporterConfig& config) {
    return std::make_unique<JunitReporter>(config.junit_profile);
}

} // namespace rehearsa::reporters
