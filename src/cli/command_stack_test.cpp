// rehearsa stack test: the rehearsal itself. It parses today; the pipeline arrives in later issues.
#include "cli/commands.hpp"

namespace rehearsa::cli {

namespace {

util::Result<CommandOptions> read_stack_test(const cxxopts::ParseResult&, std::span<const std::string>) {
    return StackTestOptions{};
}

} // namespace

CommandSpec stack_test_command() {
    CommandSpec spec;
    spec.name = "stack test";
    spec.summary = "Rehearse a restore of a compose stack in a sandbox";
    spec.description = "Boots the stack in an isolated sandbox on the Docker Engine, restores its volumes "
                       "from their declared backups, waits for every service, probes it and scores the run, "
                       "then checks the result against the stack's baseline and policy. The live stack is "
                       "never touched. FILE is a compose file, the same as -f FILE.";
    spec.operands = Operands::Files;
    spec.globals = compose_globals_and({"timeout", "inject-failure", "fail-below", "fail-on-regression",
                                        "strict-integrity", "report", "junit-profile", "no-color"});
    spec.examples = {
        "rehearsa --timeout 120 stack test docker-compose.yml",
        "rehearsa --fail-below 80 --fail-on-regression stack test docker-compose.yml",
        "rehearsa stack test --inject-failure db:kill --report junit=junit.xml",
    };
    spec.exit_codes = {
        {ExitCode::Pass},
        {ExitCode::BelowThreshold},
        {ExitCode::Regression},
        {ExitCode::Critical, "critical failure, or could not run (invalid input, no engine, tampering)"},
        {ExitCode::BaselineDrift}};
    spec.read = read_stack_test;
    return spec;
}

} // namespace rehearsa::cli
