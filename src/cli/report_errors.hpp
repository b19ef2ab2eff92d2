#pragma once
// How commands tell the user about errors and warnings: on stderr, one line each, "rehearsa: ".
#include "cli/exit_codes.hpp"
#include "util/error.hpp"

#include <iosfwd>
#include <span>

namespace rehearsa::cli {

// Prints the error, one line for each line of its text, and returns the exit code it implies.
ExitCode report_error(std::ostream& err, const util::Error& error);

void report_warnings(std::ostream& err, std::span<const util::Error> warnings);

} // namespace rehearsa::cli
