#pragma once
// What every command that writes reports shares: the report's common fields, the report for a
// run whose files would not load, colour, the --report destinations, and writing them all before
// the exit code is returned (CI-CONVENTIONS.md: every report, whatever the exit code).
#include "cli/commands.hpp"
#include "compose/loader.hpp"
#include "reporters/output.hpp"
#include "reporters/report.hpp"

#include <chrono>

namespace rehearsa::cli {

using Clock = std::chrono::system_clock;

// tool, command, stack, paths, files, services and the rule catalogue of a loaded project.
reporters::Report project_report(std::string_view command, const compose::Project& project,
                                 Clock::time_point started);

// The files would not load: each error a compose-load-error finding on its line, exit 3.
reporters::Report load_failure_report(std::string_view command, const util::Errors& errors,
                                      const GlobalOptions& global, Clock::time_point started);

// Sets the duration, prints each error to io.err, writes every requested report (the console one
// is dropped when `errors_shown` already put the problem on stderr) and returns the report's exit
// code, or 3 when a report could not be written.
enum class Stderr { Quiet, ErrorsShown };
ExitCode emit_reports(reporters::Report& report, const GlobalOptions& global, Io io,
                      const reporters::EnvironmentView& environment, Stderr stderr_state = Stderr::Quiet);

} // namespace rehearsa::cli
