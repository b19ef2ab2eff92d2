// rehearsa lint: the static analysis alone, no Docker needed.
#include "cli/commands.hpp"

namespace rehearsa::cli {

namespace {

util::Result<CommandOptions> read_lint(const cxxopts::ParseResult&, std::span<const std::string>) {
    return LintOptions{};
}

} // namespace

CommandSpec lint_command() {
    CommandSpec spec;
    spec.name = "lint";
    spec.summary = "Check a compose stack for restore risks, without Docker";
    spec.description = "Loads the stack and reports what would break a restore on a fresh host: bind mounts, "
                       "mutable image tags, missing healthchecks, undeclared backups and more. Each finding "
                       "names its rule and the compose file line that caused it, and the findings give the "
                       "readiness score. FILE is a compose file, the same as -f FILE.";
    spec.operands = Operands::Files;
    spec.globals = compose_globals_and({"fail-below", "report", "no-color"});
    spec.examples = {
        "rehearsa lint docker-compose.yml",
        "rehearsa lint --fail-below 80 -f compose.yml -f compose.prod.yml",
        "rehearsa lint --report sarif=lint.sarif --report console docker-compose.yml",
    };
    spec.exit_codes = {{ExitCode::Pass, "pass: readiness at or above --fail-below"},
                       {ExitCode::BelowThreshold, "readiness below --fail-below"},
                       {ExitCode::Critical, "could not lint: the compose files are invalid or unreadable"}};
    spec.read = read_lint;
    return spec;
}

} // namespace rehearsa::cli
