// rehearsa sweep: removes what crashed runs left behind, and nothing else.
#include "cli/commands.hpp"
#include "cli/values.hpp"

namespace rehearsa::cli {

namespace {

util::Result<CommandOptions> read_sweep(const cxxopts::ParseResult& result, std::span<const std::string>) {
    SweepOptions options;
    options.dry_run = flag_set(result, "dry-run");
    return options;
}

} // namespace

CommandSpec sweep_command() {
    CommandSpec spec;
    spec.name = "sweep";
    spec.summary = "Remove sandbox resources left behind by crashed runs";
    spec.description = "Removes the containers, networks and volumes that carry rehearsa's labels and whose "
                       "owner process is gone. Resources of a run still in progress, and anything without "
                       "rehearsa's labels, are never touched.";
    spec.globals = {"no-color"};
    spec.options = {
        {"", "dry-run", "", "List what would be removed; remove nothing", Arity::Flag, "", ""},
    };
    spec.examples = {
        "rehearsa sweep --dry-run",
        "rehearsa sweep",
    };
    spec.exit_codes = {{ExitCode::Pass},
                       {ExitCode::Critical, "no engine, or a resource could not be removed"}};
    spec.read = read_sweep;
    return spec;
}

} // namespace rehearsa::cli
