#pragma once
#include "cli/exit_codes.hpp"

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

namespace rehearsa::cli {

// Parses the command line, runs the command and returns the process exit code (docs/exit-codes.md).
int run(int argc, char** argv);

// The same, on arguments without argv[0] and with the streams given: what the tests drive.
int run(std::span<const std::string> args, std::ostream& out, std::ostream& err);

// Tells err that the command is not built yet; exit 69.
ExitCode run_unavailable(std::string_view command, std::ostream& err);

} // namespace rehearsa::cli
