// GitHub Actions workflow commands: an annotation per unsuppressed finding on its compose line,
// most severe first. GitHub shows at most 10 errors, 10 warnings and 10 notices per step and 50
// per job, and silently drops the rest; so we stop at the limits ourselves and, when findings are
// left out, spend one notice (kept free for it) on how many and where to read them all.
// Suppressed findings get no annotation.
#include "reporters/github.hpp"

#include "reporters/view.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <ostream>

namespace rehearsa::reporters {

namespace {

using results::Finding;
using results::Severity;

constexpr std::size_t k_per_type = 10;
constexpr std::size_t k_total = 50;

constexpr std::array<std::string_view, 3> k_commands{"notice", "warning", "error"};

enum class Field { Message, Property };

// Message data escapes %, CR and LF; property values also ':' and ',' (actions/toolkit command.ts).
std::string escape(std::string_view text, Field field) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '%':
            out += "%25";
            break;
        case '\r':
            out += "%0D";
            break;
        case '\n':
            out += "%0A";
            break;
        case ':':
            out += field == Field::Property ? "%3A" : ":";
            break;
        case ',':
            out += field == Field::Property ? "%2C" : ",";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string properties(const Report& report, const Finding& finding) {
    std::string out;
    auto add = [&](std::string_view name, std::string_view value) {
        out += fmt::format("{}{}={}", out.empty() ? "" : ",", name, escape(value, Field::Property));
    };
    const util::Location& where = finding.where;
    if (where.known()) add("file", util::sanitize(report.relative(where.file_name())));
    if (where.known() && where.line > 0) {
        add("line", std::to_string(where.line));
        if (where.column > 0) add("col", std::to_string(where.column));
        add("endLine", std::to_string(where.line));
    }
    add("title", fmt::format("rehearsa: {}", util::sanitize(rule_id(finding))));
    return out;
}

// "db: <message>" and the rule's fix on a second line.
std::string annotation(const Report& report, const Finding& finding) {
    std::string text = util::sanitize(finding.message);
    if (!finding.service.empty()) text = util::sanitize(finding.service) + ": " + text;
    if (std::string_view fix = rule_fix(finding); !fix.empty()) text += "\nFix: " + util::sanitize(fix);
    return fmt::format("::{} {}::{}\n", for_severity(k_commands, finding.severity),
                       properties(report, finding), escape(text, Field::Message));
}

// How many annotations of each severity fit, in the order of results::Severity.
struct Limits {
    std::array<std::size_t, 3> per_type{k_per_type, k_per_type, k_per_type};
    std::size_t total = k_total;
};

Limits limits_for(const FindingRefs& open) {
    std::array<std::size_t, 3> counts{};
    for (const Finding* finding : open)
        ++for_severity(counts, finding->severity);
    Limits limits;
    bool overflow = open.size() > limits.total ||
                    std::ranges::any_of(counts, [](std::size_t n) { return n > k_per_type; });
    if (overflow) { // keep a notice for the pointer to the rest
        --for_severity(limits.per_type, Severity::Note);
        --limits.total;
    }
    return limits;
}

class GithubReporter final : public Reporter {
public:
    void write(const Report& report, std::ostream& out) override {
        FindingRefs open = open_findings(report);
        Limits limits = limits_for(open);
        std::array<std::size_t, 3> written{};
        std::size_t total = 0;
        for (const Finding* finding : open) {
            std::size_t& of_type = for_severity(written, finding->severity);
            if (total == limits.total || of_type == for_severity(limits.per_type, finding->severity))
                continue;
            out << annotation(report, *finding);
            ++of_type;
            ++total;
        }
        if (total < open.size()) out << pointer(open.size() - total);
    }

private:
    static std::string pointer(std::size_t left_out) {
        std::string text = fmt::format(
            "{} not annotated: GitHub shows at most {} errors, {} warnings and {} notices per step. The job "
            "summary and the SARIF, JUnit and JSON reports list every finding.",
            plural(left_out, "more finding"), k_per_type, k_per_type, k_per_type);
        return fmt::format("::notice title={}::{}\n", escape("rehearsa: more findings", Field::Property),
                           escape(text, Field::Message));
    }
};

} // namespace

std::unique_ptr<Reporter> make_github_reporter(const ReporterConfig&) {
    return std::make_unique<GithubReporter>();
}

} // namespace rehearsa::reporters
