#include "cli/report_errors.hpp"

#include <ostream>
#include <string_view>

namespace rehearsa::cli {

namespace {

void print_lines(std::ostream& err, std::string_view prefix, std::string_view text) {
    while (true) {
        auto newline = text.find('\n');
        err << prefix << text.substr(0, newline) << '\n';
        if (newline == std::string_view::npos || newline + 1 == text.size()) break;
        text.remove_prefix(newline + 1);
    }
}

} // namespace

ExitCode report_error(std::ostream& err, const util::Error& error) {
    print_lines(err, "rehearsa: ", error.to_string());
    err.flush();
    return exit_code_for(error);
}

void report_warnings(std::ostream& err, std::span<const util::Error> warnings) {
    for (const util::Error& warning : warnings)
        print_lines(err, "rehearsa: warning: ", warning.to_string());
    err.flush();
}

} // namespace rehearsa::cli
