// What a command that is not built yet answers: it never pretends to have worked.
#include "cli/cli.hpp"

#include <fmt/format.h>
#include <ostream>

namespace rehearsa::cli {

ExitCode run_unavailable(std::string_view command, std::ostream& err) {
    err << fmt::format("rehearsa: '{}' is not yet available in this build\n", command) << std::flush;
    return ExitCode::Unavailable;
}

} // namespace rehearsa::cli
