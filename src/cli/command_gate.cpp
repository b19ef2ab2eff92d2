// rehearsa gate: lets a deploy job refuse to run without a fresh passing receipt.
#include "cli/commands.hpp"
#include "cli/values.hpp"

#include <fmt/format.h>

namespace rehearsa::cli {

namespace {

util::Result<CommandOptions> read_gate(const cxxopts::ParseResult& result, std::span<const std::string>) {
    GateOptions options;
    if (auto text = single_value(result, "max-age")) {
        auto age = parse_positive_duration("max-age", *text);
        if (!age) return std::unexpected(age.error());
        options.max_age = *age;
    }
    return options;
}

} // namespace

CommandSpec gate_command() {
    CommandSpec spec;
    spec.name = "gate";
    spec.summary = "Pass only if a fresh passing receipt matches the stack";
    spec.description =
        "Computes the plan of the stack as it is now (model, image digests, restore sources, policy) and "
        "passes only when a passing rehearsal of that same plan is recorded and younger than --max-age. Put "
        "it before the deploy step of a pipeline. FILE is a compose file, the same as -f FILE.";
    spec.operands = Operands::Files;
    spec.globals = compose_globals_and({"strict-integrity", "no-color"});
    spec.options = {
        {"", "max-age", "DURATION", "Oldest acceptable receipt, e.g. 12h, 90m or 1h30m", Arity::Single,
         fmt::format("{}h", k_default_max_age.count()), ""},
    };
    spec.examples = {
        "rehearsa gate docker-compose.yml",
        "rehearsa gate --max-age 12h -f compose.yml -f compose.prod.yml",
    };
    spec.exit_codes = {
        {ExitCode::Pass, "pass: a fresh passing receipt matches the current plan"},
        {ExitCode::BelowThreshold, "no receipt matches: none, too old, failed or another plan"},
        {ExitCode::Critical, "could not check: invalid input, unreadable state, tampering"}};
    spec.read = read_gate;
    return spec;
}

} // namespace rehearsa::cli
