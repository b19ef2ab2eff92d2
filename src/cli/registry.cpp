#include "cli/commands.hpp"

#include <algorithm>

namespace rehearsa::cli {

namespace {

std::vector<CommandSpec> make_commands() {
    return {stack_test_command(),   lint_command(),          config_command(),     status_command(),
            baseline_set_command(), baseline_show_command(), policy_set_command(), policy_show_command(),
            history_show_command(), gate_command(),          sweep_command()};
}

// spelled is "--file" or "-f".
bool has_name(const OptionSpec& option, std::string_view spelled) {
    if (spelled.starts_with("--")) return option.long_name == spelled.substr(2);
    return spelled.starts_with('-') && !option.short_name.empty() && option.short_name == spelled.substr(1);
}

const OptionSpec* find_in(const std::vector<OptionSpec>& options, std::string_view name) {
    auto it = std::ranges::find_if(options, [&](const OptionSpec& o) { return has_name(o, name); });
    return it == options.end() ? nullptr : &*it;
}

} // namespace

const std::vector<CommandSpec>& commands() {
    static const std::vector<CommandSpec> k_commands = make_commands();
    return k_commands;
}

const std::vector<GroupSpec>& command_groups() {
    static const std::vector<GroupSpec> k_groups = {
        {"stack", "Rehearse the restore of a stack"},
        {"baseline", "Pin and inspect restore contracts"},
        {"policy", "Set and inspect the standards a stack must meet"},
        {"history", "Inspect the recorded runs of a stack"},
    };
    return k_groups;
}

const CommandSpec* find_command(std::string_view name) {
    auto it = std::ranges::find(commands(), name, &CommandSpec::name);
    return it == commands().end() ? nullptr : &*it;
}

const GroupSpec* find_group(std::string_view name) {
    auto it = std::ranges::find(command_groups(), name, &GroupSpec::name);
    return it == command_groups().end() ? nullptr : &*it;
}

std::vector<std::string_view> subcommands(std::string_view group) {
    std::vector<std::string_view> names;
    for (const CommandSpec& command : commands()) {
        std::string_view name = command.name;
        if (name.starts_with(group) && name.size() > group.size() && name[group.size()] == ' ')
            names.push_back(name.substr(group.size() + 1));
    }
    return names;
}

const std::vector<OptionSpec>& general_options() {
    static const std::vector<OptionSpec> k_general = {
        {"h", "help", "", "Show this help and exit", Arity::Flag, "", "General"},
        {"", "version", "", "Print the version and exit", Arity::Flag, "", "General"},
    };
    return k_general;
}

const OptionSpec* find_any_option(std::string_view name) {
    if (const OptionSpec* found = find_in(general_options(), name)) return found;
    if (const OptionSpec* found = find_in(global_options(), name)) return found;
    for (const CommandSpec& command : commands())
        if (const OptionSpec* found = find_in(command.options, name)) return found;
    return nullptr;
}

std::vector<const OptionSpec*> command_options(const CommandSpec& command) {
    std::vector<const OptionSpec*> options;
    for (const OptionSpec& option : general_options())
        options.push_back(&option);
    for (const OptionSpec& option : global_options())
        if (std::ranges::find(command.globals, option.long_name) != command.globals.end())
            options.push_back(&option);
    for (const OptionSpec& option : command.options)
        options.push_back(&option);
    return options;
}

std::vector<std::string_view> compose_globals_and(std::initializer_list<std::string_view> more) {
    std::vector<std::string_view> names = {"file", "project-directory", "project-name", "env-file",
                                           "profile"};
    names.insert(names.end(), more.begin(), more.end());
    return names;
}

} // namespace rehearsa::cli
