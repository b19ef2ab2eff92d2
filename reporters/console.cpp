// Human output for a terminal or a CI log: findings grouped by service, each on its compose line
// with the rule's fix, then the suppressed ones, then a summary with the verdict LAST, where a CI
// log is read. Lines stay within 80 columns: a long message wraps under its finding with a hanging
// indent rather than in a narrow column. No escape code is written unless colour is On.
#include "reporters/console.hpp"

#include "reporters/rehearsal.hpp"
#include "reporters/view.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <optional>
#include <ostream>

namespace rehearsa::reporters {

namespace {

using results::Finding;
using results::Severity;

constexpr std::size_t k_width = 80;
constexpr std::size_t k_detail_indent = 6;                // message continuation and fix lines
constexpr std::size_t k_fix_indent = k_detail_indent + 5; // under the text after "fix: "
constexpr std::size_t k_severity_width = 7;               // "warning"
// A longer location or rule id does not widen its column for every other line.
constexpr std::size_t k_max_location_width = 36;
constexpr std::size_t k_max_rule_width = 28;

enum class Style { Bold, Dim, Red, Yellow, Blue, Pass, Fail };

// SGR codes, in the order of Style.
constexpr std::array<std::string_view, 7> k_escape_codes{"\x1b[1m",  "\x1b[2m",    "\x1b[31m",  "\x1b[33m",
                                                         "\x1b[34m", "\x1b[1;32m", "\x1b[1;31m"};

constexpr std::array k_severity_styles{Style::Blue, Style::Yellow, Style::Red};

Style severity_style(Severity severity) {
    return for_severity(k_severity_styles, severity);
}

std::string pad(std::string text, std::size_t width) {
    std::size_t length = util::utf8_length(text);
    if (length < width) text.append(width - length, ' ');
    return text;
}

struct Columns {
    std::size_t location = 0;
    std::size_t rule = 0;
};

Columns measure(const Report& report) {
    Columns columns;
    for (const Finding& finding : report.findings) {
        columns.location =
            std::max(columns.location, util::utf8_length(location_text(report, finding.where)));
        columns.rule = std::max(columns.rule, util::utf8_length(rule_id(finding)));
    }
    return {std::min(columns.location, k_max_location_width), std::min(columns.rule, k_max_rule_width)};
}

// One run of writing: the report, the stream and the choices that hold for every line.
class ConsoleWriter {
public:
    ConsoleWriter(const Report& report, std::ostream& out, Colour colour)
        : m_report(report), m_out(out), m_colour(colour), m_columns(measure(report)) {}

    void write() {
        write_header();
        for (const ServiceGroup& group : group_by_service(m_report))
            if (group.findings.size() > group.suppressed_count()) write_group(group);
        write_clean();
        write_suppressed();
        if (m_report.run) write_rehearsal(*m_report.run);
        write_summary();
    }

private:
    std::string paint(std::string_view text, Style style) const {
        if (m_colour == Colour::Off || text.empty()) return std::string(text);
        return fmt::format("{}{}\x1b[0m", k_escape_codes[static_cast<std::size_t>(style)], text);
    }

    // Styles each line alone: a CI log viewer may reset the style at a line break.
    std::string paint_lines(std::string_view text, Style style) const {
        std::string out;
        for (std::size_t start = 0; start <= text.size();) {
            std::size_t end = std::min(text.find('\n', start), text.size());
            out += paint(text.substr(start, end - start), style);
            if (end < text.size()) out += '\n';
            start = end + 1;
        }
        return out;
    }

    void write_header() {
        std::string title =
            fmt::format("rehearsa {} {}", util::sanitize(m_report.command), util::sanitize(m_report.stack));
        m_out << paint(title, Style::Bold) << ' '
              << util::wrap(fmt::format("({})", file_list(m_report)), k_width, util::utf8_length(title) + 1,
                            2)
              << "\n\n";
    }

    void write_group(const ServiceGroup& group) {
        std::string heading = paint(util::sanitize(group.name), Style::Bold);
        if (group.service && !group.service->image.empty()) {
            heading += ' ';
            heading += paint(fmt::format("({})", util::sanitize(group.service->image)), Style::Dim);
        }
        std::string counts;
        for (Severity severity : k_most_severe_first)
            if (std::size_t n = group.count(severity))
                counts += (counts.empty() ? ": " : ", ") +
                          paint(plural(n, to_string(severity)), severity_style(severity));
        m_out << heading << counts << '\n';
        for (const Finding* finding : group.findings)
            if (!finding->suppressed()) write_finding(*finding);
        m_out << '\n';
    }

    // "  file:line:col  severity  rule-id  message". A message whose first line does not fit there
    // starts on the next line instead, so it is never cut into a narrow column.
    std::string finding_line(const Finding& finding, std::string_view message,
                             std::optional<Style> severity_paint) const {
        std::string location = pad(location_text(m_report, finding.where), m_columns.location);
        std::string severity = pad(std::string(to_string(finding.severity)), k_severity_width);
        std::string rule = util::sanitize(rule_id(finding));
        std::string line = fmt::format("  {}  {}  {}", location,
                                       severity_paint ? paint(severity, *severity_paint) : severity, rule);
        if (message.empty()) return line;
        std::size_t rule_width = std::max(util::utf8_length(rule), m_columns.rule);
        std::size_t column = 2 + util::utf8_length(location) + 2 + k_severity_width + 2 + rule_width + 2;
        if (column + util::utf8_length(message.substr(0, message.find('\n'))) > k_width)
            return line + "\n" + std::string(k_detail_indent, ' ') +
                   util::wrap(message, k_width, k_detail_indent, k_detail_indent);
        return line + std::string(rule_width - util::utf8_length(rule) + 2, ' ') +
               util::wrap(message, k_width, column, k_detail_indent);
    }

    void write_finding(const Finding& finding) {
        m_out << finding_line(finding, util::sanitize(finding.message), severity_style(finding.severity))
              << '\n';
        if (std::string_view fix = rule_fix(finding); !fix.empty())
            m_out << std::string(k_detail_indent, ' ')
                  << util::wrap("fix: " + util::sanitize(fix), k_width, k_detail_indent, k_fix_indent)
                  << '\n';
    }

    void write_clean() {
        std::string names;
        for (const ServiceGroup& group : group_by_service(m_report))
            if (group.service && group.findings.size() == group.suppressed_count())
                names += (names.empty() ? "" : ", ") + util::sanitize(group.name);
        if (!names.empty()) m_out << "Clean: " << util::wrap(names, k_width, 7, 2) << "\n\n";
    }

    void write_suppressed() {
        FindingRefs suppressed = suppressed_findings(m_report);
        if (suppressed.empty()) return;
        m_out << paint(fmt::format("Suppressed ({}):", suppressed.size()), Style::Dim) << '\n';
        for (const Finding* finding : suppressed) {
            std::string reason = fmt::format("{}: {}", util::sanitize(service_label(*finding)),
                                             util::sanitize(finding->suppression->reason));
            m_out << paint_lines(finding_line(*finding, reason, std::nullopt), Style::Dim) << '\n';
        }
        m_out << '\n';
    }

    // One line per service: state, score, time to ready; the cause under a failed one.
    void write_rehearsal(const results::RunResult& run) {
        m_out << paint("Rehearsal", Style::Bold) << ' '
              << paint(fmt::format("(run {})", run.run_id), Style::Dim) << '\n';
        std::size_t width = 0;
        for (const results::ServiceResult& s : run.services)
            width = std::max(width, util::utf8_length(util::sanitize(s.name)));
        for (const results::ServiceResult& s : run.services) {
            CaseOutcome outcome = outcome_of(s.state);
            Style style = outcome == CaseOutcome::Passed   ? Style::Pass
                          : outcome == CaseOutcome::Failed ? Style::Fail
                                                           : Style::Yellow;
            m_out << fmt::format("  {}  {}  {:>3}  {}\n", pad(util::sanitize(s.name), width),
                                 paint(pad(std::string(results::to_string(s.state)), 9), style), s.score,
                                 duration_text(s.time_to_ready));
            if (!s.cause.empty())
                m_out << std::string(k_detail_indent, ' ')
                      << util::wrap(util::sanitize(s.cause), k_width, k_detail_indent, k_detail_indent)
                      << '\n';
        }
        m_out << fmt::format("  {}\n\n", confidence_text(run));
    }

    void write_summary() {
        std::string summary =
            fmt::format("Summary: {}, readiness {}/100, {}", plural(m_report.services.size(), "service"),
                        m_report.readiness, severity_counts(m_report));
        m_out << util::wrap(summary, k_width, 0, 2) << '\n';
        Style verdict_style = m_report.exit_code == 0 ? Style::Pass : Style::Fail;
        // One line, however long: CI logs are wide, and people grep for it.
        m_out << paint_lines(util::sanitize(m_report.verdict), verdict_style) << '\n';
    }

    const Report& m_report;
    std::ostream& m_out;
    Colour m_colour;
    Columns m_columns;
};

class ConsoleReporter final : public Reporter {
public:
    explicit ConsoleReporter(Colour colour) : m_colour(colour) {}

    void write(const Report& report, std::ostream& out) override {
        ConsoleWriter(report, out, m_colour).write();
    }

private:
    Colour m_colour;
};

} // namespace

std::unique_ptr<Reporter> make_console_reporter(const ReporterConfig& config) {
    return std::make_unique<ConsoleReporter>(config.colour);
}

} // namespace rehearsa::reporters
