#pragma once
// Turns option values into typed ones, with usage errors that name the option and what it expects.
// cxxopts hands every value over as a string so that these messages, not its own, reach the user.
#include "cli/options.hpp"
#include "util/error.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cxxopts {
class ParseResult;
}

namespace rehearsa::cli {

// In the order of reporters::JunitProfile.
inline constexpr std::array<std::string_view, 2> k_junit_profiles = {"default", "strict"};
// In the order of FailureMode.
inline constexpr std::array<std::string_view, 3> k_failure_modes = {"exit", "kill", "unhealthy"};

util::Error usage_error(std::string message);
// "a or b", "a, b or c"
std::string or_list(std::span<const std::string_view> words);
// Ends a usage error with where to read more: "(see 'rehearsa stack test --help')".
util::Error with_help_hint(util::Error error, std::string_view topic);

struct Range {
    int low;
    int high;
};

// A whole number in range; unit ("seconds") words the message.
util::Result<int> parse_number(std::string_view option, std::string_view text, Range range,
                               std::string_view unit = {});
// "true" or "false", as the original tool's policy flags take them.
util::Result<bool> parse_bool(std::string_view option, std::string_view text);
// The index of text among choices.
util::Result<std::size_t> parse_choice(std::string_view option, std::string_view text,
                                       std::span<const std::string_view> choices);
// A Go duration ("24h", "90m") greater than zero.
util::Result<std::chrono::nanoseconds> parse_positive_duration(std::string_view option,
                                                               std::string_view text);
// FORMAT[=PATH]
util::Result<ReportRequest> parse_report(std::string_view text);
// At most one report can write to stdout.
util::Result<void> check_reports(std::span<const ReportRequest> reports);
// SERVICE[:MODE]
util::Result<InjectedFailure> parse_injected_failure(std::string_view text);

// Access to cxxopts results by long name; absent when the command does not register the option.
std::optional<std::string> single_value(const cxxopts::ParseResult& result, std::string_view name);
std::vector<std::string> all_values(const cxxopts::ParseResult& result, std::string_view name);
bool flag_set(const cxxopts::ParseResult& result, std::string_view name);

// When option `name` is given, sets `target` to the enum value at the index of its choice.
template <typename Enum>
util::Result<void> read_choice(const cxxopts::ParseResult& result, std::string_view name,
                               std::span<const std::string_view> choices, Enum& target) {
    auto text = single_value(result, name);
    if (!text) return {};
    auto choice = parse_choice(name, *text, choices);
    if (!choice) return std::unexpected(choice.error());
    target = static_cast<Enum>(*choice);
    return {};
}

} // namespace rehearsa::cli
