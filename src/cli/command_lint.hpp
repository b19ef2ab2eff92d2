#pragma once
// rehearsa lint: the static analysis alone, no Docker needed.
#include "cli/command_config.hpp"
#include "cli/commands.hpp"
#include "reporters/output.hpp"

namespace rehearsa::cli {

// Loads the project, runs every preflight rule and writes the requested reports. Exit 1 when
// readiness is below --fail-below or a finding reaches --fail-on; 3 when the files cannot be
// loaded or a report cannot be written.
ExitCode run_lint(const GlobalOptions& global, const LintOptions& options, Io io,
                  const reporters::EnvironmentView& environment, ProjectLoader load = compose::load_project);

} // namespace rehearsa::cli
