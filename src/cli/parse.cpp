// parse_command_line: scan for the command words, then let cxxopts parse the rest with the options
// of that command, then check and type every value.
#include "cli/options.hpp"
#include "cli/parser.hpp"
#include "cli/scan.hpp"
#include "cli/suggest.hpp"
#include "cli/values.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rehearsa::cli {

namespace {

// cxxopts words its errors "Option ‘x’ is ..."; in our quoting style they read as one voice.
std::string from_cxxopts(std::string_view message) {
    constexpr std::string_view k_open = "\u2018", k_close = "\u2019";
    std::string out;
    while (!message.empty()) {
        bool quote = message.starts_with(k_open) || message.starts_with(k_close);
        out += quote ? '\'' : message.front();
        message.remove_prefix(quote ? k_open.size() : 1);
    }
    if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    return out;
}

util::Error unmatched_error(const CommandSpec& command, const std::string& token) {
    std::string spelled = token.substr(0, token.find('='));
    if (find_any_option(spelled))
        return usage_error(fmt::format("option '{}' does not apply to '{}'", spelled, command.name));
    return usage_error(fmt::format("unknown option '{}'", spelled));
}

util::Result<cxxopts::ParseResult> run_cxxopts(const CommandSpec& command,
                                               std::span<const std::string> rest) {
    cxxopts::Options parser = make_parser(command);
    parser.allow_unrecognised_options();
    std::vector<const char*> argv = {"rehearsa"};
    for (const std::string& arg : rest)
        argv.push_back(arg.c_str());
    try {
        cxxopts::ParseResult result = parser.parse(static_cast<int>(argv.size()), argv.data());
        if (!result.unmatched().empty())
            return std::unexpected(unmatched_error(command, result.unmatched()[0]));
        return result;
    } catch (const cxxopts::exceptions::exception& e) {
        return std::unexpected(usage_error(from_cxxopts(e.what())));
    }
}

util::Result<void> check_operands(const CommandSpec& command, std::span<const std::string> operands) {
    switch (command.operands) {
    case Operands::Files:
        return {};
    case Operands::None:
        if (operands.empty()) return {};
        return std::unexpected(usage_error(
            fmt::format("unexpected argument '{}': '{}' takes no arguments", operands[0], command.name)));
    case Operands::Stack:
        if (operands.size() == 1) return {};
        if (operands.empty())
            return std::unexpected(usage_error(fmt::format("'{}' needs a STACK name", command.name)));
        return std::unexpected(usage_error(
            fmt::format("unexpected argument '{}': '{}' takes one STACK name", operands[1], command.name)));
    }
    return {};
}

util::Result<Invocation> parse_command(const CommandSpec& command, std::span<const std::string> rest) {
    auto result = run_cxxopts(command, rest);
    if (!result) return std::unexpected(result.error());
    auto operands = all_values(*result, k_operands);
    if (auto checked = check_operands(command, operands); !checked) return std::unexpected(checked.error());
    auto global = read_global_options(*result);
    if (!global) return std::unexpected(global.error());
    if (command.operands == Operands::Files)
        global->compose.files.insert(global->compose.files.end(), operands.begin(), operands.end());
    auto options = command.read(*result, operands);
    if (!options) return std::unexpected(options.error());
    return Invocation{Action::Run, std::string(command.name), std::move(*global), std::move(*options)};
}

std::vector<std::string_view> help_topics() {
    std::vector<std::string_view> topics;
    for (const GroupSpec& group : command_groups())
        topics.push_back(group.name);
    for (const CommandSpec& command : commands())
        topics.push_back(command.name);
    return topics;
}

// "rehearsa help stack test"
util::Result<Invocation> help_invocation(std::span<const std::string> topic_words) {
    std::string topic = fmt::format("{}", fmt::join(topic_words, " "));
    if (topic.empty() || find_group(topic) || find_command(topic))
        return Invocation{Action::Help, topic, {}, {}};
    auto topics = help_topics();
    return std::unexpected(with_help_hint(
        usage_error(fmt::format("unknown command '{}'{}", topic, did_you_mean(topic, topics))), ""));
}

util::Error missing_command(std::string_view group) {
    if (group.empty()) return with_help_hint(usage_error("no command given"), "");
    auto names = subcommands(group);
    return with_help_hint(usage_error(fmt::format("'{}' needs a command: {}", group, or_list(names))), group);
}

} // namespace

util::Result<Invocation> parse_command_line(std::span<const std::string> args) {
    auto scan = scan_arguments(args);
    if (!scan) return std::unexpected(scan.error());
    const std::vector<std::string>& words = scan->words;
    if (scan->version || (!words.empty() && words[0] == "version"))
        return Invocation{Action::Version, "", {}, {}};
    if (!words.empty() && words[0] == "help") return help_invocation(std::span(words).subspan(1));
    std::string topic = topic_of(words);
    if (scan->help) return Invocation{Action::Help, topic, {}, {}};
    const CommandSpec* command = find_command(topic);
    if (!command) return std::unexpected(missing_command(topic));
    auto invocation = parse_command(*command, scan->rest);
    if (!invocation) return std::unexpected(with_help_hint(invocation.error(), command->name));
    return invocation;
}

} // namespace rehearsa::cli
