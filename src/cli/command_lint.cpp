// rehearsa lint: the static analysis alone, no Docker needed.
#include "cli/command_lint.hpp"

#include "cli/report_errors.hpp"
#include "cli/reporting.hpp"
#include "cli/values.hpp"
#include "preflight/analyze.hpp"
#include "reporters/view.hpp"

#include <algorithm>
#include <array>
#include <cxxopts.hpp>
#include <fmt/format.h>

namespace rehearsa::cli {

namespace {

// In the order of preflight::Severity, then "none".
constexpr std::array<std::string_view, 4> k_fail_on = {"note", "warning", "error", "none"};

util::Result<CommandOptions> read_lint(const cxxopts::ParseResult& result, std::span<const std::string>) {
    LintOptions options;
    if (auto text = single_value(result, "fail-on")) {
        auto choice = parse_choice("fail-on", *text, k_fail_on);
        if (!choice) return std::unexpected(choice.error());
        options.fail_on = *choice < 3 ? std::optional(static_cast<results::Severity>(*choice)) : std::nullopt;
    }
    options.list_rules = flag_set(result, "list-rules");
    return options;
}

bool reaches(const reporters::Report& report, std::optional<results::Severity> fail_on) {
    if (!fail_on) return false;
    for (const results::Finding& finding : report.findings)
        if (!finding.suppressed() && finding.severity >= *fail_on) return true;
    return false;
}

// Sets the exit code and the one-line verdict every reporter shows.
void judge(reporters::Report& report, const LintOptions& options) {
    std::string score =
        fmt::format("readiness {}/100, {}", report.readiness, reporters::severity_counts(report));
    const auto& below = report.thresholds.fail_below;
    if (below && report.readiness < *below) {
        report.exit_code = to_int(ExitCode::BelowThreshold);
        report.verdict = fmt::format("FAIL: readiness {}/100 is below --fail-below {} ({})", report.readiness,
                                     *below, reporters::severity_counts(report));
    } else if (reaches(report, options.fail_on)) {
        report.exit_code = to_int(ExitCode::BelowThreshold);
        report.verdict = fmt::format("FAIL: {} (--fail-on {})", score, results::to_string(*options.fail_on));
    } else {
        report.exit_code = to_int(ExitCode::Pass);
        report.verdict = fmt::format("PASS: {}", score);
    }
}

reporters::Report make_report(const compose::Project& project, preflight::Analysis analysis,
                              const GlobalOptions& global, const LintOptions& options,
                              Clock::time_point started) {
    reporters::Report report = project_report("lint", project, started);
    report.findings = std::move(analysis.findings);
    report.readiness = analysis.readiness;
    report.thresholds = {global.fail_below, options.fail_on};
    judge(report, options);
    return report;
}

// One line per rule: id, default severity, category, summary; the docs page has the rest.
ExitCode list_rules(std::ostream& out) {
    std::size_t width = 0;
    for (const results::Rule* rule : preflight::all_rules())
        width = std::max(width, rule->id.size());
    for (const results::Rule* rule : preflight::all_rules())
        out << fmt::format("{:<{}}  {:<7}  {:<13}  {}\n", rule->id, width, results::to_string(rule->severity),
                           rule->category, rule->summary);
    out << fmt::format("\n{} rules; docs/rules/RULE.md explains each one and its fix.\n",
                       preflight::all_rules().size());
    return ExitCode::Pass;
}

ExitCode run_lint_command(const Invocation& invocation, Io io) {
    if (std::get<LintOptions>(invocation.command).list_rules) return list_rules(io.out);
    return run_lint(invocation.global, std::get<LintOptions>(invocation.command), io,
                    compose::os_environment());
}

} // namespace

ExitCode run_lint(const GlobalOptions& global, const LintOptions& options, Io io,
                  const reporters::EnvironmentView& environment, ProjectLoader load) {
    auto started = Clock::now();
    compose::LoadOptions load_options = to_load_options(global.compose);
    load_options.leniency = compose::Leniency::Lint;
    auto project = load(load_options);
    if (!project) {
        for (const util::Error& error : project.error())
            report_error(io.err, error);
        reporters::Report report = load_failure_report("lint", project.error(), global, started);
        return emit_reports(report, global, io, environment, Stderr::ErrorsShown);
    }
    reporters::Report report = make_report(*project, preflight::analyze(*project), global, options, started);
    return emit_reports(report, global, io, environment);
}

CommandSpec lint_command() {
    CommandSpec spec;
    spec.name = "lint";
    spec.summary = "Check a compose stack for restore risks, without Docker";
    spec.description =
        "Loads the stack as compose would run it (every -f file merged, .env interpolated, "
        "profiles applied) and reports what would break a restore on a fresh host: data on "
        "host paths no backup covers, mutable image tags, missing healthchecks, secrets that "
        "were never backed up and more. Each finding names its rule and the compose file line "
        "that caused it; docs/rules/RULE.md explains each rule and its fix. Readiness is 100 "
        "minus 15 per error, 5 per warning and 1 per note. Silence a finding with a reason: "
        "`# rehearsa-ignore RULE reason` on its line, or x-rehearsa: {ignore: [{rule, service, "
        "reason}]}. FILE is a compose file, the same as -f FILE.";
    spec.operands = Operands::Files;
    spec.globals = compose_globals_and({"fail-below", "report", "junit-profile", "no-color"});
    spec.options = {
        {"", "fail-on", "SEVERITY",
         "Exit 1 when an unsuppressed finding is at least this severe: error, warning, note or none",
         Arity::Single, "error", ""},
        {"", "list-rules", "", "Print every rule (id, severity, category, summary) and exit", Arity::Flag, "",
         ""},
    };
    spec.examples = {
        "rehearsa lint docker-compose.yml",
        "rehearsa lint --fail-below 80 --fail-on none -f compose.yml -f prod.yml",
        "rehearsa lint --report sarif=lint.sarif --report console compose.yml",
        "rehearsa lint --list-rules",
    };
    spec.exit_codes = {
        {ExitCode::Pass, "pass: no finding reaches --fail-on and readiness is at or above --fail-below"},
        {ExitCode::BelowThreshold, "readiness below --fail-below, or a finding at or above --fail-on"},
        {ExitCode::Critical, "could not lint: the compose files are invalid or unreadable, or a report "
                             "could not be written"}};
    spec.read = read_lint;
    spec.run = run_lint_command;
    return spec;
}

} // namespace rehearsa::cli
