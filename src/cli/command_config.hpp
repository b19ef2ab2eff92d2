#pragma once
// rehearsa config: prints the compose model as rehearsa loads it, like `docker compose config`.
#include "cli/commands.hpp"
#include "compose/loader.hpp"

namespace rehearsa::cli {

using ProjectLoader = compose::LoadResult (*)(const compose::LoadOptions& options);

// Loads the project and prints it (or its service names) to io.out or --output. Load errors go to
// io.err, one line each, and exit 3; warnings go to io.err and never change the exit code.
ExitCode run_config(const GlobalOptions& global, const ConfigOptions& options, Io io,
                    ProjectLoader load = compose::load_project);

} // namespace rehearsa::cli
