#pragma once
// rehearsa stack test: boots the stack in a sandbox, scores it and reports.
#include "cli/command_config.hpp"
#include "cli/commands.hpp"
#include "reporters/output.hpp"

namespace rehearsa::cli {

// Loads, analyzes, plans and runs the stack on the engine DOCKER_HOST (or the docker context)
// names, then writes every requested report. Exit codes: docs/exit-codes.md.
ExitCode run_stack_test(const GlobalOptions& global, const StackTestOptions& options, Io io,
                        const reporters::EnvironmentView& environment,
                        ProjectLoader load = compose::load_project);

} // namespace rehearsa::cli
