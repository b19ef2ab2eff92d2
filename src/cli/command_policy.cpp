// rehearsa policy set|show: the standards a stack's runs must meet, as in the original Rehearsa.
#include "cli/commands.hpp"
#include "cli/values.hpp"

namespace rehearsa::cli {

namespace {

constexpr Range k_percent{0, 100};
constexpr Range k_spike_percent{1, 10000};

util::Result<void> read_percent(const cxxopts::ParseResult& result, std::string_view name, Range range,
                                std::optional<int>& into) {
    auto text = single_value(result, name);
    if (!text) return {};
    auto value = parse_number(name, *text, range);
    if (!value) return std::unexpected(value.error());
    into = *value;
    return {};
}

util::Result<void> read_switch(const cxxopts::ParseResult& result, std::string_view name,
                               std::optional<bool>& into) {
    auto text = single_value(result, name);
    if (!text) return {};
    auto value = parse_bool(name, *text);
    if (!value) return std::unexpected(value.error());
    into = *value;
    return {};
}

util::Result<CommandOptions> read_policy_set(const cxxopts::ParseResult& result,
                                             std::span<const std::string> operands) {
    PolicySetOptions options;
    options.stack = operands[0];
    for (auto done :
         {read_percent(result, "min-confidence", k_percent, options.min_confidence),
          read_percent(result, "min-readiness", k_percent, options.min_readiness),
          read_switch(result, "block-on-regression", options.block_on_regression),
          read_switch(result, "fail-on-baseline-drift", options.fail_on_baseline_drift),
          read_switch(result, "fail-on-duration-spike", options.fail_on_duration_spike),
          read_percent(result, "duration-spike-percent", k_spike_percent, options.duration_spike_percent),
          read_switch(result, "fail-on-new-service-failure", options.fail_on_new_service_failure)})
        if (!done) return std::unexpected(done.error());
    return options;
}

util::Result<CommandOptions> read_policy_show(const cxxopts::ParseResult&,
                                              std::span<const std::string> operands) {
    return PolicyShowOptions{operands[0]};
}

std::vector<OptionSpec> policy_options() {
    return {
        {"", "min-confidence", "N", "Exit 1 when confidence is below N (0-100)", Arity::Single, "", ""},
        {"", "min-readiness", "N", "Exit 1 when readiness is below N (0-100)", Arity::Single, "", ""},
        {"", "block-on-regression", "true|false", "Exit 2 when a run regresses against the previous run",
         Arity::Single, "", ""},
        {"", "fail-on-baseline-drift", "true|false", "Exit 4 when a run drifts from the baseline",
         Arity::Single, "", ""},
        {"", "fail-on-duration-spike", "true|false", "Count a duration spike as baseline drift",
         Arity::Single, "", ""},
        {"", "duration-spike-percent", "N",
         "A run slower than the baseline by more than N percent is a spike (1-10000)", Arity::Single, "", ""},
        {"", "fail-on-new-service-failure", "true|false",
         "Exit 2 when a service that passed in the baseline fails", Arity::Single, "", ""},
    };
}

} // namespace

CommandSpec policy_set_command() {
    CommandSpec spec;
    spec.name = "policy set";
    spec.summary = "Set the standards a stack's rehearsals must meet";
    spec.description =
        "Writes the policy of STACK, a file meant to be committed and reviewed. Only the options given "
        "change; the others keep their current value. STACK is the stack's (compose project's) name.";
    spec.operands = Operands::Stack;
    spec.globals = {"no-color"};
    spec.options = policy_options();
    spec.examples = {
        "rehearsa policy set mystack --min-confidence 80 --min-readiness 80 \\\n"
        "    --block-on-regression true --fail-on-baseline-drift true \\\n"
        "    --fail-on-duration-spike true --duration-spike-percent 40",
        "rehearsa policy set mystack --block-on-regression false",
    };
    spec.exit_codes = {{ExitCode::Pass}, {ExitCode::Critical, "the policy could not be read or written"}};
    spec.read = read_policy_set;
    return spec;
}

CommandSpec policy_show_command() {
    CommandSpec spec;
    spec.name = "policy show";
    spec.summary = "Show the policy of a stack";
    spec.description = "Prints the policy of STACK: every threshold and switch, set or defaulted.";
    spec.operands = Operands::Stack;
    spec.globals = {"no-color"};
    spec.examples = {
        "rehearsa policy show mystack",
        "rehearsa --no-color policy show mystack > policy.txt",
    };
    spec.exit_codes = {{ExitCode::Pass}, {ExitCode::Critical, "the policy could not be read"}};
    spec.read = read_policy_show;
    return spec;
}

} // namespace rehearsa::cli
