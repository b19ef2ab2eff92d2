// rehearsa sweep: removes what crashed runs left behind, and nothing else.
#include "cli/commands.hpp"
#include "cli/values.hpp"
#include "docker/docker_engine.hpp"
#include "sandbox/cleanup.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace rehearsa::cli {

namespace {

using sandbox::SweepMode;

util::Result<CommandOptions> read_sweep(const cxxopts::ParseResult& result, std::span<const std::string>) {
    SweepOptions options;
    options.dry_run = flag_set(result, "dry-run");
    return options;
}

void print_sweep(const sandbox::SweepReport& swept, SweepMode mode, std::ostream& out) {
    std::string_view verb = mode == SweepMode::DryRun ? "would remove" : "removed";
    for (const std::string& run_id : swept.runs_removed)
        out << fmt::format("{} run {} (its owner process is gone)\n", verb, run_id);
    for (const std::string& run_id : swept.runs_alive)
        out << fmt::format("left run {} alone: its owner is still running\n", run_id);
    for (const std::string& what : swept.left_alone)
        out << fmt::format("left alone: {}\n", what);
    out << fmt::format("sweep: {} {}, {}, {}\n", verb, util::plural(swept.removed.containers, "container"),
                       util::plural(swept.removed.networks, "network"),
                       util::plural(swept.removed.volumes, "volume"));
    for (const std::string& leftover : swept.removed.leftovers)
        out << "sweep: could not remove " << leftover << '\n';
}

ExitCode run_sweep(const Invocation& invocation, Io io) {
    const auto& options = std::get<SweepOptions>(invocation.command);
    auto engine = docker::DockerEngine::connect(docker::process_env());
    if (!engine) {
        io.err << "rehearsa: " << engine.error().message << '\n';
        return ExitCode::Critical;
    }
    SweepMode mode = options.dry_run ? SweepMode::DryRun : SweepMode::Remove;
    sandbox::SweepReport swept = sandbox::sweep(**engine, mode);
    print_sweep(swept, mode, io.out);
    return swept.removed.leftovers.empty() ? ExitCode::Pass : ExitCode::Critical;
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
    spec.run = run_sweep;
    return spec;
}

} // namespace rehearsa::cli
