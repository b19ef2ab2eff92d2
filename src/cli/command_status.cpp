// rehearsa status: the fleet at a glance, from the recorded history.
#include "cli/commands.hpp"

namespace rehearsa::cli {

namespace {

util::Result<CommandOptions> read_status(const cxxopts::ParseResult&, std::span<const std::string>) {
    return StatusOptions{};
}

} // namespace

CommandSpec status_command() {
    CommandSpec spec;
    spec.name = "status";
    spec.summary = "Show the latest rehearsal of every stack";
    spec.description = "Lists every stack rehearsa has rehearsed with its latest confidence, risk band, "
                       "readiness, duration and exit code, and whether a baseline and a policy are set.";
    spec.globals = {"strict-integrity", "no-color"};
    spec.examples = {
        "rehearsa status",
        "rehearsa --strict-integrity status",
    };
    spec.exit_codes = {{ExitCode::Pass},
                       {ExitCode::Critical, "could not read the state, or (--strict-integrity) tampering"}};
    spec.read = read_status;
    return spec;
}

} // namespace rehearsa::cli
