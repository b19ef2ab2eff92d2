#include "cli/exit_codes.hpp"

#include <algorithm>
#include <array>

namespace rehearsa::cli {

namespace {

// Most severe first.
constexpr std::array k_precedence = {ExitCode::Usage,          ExitCode::Unavailable, ExitCode::Interrupted,
                                     ExitCode::Critical,       ExitCode::Regression,  ExitCode::BaselineDrift,
                                     ExitCode::BelowThreshold, ExitCode::Pass};

std::ptrdiff_t rank(ExitCode code) {
    return k_precedence.end() - std::ranges::find(k_precedence, code);
}

} // namespace

ExitCode most_severe(ExitCode a, ExitCode b) {
    return rank(a) >= rank(b) ? a : b;
}

ExitCode exit_code_for(const util::Error& error) {
    return error.kind == util::ErrorKind::Usage ? ExitCode::Usage : ExitCode::Critical;
}

std::string_view describe(ExitCode code) {
    switch (code) {
    case ExitCode::Pass:
        return "pass";
    case ExitCode::BelowThreshold:
        return "confidence or readiness below the threshold";
    case ExitCode::Regression:
        return "regression against the previous run";
    case ExitCode::Critical:
        return "critical failure, or could not run (invalid input, no engine)";
    case ExitCode::BaselineDrift:
        return "drift from the pinned baseline";
    case ExitCode::Usage:
        return "usage error: unknown command or option, bad option value";
    case ExitCode::Unavailable:
        return "command not yet available in this build";
    case ExitCode::Interrupted:
        return "interrupted by SIGINT or SIGTERM; the sandbox was removed";
    }
    return "";
}

} // namespace rehearsa::cli
