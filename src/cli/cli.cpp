#include "cli/cli.hpp"

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/options.hpp"
#include "cli/report_errors.hpp"

#include <exception>
#include <fmt/format.h>
#include <iostream>
#include <vector>

namespace rehearsa::cli {

namespace {

ExitCode dispatch(const Invocation& invocation, Io io) {
    switch (invocation.action) {
    case Action::Version:
        io.out << version_text() << std::flush;
        return ExitCode::Pass;
    case Action::Help:
        io.out << help_text(invocation.topic) << std::flush;
        return ExitCode::Pass;
    case Action::Run:
        break;
    }
    const CommandSpec* command = find_command(invocation.topic);
    if (!command->available()) return run_unavailable(command->name, io.err);
    return command->run(invocation, io);
}

} // namespace

int run(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    Io io{out, err};
    // Exceptions are for the truly exceptional; this is the one place that catches them.
    try {
        auto invocation = parse_command_line(args);
        if (!invocation) return to_int(report_error(err, invocation.error()));
        return to_int(dispatch(*invocation, io));
    } catch (const std::exception& e) {
        err << fmt::format("rehearsa: internal error: {}\n", e.what()) << std::flush;
        return to_int(ExitCode::Critical);
    }
}

int run(int argc, char** argv) {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    return run(args, std::cout, std::cerr);
}

} // namespace rehearsa::cli
