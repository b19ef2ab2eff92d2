// rehearsa history show: the append-only, hash-chained record of a stack's runs.
#include "cli/commands.hpp"
#include "cli/values.hpp"

namespace rehearsa::cli {

namespace {

constexpr Range k_limit{1, 1000000};

util::Result<CommandOptions> read_history_show(const cxxopts::ParseResult& result,
                                               std::span<const std::string> operands) {
    HistoryShowOptions options;
    options.stack = operands[0];
    if (auto text = single_value(result, "limit")) {
        auto limit = parse_number("limit", *text, k_limit);
        if (!limit) return std::unexpected(limit.error());
        options.limit = *limit;
    }
    return options;
}

} // namespace

CommandSpec history_show_command() {
    CommandSpec spec;
    spec.name = "history show";
    spec.summary = "Show the recorded runs of a stack and their trend";
    spec.description = "Prints one line per run of STACK, oldest first: time, confidence and its change, "
                       "risk band, duration and exit code. The hash chain of the history is checked as it is "
                       "read. STACK is the stack's (compose project's) name.";
    spec.operands = Operands::Stack;
    spec.globals = {"strict-integrity", "no-color"};
    spec.options = {
        {"", "limit", "N", "Show only the newest N runs (default: all)", Arity::Single, "", ""},
    };
    spec.examples = {
        "rehearsa history show mystack",
        "rehearsa --strict-integrity history show mystack --limit 10",
    };
    spec.exit_codes = {
        {ExitCode::Pass},
        {ExitCode::Critical, "the history could not be read, or (--strict-integrity) tampering"}};
    spec.read = read_history_show;
    return spec;
}

} // namespace rehearsa::cli
