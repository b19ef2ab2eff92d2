// A summary for people, in GitHub-flavoured Markdown for a pull-request comment or
// $GITHUB_STEP_SUMMARY: the verdict first, a table of services, then the findings by severity and
// rule, each rule with its fix and docs link, and the suppressed findings folded in <details>.
// Text from the stack is escaped, so a message cannot open a table cell, a link, a mention or HTML.
// GitHub takes at most 1 MiB per step summary: past that, lists stop with a count of what was left
// out and where to find it.
#include "reporters/markdown.hpp"

#include "reporters/links.hpp"
#include "reporters/rehearsal.hpp"
#include "reporters/view.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace rehearsa::reporters {

namespace {

using results::Finding;
using results::Severity;

constexpr std::size_t k_limit = 1024 * 1024;
constexpr std::size_t k_reserve = 4096; // for the lines that close the summary once it is full

enum class Context { Inline, TableCell };

// Inline text: HTML-significant characters as entities, Markdown-significant ones
// backslash-escaped, line breaks as <br> (which also works inside a table cell).
std::string escape_text(std::string_view raw) {
    std::string out;
    for (char c : util::sanitize(raw)) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '\n':
            out += "<br>";
            break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '|':
        case '~':
        case '#':
        case '@':
            out += '\\';
            out += c;
            break;
        default:
            out += c;
        }
    }
    return out;
}

// A rule's own texts are written in Markdown (`code` for values) by us, not taken from the stack:
// they pass through, on one line.
std::string rule_markdown(std::string_view text) {
    std::string out = util::sanitize(text);
    std::ranges::replace(out, '\n', ' ');
    return out;
}

// A code span whose fence is longer than any run of backticks inside. In a table cell, GFM needs
// '|' escaped even inside a code span.
std::string code_span(std::string_view raw, Context context = Context::Inline) {
    std::string text = util::sanitize(raw);
    if (text.empty()) return {};
    std::ranges::replace(text, '\n', ' ');
    std::size_t longest = 0;
    for (std::size_t run = 0; char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    std::string fence(longest + 1, '`');
    bool pad = text.front() == '`' || text.back() == '`';
    std::string span = fmt::format("{}{}{}{}{}", fence, pad ? " " : "", text, pad ? " " : "", fence);
    if (context == Context::Inline) return span;
    std::string out;
    for (char c : span) {
        if (c == '|') out += '\\';
        out += c;
    }
    return out;
}

constexpr std::array<std::string_view, 3> k_section_titles{"ℹ️ Notes", "⚠️ Warnings", "❌ Errors"};

std::string_view status(const ServiceGroup& group) {
    if (group.fails()) return "❌ fail";
    return group.count(Severity::Warning) > 0 ? "⚠️ warn" : "✅ pass";
}

std::string rule_link(const Finding& finding) {
    std::string id = escape_text(rule_id(finding));
    return finding.rule ? fmt::format("[{}]({})", id, rule_help_uri(finding.rule->id)) : id;
}

// The Markdown text, kept under k_limit: once an addition does not fit, every later one is refused
// (so what is shown is a prefix of the whole) and the caller counts what was left out.
class Budget {
public:
    bool add(std::string_view text) {
        m_full = m_full || m_text.size() + text.size() + k_reserve > k_limit;
        if (!m_full) m_text += text;
        return !m_full;
    }
    // Closing lines, within the reserve.
    void close(std::string_view text) { m_text += text; }
    const std::string& text() const { return m_text; }

private:
    std::string m_text;
    bool m_full = false;
};

class MarkdownWriter {
public:
    explicit MarkdownWriter(const Report& report) : m_report(report) {}

    std::string render() {
        write_verdict();
        if (m_report.run) write_rehearsal(*m_report.run);
        write_table();
        FindingRefs open = open_findings(m_report);
        for (Severity severity : k_most_severe_first)
            write_section(severity, open);
        if (open.empty()) m_out.add("No findings.\n\n");
        write_suppressed();
        if (m_left_out > 0)
            m_out.close(fmt::format("_{} left out: a summary is limited to 1 MiB. The SARIF, JSON and JUnit "
                                    "reports list every finding._\n",
                                    plural(m_left_out, "more finding")));
        return m_out.text();
    }

private:
    void write_verdict() {
        std::string_view mark = m_report.exit_code == 0 ? "✅" : "❌";
        m_out.add(fmt::format("## {} {}\n\n", mark, escape_text(m_report.verdict)));
        m_out.add(fmt::format("**rehearsa {}** · stack {} · {} · readiness **{}/100** · {}\n\n",
                              escape_text(m_report.command), code_span(m_report.stack),
                              code_span(file_list(m_report)), m_report.readiness,
                              plural(m_report.services.size(), "service")));
    }

    // stack test: what each service did in the sandbox, before the preflight findings.
    void write_rehearsal(const results::RunResult& run) {
        m_out.add(fmt::format("**Rehearsal:** {} · run `{}`\n\n", confidence_text(run), run.run_id));
        m_out.add("| Service | State | Score | Ready in | Cause |\n| :-- | :-- | --: | --: | :-- |\n");
        for (const results::ServiceResult& s : run.services) {
            std::string_view mark = outcome_of(s.state) == CaseOutcome::Passed   ? "✅"
                                    : outcome_of(s.state) == CaseOutcome::Failed ? "❌"
                                                                                 : "⏭️";
            m_out.add(fmt::format("| {} | {} {} | {} | {} | {} |\n", code_span(s.name, Context::TableCell),
                                  mark, results::to_string(s.state), s.score, duration_text(s.time_to_ready),
                                  escape_text(s.cause)));
        }
        m_out.add("\n");
    }

    void write_table() {
        m_out.add("| Service | Image | Errors | Warnings | Notes | Status |\n| :-- | :-- | --: | --: | --: | "
                  ":-- |\n");
        std::size_t left_out = 0;
        for (const ServiceGroup& group : group_by_service(m_report)) {
            std::string name =
                group.service ? code_span(group.name, Context::TableCell) : escape_text(group.name);
            std::string image = group.service ? code_span(group.service->image, Context::TableCell) : "";
            std::string row =
                fmt::format("| {} | {} | {} | {} | {} | {} |\n", name, image, group.count(Severity::Error),
                            group.count(Severity::Warning), group.count(Severity::Note), status(group));
            if (!m_out.add(row)) ++left_out;
        }
        if (left_out > 0) m_out.close(fmt::format("\n_{} left out._\n", plural(left_out, "more service")));
        m_out.add("\n");
    }

    // "`deploy/compose.yml:6:9` in `db`: message", or "... (project): message".
    std::string finding_item(const Finding& finding) const {
        std::string where = code_span(location_text(m_report, finding.where));
        std::string service =
            finding.service.empty() ? std::string(k_project_group) : "in " + code_span(finding.service);
        return fmt::format("- {} {}: {}", where, service, escape_text(finding.message));
    }

    void write_section(Severity severity, const FindingRefs& open) {
        FindingRefs findings;
        std::ranges::copy_if(open, std::back_inserter(findings),
                             [&](const Finding* f) { return f->severity == severity; });
        if (findings.empty()) return;
        m_out.add(fmt::format("### {} ({})\n\n", for_severity(k_section_titles, severity), findings.size()));
        for (const RuleGroup& group : group_by_rule(findings)) {
            const Finding& first = *group.findings.front();
            std::string summary = first.rule ? ": " + rule_markdown(first.rule->summary) : "";
            std::string fix = rule_fix(first).empty() ? "" : "<br>**Fix:** " + rule_markdown(rule_fix(first));
            m_out.add(fmt::format("**{}**{}{}\n\n", rule_link(first), summary, fix));
            for (const Finding* finding : group.findings)
                if (!m_out.add(finding_item(*finding) + "\n")) ++m_left_out;
            m_out.add("\n");
        }
    }

    void write_suppressed() {
        FindingRefs suppressed = suppressed_findings(m_report);
        if (suppressed.empty()) return;
        if (!m_out.add(fmt::format("<details>\n<summary>{}</summary>\n\n",
                                   plural(suppressed.size(), "suppressed finding")))) {
            m_left_out += suppressed.size();
            return;
        }
        for (const Finding* finding : suppressed) {
            std::string item = fmt::format("{} ({}). Reason: {}\n", finding_item(*finding),
                                           rule_link(*finding), escape_text(finding->suppression->reason));
            if (!m_out.add(item)) ++m_left_out;
        }
        m_out.close("\n</details>\n\n");
    }

    const Report& m_report;
    Budget m_out;
    std::size_t m_left_out = 0;
};

class MarkdownReporter final : public Reporter {
public:
    void write(const Report& report, std::ostream& out) override { out << MarkdownWriter(report).render(); }
};

} // namespace

std::unique_ptr<Reporter> make_markdown_reporter(const ReporterConfig&) {
    return std::make_unique<MarkdownReporter>();
}

} // namespace rehearsa::reporters
