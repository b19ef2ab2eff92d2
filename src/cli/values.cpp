#include "cli/values.hpp"

#include "cli/suggest.hpp"
#include "reporters/reporter.hpp"
#include "util/duration.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cxxopts.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rehearsa::cli {

namespace {

util::Error bad_value(std::string_view option, std::string_view expects, std::string_view text) {
    return usage_error(fmt::format("option '--{}' expects {}, got '{}'", option, expects, text));
}

bool is_service_name(std::string_view name) {
    auto allowed = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    };
    return !name.empty() && std::ranges::all_of(name, allowed);
}

} // namespace

util::Error usage_error(std::string message) {
    return util::Error{util::ErrorKind::Usage, {}, {}, std::move(message)};
}

std::string or_list(std::span<const std::string_view> words) {
    if (words.size() < 2) return fmt::format("{}", fmt::join(words, ""));
    return fmt::format("{} or {}", fmt::join(words.first(words.size() - 1), ", "), words.back());
}

util::Error with_help_hint(util::Error error, std::string_view topic) {
    std::string command = topic.empty() ? std::string() : fmt::format(" {}", topic);
    error.message += fmt::format(" (see 'rehearsa{} --help')", command);
    return error;
}

util::Result<int> parse_number(std::string_view option, std::string_view text, Range range,
                               std::string_view unit) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    bool whole = ec == std::errc() && end == text.data() + text.size();
    if (whole && value >= range.low && value <= range.high) return value;
    std::string of_unit = unit.empty() ? std::string() : fmt::format(" of {}", unit);
    return std::unexpected(bad_value(
        option, fmt::format("a whole number{} from {} to {}", of_unit, range.low, range.high), text));
}

util::Result<bool> parse_bool(std::string_view option, std::string_view text) {
    if (text == "true") return true;
    if (text == "false") return false;
    return std::unexpected(bad_value(option, "true or false", text));
}

util::Result<std::size_t> parse_choice(std::string_view option, std::string_view text,
                                       std::span<const std::string_view> choices) {
    auto it = std::ranges::find(choices, text);
    if (it != choices.end()) return static_cast<std::size_t>(it - choices.begin());
    util::Error error = bad_value(option, or_list(choices), text);
    error.message += did_you_mean(text, choices);
    return std::unexpected(std::move(error));
}

util::Result<std::chrono::nanoseconds> parse_positive_duration(std::string_view option,
                                                               std::string_view text) {
    auto duration = util::parse_duration(text);
    if (duration && duration->count() > 0) return *duration;
    return std::unexpected(bad_value(option, "a duration such as 24h, 90m or 1h30m", text));
}

util::Result<ReportRequest> parse_report(std::string_view text) {
    auto equals = text.find('=');
    std::string_view format = text.substr(0, equals);
    std::vector<std::string_view> formats;
    for (const reporters::ReporterFactory& factory : reporters::reporter_registry())
        formats.push_back(factory.name);
    auto index = parse_choice("report", format, formats);
    if (!index) return std::unexpected(index.error());
    if (equals == std::string_view::npos) return ReportRequest{std::string(format), std::nullopt};
    std::string_view path = text.substr(equals + 1);
    if (path.empty()) return std::unexpected(bad_value("report", "FORMAT[=PATH]", text));
    return ReportRequest{std::string(format), std::string(path)};
}

util::Result<void> check_reports(std::span<const ReportRequest> reports) {
    std::vector<std::string> to_stdout;
    for (const ReportRequest& report : reports)
        if (!report.path) to_stdout.push_back(fmt::format("'{}'", report.format));
    if (to_stdout.size() < 2) return {};
    return std::unexpected(usage_error(fmt::format(
        "option '--report' sends {} and {} to stdout, where only one report can go; give the others a path, "
        "e.g. --report {}=PATH",
        fmt::join(std::span(to_stdout).first(to_stdout.size() - 1), ", "), to_stdout.back(),
        reports.back().format)));
}

util::Result<InjectedFailure> parse_injected_failure(std::string_view text) {
    auto colon = text.find(':');
    std::string_view service = text.substr(0, colon);
    if (!is_service_name(service))
        return std::unexpected(bad_value("inject-failure", "SERVICE[:MODE]", text));
    if (colon == std::string_view::npos) return InjectedFailure{std::string(service), FailureMode::Exit};
    auto mode = parse_choice("inject-failure", text.substr(colon + 1), k_failure_modes);
    if (!mode) return std::unexpected(mode.error());
    return InjectedFailure{std::string(service), static_cast<FailureMode>(*mode)};
}

std::optional<std::string> single_value(const cxxopts::ParseResult& result, std::string_view name) {
    std::string key(name);
    if (result.count(key) == 0) return std::nullopt;
    return result[key].as<std::string>();
}

std::vector<std::string> all_values(const cxxopts::ParseResult& result, std::string_view name) {
    std::string key(name);
    if (result.count(key) == 0) return {};
    return result[key].as<std::vector<std::string>>();
}

bool flag_set(const cxxopts::ParseResult& result, std::string_view name) {
    std::string key(name);
    return result.count(key) > 0 && result[key].as<bool>();
}

} // namespace rehearsa::cli
