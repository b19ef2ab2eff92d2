#include "cli/reporting.hpp"

#include "cli/report_errors.hpp"
#include "preflight/outcome_rules.hpp"
#include "rehearsa_config.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <tuple>
#include <unistd.h>

namespace rehearsa::cli {

namespace {

// Where a service is written: its compose file's place in the merge order, then line and column.
// A file outside that list (an `include`d one) comes after every listed file.
std::tuple<std::ptrdiff_t, int, int> written_at(const util::Location& where,
                                                const std::vector<std::string>& files) {
    auto file = where.known() ? std::ranges::find(files, where.file_name()) : files.end();
    return {file - files.begin(), where.line, where.column};
}

// In file order, as the reports promise (docs/formats/report-json.md); the model itself is sorted
// by name, as `docker compose config` prints it.
std::vector<reporters::ServiceSummary> summarize_services(const compose::Project& project) {
    std::vector<reporters::ServiceSummary> out;
    if (const compose::Node* services = project.model.find("services"))
        for (const compose::Entry& service : services->entries) {
            const compose::Node* image = service.value.find("image");
            out.push_back({service.key, service.key_loc, image && image->is_scalar() ? image->text : ""});
        }
    std::ranges::stable_sort(
        out, {}, [&](const reporters::ServiceSummary& s) { return written_at(s.where, project.files); });
    return out;
}

reporters::Colour colour_for(const GlobalOptions& global, const Io& io,
                             const reporters::EnvironmentView& environment) {
    bool terminal = &io.out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
    bool refused = global.no_color || environment.contains("NO_COLOR");
    return terminal && !refused ? reporters::Colour::On : reporters::Colour::Off;
}

std::vector<reporters::Destination> destinations(const GlobalOptions& global) {
    std::vector<reporters::Destination> out;
    for (const ReportRequest& request : global.reports)
        out.push_back({request.format, request.path});
    return out;
}

} // namespace

reporters::Report project_report(std::string_view command, const compose::Project& project,
                                 Clock::time_point started) {
    reporters::Report report;
    report.tool_version = REHEARSA_VERSION;
    report.command = command;
    report.stack = project.name;
    report.project_dir = project.working_dir;
    report.source_root = reporters::find_source_root(project.working_dir);
    report.files = project.files;
    report.services = summarize_services(project);
    report.rules = preflight::catalogue();
    report.started = started;
    return report;
}

reporters::Report load_failure_report(std::string_view command, const util::Errors& errors,
                                      const GlobalOptions& global, Clock::time_point started) {
    reporters::Report report;
    report.tool_version = REHEARSA_VERSION;
    report.command = command;
    report.stack = global.compose.project_name.value_or("");
    for (const std::string& file : global.compose.files)
        report.files.push_back(util::join_path(util::current_directory(), file));
    // As compose decides it: --project-directory, else the first file's directory.
    std::string fallback = report.files.empty() ? "." : util::dir_name(report.files.front());
    report.project_dir =
        util::join_path(util::current_directory(), global.compose.project_directory.value_or(fallback));
    report.source_root = reporters::find_source_root(report.project_dir);
    for (const util::Error& error : errors)
        report.findings.push_back(preflight::outcome_finding(preflight::compose_load_error_rule(), error));
    report.rules = preflight::catalogue();
    report.readiness = 0;
    report.thresholds = {global.fail_below, std::nullopt};
    report.exit_code = to_int(ExitCode::Critical);
    report.verdict = fmt::format("ERROR: the compose files could not be loaded ({})",
                                 util::plural(errors.size(), "error"));
    report.started = started;
    return report;
}

ExitCode emit_reports(reporters::Report& report, const GlobalOptions& global, Io io,
                      const reporters::EnvironmentView& environment, Stderr stderr_state) {
    report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - report.started);
    auto plan = reporters::plan_outputs(destinations(global), environment);
    if (stderr_state == Stderr::ErrorsShown)
        std::erase_if(plan.destinations,
                      [](const reporters::Destination& d) { return !d.path && d.format == "console"; });
    reporters::ReporterConfig config{colour_for(global, io, environment), global.junit_profile};
    auto written = reporters::write_reports(report, plan, config, {io.out, io.err});
    if (!written) return report_error(io.err, written.error());
    return static_cast<ExitCode>(report.exit_code);
}

} // namespace rehearsa::cli
