// rehearsa baseline set|show: the restore contract of a stack, pinned explicitly, never silently.
#include "cli/commands.hpp"

namespace rehearsa::cli {

namespace {

util::Result<CommandOptions> read_baseline_set(const cxxopts::ParseResult&,
                                               std::span<const std::string> operands) {
    return BaselineSetOptions{operands[0]};
}

util::Result<CommandOptions> read_baseline_show(const cxxopts::ParseResult&,
                                                std::span<const std::string> operands) {
    return BaselineShowOptions{operands[0]};
}

} // namespace

CommandSpec baseline_set_command() {
    CommandSpec spec;
    spec.name = "baseline set";
    spec.summary = "Pin the latest run of a stack as its restore contract";
    spec.description = "Records the services, scores, readiness and duration of the stack's latest run as "
                       "its baseline. Later runs are measured against it; it changes only when you set it "
                       "again. STACK is the stack's (compose project's) name.";
    spec.operands = Operands::Stack;
    spec.globals = {"strict-integrity", "no-color"};
    spec.examples = {
        "rehearsa baseline set mystack",
        "rehearsa --strict-integrity baseline set mystack",
    };
    spec.exit_codes = {{ExitCode::Pass},
                       {ExitCode::Critical, "no run of STACK to pin, the state is unreadable, or tampering"}};
    spec.read = read_baseline_set;
    return spec;
}

CommandSpec baseline_show_command() {
    CommandSpec spec;
    spec.name = "baseline show";
    spec.summary = "Show the pinned restore contract of a stack";
    spec.description = "Prints the baseline of STACK: when it was pinned, the expected services and their "
                       "scores, the confidence and readiness floors and the duration ceiling.";
    spec.operands = Operands::Stack;
    spec.globals = {"no-color"};
    spec.examples = {
        "rehearsa baseline show mystack",
        "rehearsa --no-color baseline show mystack > contract.txt",
    };
    spec.exit_codes = {{ExitCode::Pass}, {ExitCode::Critical, "STACK has no baseline, or it is unreadable"}};
    spec.read = read_baseline_show;
    return spec;
}

} // namespace rehearsa::cli
