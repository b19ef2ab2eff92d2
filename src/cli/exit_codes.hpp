#pragma once
// The process exit codes: the contract CI pipelines read (docs/exit-codes.md).
#include "util/error.hpp"

#include <string_view>

namespace rehearsa::cli {

enum class ExitCode : int {
    Pass = 0,
    BelowThreshold = 1, // confidence or readiness below the threshold
    Regression = 2,
    Critical = 3, // includes "could not run": invalid input, no engine, integrity violation
    BaselineDrift = 4,
    Usage = 64,        // EX_USAGE: unknown command or option, bad option value
    Unavailable = 69,  // EX_UNAVAILABLE: the command is not yet available in this build
    Interrupted = 130, // 128 + SIGINT: stopped by SIGINT or SIGTERM, after removing the sandbox
};

constexpr int to_int(ExitCode code) {
    return static_cast<int>(code);
}

// The code that wins when several apply: 130 > 3 > 2 > 4 > 1 > 0. Usage and Unavailable end a run before
// anything is evaluated, so they never meet the others; they rank above them all the same.
ExitCode most_severe(ExitCode a, ExitCode b);

// Usage errors exit 64; every other failure to run is critical (3).
ExitCode exit_code_for(const util::Error& error);

// "pass", "regression", ... as help and docs/exit-codes.md word them.
std::string_view describe(ExitCode code);

} // namespace rehearsa::cli
