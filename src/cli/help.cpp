#include "cli/help.hpp"

#include "cli/commands.hpp"
#include "cli/text.hpp"
#include "rehearsa_config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <ranges>

namespace rehearsa::cli {

namespace {

constexpr std::size_t k_command_column = 18;
constexpr std::size_t k_max_option_column = 30;
constexpr std::size_t k_code_column = 6;
constexpr std::array<std::string_view, 5> k_categories = {"Compose", "Rehearsal", "Contract", "Output",
                                                          "General"};
constexpr std::string_view k_unavailable_note =
    "  * not yet available in this build: checks its options, then exits 69\n";

struct Section {
    std::string title;
    std::vector<const OptionSpec*> options;
};

std::string option_name(const OptionSpec& option) {
    std::string out = option.short_name.empty() ? "    " : fmt::format("-{}, ", option.short_name);
    out += fmt::format("--{}", option.long_name);
    if (option.takes_value()) out += fmt::format(" {}", option.value_name);
    return out;
}

std::string option_help(const OptionSpec& option) {
    if (option.default_value.empty()) return std::string(option.help);
    return fmt::format("{} (default: {})", option.help, option.default_value);
}

// "  -f, --file FILE   Compose file; ..." with every description in one column.
std::string render_sections(std::span<const Section> sections) {
    std::size_t column = 0;
    for (const Section& section : sections)
        for (const OptionSpec* option : section.options)
            column = std::max(column, std::min(option_name(*option).size() + 4, k_max_option_column));
    std::string out;
    for (const Section& section : sections) {
        out += fmt::format("{} options:\n", section.title);
        for (const OptionSpec* option : section.options) {
            std::string name = fmt::format("  {}", option_name(*option));
            bool fits = name.size() + 2 <= column;
            out += fits ? fmt::format("{:<{}}", name, column) : fmt::format("{}\n{:<{}}", name, "", column);
            out += wrap(option_help(*option), column) + "\n";
        }
        out += "\n";
    }
    return out;
}

// The options of a command by help section: its own first, then the global ones by category.
std::vector<Section> sections_of(std::span<const OptionSpec* const> options, std::string_view own_title) {
    std::vector<Section> sections;
    auto add = [&](std::string title, std::string_view category) {
        Section section{std::move(title), {}};
        for (const OptionSpec* option : options)
            if (option->category == category) section.options.push_back(option);
        if (!section.options.empty()) sections.push_back(std::move(section));
    };
    add(std::string(own_title), "");
    for (std::string_view category : k_categories)
        add(std::string(category), category);
    return sections;
}

std::string command_list(std::string_view prefix) {
    std::string out = "Commands:\n";
    bool any_unavailable = false;
    for (const CommandSpec& command : commands()) {
        if (!command.name.starts_with(prefix)) continue;
        std::string mark = command.available() ? "" : " *";
        out += fmt::format("  {:<{}}{}{}\n", command.name, k_command_column - 2, command.summary, mark);
        any_unavailable = any_unavailable || !command.available();
    }
    if (any_unavailable) out += k_unavailable_note;
    return out + "\n";
}

std::string examples(std::span<const std::string_view> lines) {
    std::string out = "Examples:\n";
    // An example may continue on further lines, each ending in " \\".
    for (std::string_view line : lines)
        for (auto part : std::views::split(line, '\n'))
            out += fmt::format("  {}\n", std::string_view(part.begin(), part.end()));
    return out + "\n";
}

std::string exit_code_table(std::span<const ExitCodeDoc> codes) {
    std::string out = "Exit codes:\n";
    int verdicts = 0;
    for (const ExitCodeDoc& doc : codes) {
        std::string_view meaning = doc.meaning.empty() ? describe(doc.code) : doc.meaning;
        out += fmt::format("  {:<{}}{}\n", to_int(doc.code), k_code_column - 2, wrap(meaning, k_code_column));
        verdicts += to_int(doc.code) >= 1 && to_int(doc.code) <= 4 ? 1 : 0;
    }
    bool interruptible =
        std::ranges::any_of(codes, [](const ExitCodeDoc& doc) { return doc.code == ExitCode::Interrupted; });
    if (verdicts > 1)
        out += fmt::format("  When several apply, the most severe wins: {}3 > 2 > 4 > 1 > 0.\n",
                           interruptible ? "130 > " : "");
    return out;
}

std::string top_help() {
    std::vector<const OptionSpec*> options;
    for (const OptionSpec& option : global_options())
        options.push_back(&option);
    for (const OptionSpec& option : general_options())
        options.push_back(&option);
    std::vector<ExitCodeDoc> codes = {
        {ExitCode::Pass},          {ExitCode::BelowThreshold}, {ExitCode::Regression}, {ExitCode::Critical},
        {ExitCode::BaselineDrift}, {ExitCode::Usage},          {ExitCode::Unavailable}};
    std::vector<std::string_view> lines = {"rehearsa --timeout 120 stack test docker-compose.yml",
                                           "rehearsa config -f compose.yml -f compose.prod.yml --format json",
                                           "rehearsa help policy set"};
    return fmt::format("rehearsa {} - prove that a Docker Compose stack restores from its backups\n\n"
                       "Usage:\n  rehearsa [OPTION...] COMMAND [ARG...] [OPTION...]\n"
                       "  rehearsa help COMMAND\n\n{}"
                       "Global options go before or after the command; each command's help lists\n"
                       "the ones it takes.\n\n{}{}{}\n"
                       "Run 'rehearsa help COMMAND' for the options and examples of a command.\n",
                       REHEARSA_VERSION, command_list(""), render_sections(sections_of(options, "")),
                       examples(lines), exit_code_table(codes));
}

std::string group_help(const GroupSpec& group) {
    return fmt::format("rehearsa {} - {}\n\nUsage:\n  rehearsa {} COMMAND [OPTION...] [ARG...]\n\n{}"
                       "Run 'rehearsa help {} COMMAND' for the options and examples of a command.\n",
                       group.name, group.summary, group.name, command_list(fmt::format("{} ", group.name)),
                       group.name);
}

std::string_view operands_usage(Operands operands) {
    switch (operands) {
    case Operands::None:
        return "";
    case Operands::Files:
        return " [FILE...]";
    case Operands::Stack:
        return " STACK";
    }
    return "";
}

std::string command_help(const CommandSpec& command) {
    std::string out = fmt::format("rehearsa {} - {}\n\nUsage:\n  rehearsa {} [OPTION...]{}\n\n", command.name,
                                  command.summary, command.name, operands_usage(command.operands));
    if (!command.available())
        out += "Not yet available in this build: it checks its options, then exits 69.\n\n";
    out += wrap(command.description, 0) + "\n\n";
    std::string own_title(command.name);
    own_title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(own_title[0])));
    out += render_sections(sections_of(command_options(command), own_title));
    out += examples(command.examples);
    std::vector<ExitCodeDoc> codes = command.exit_codes;
    codes.push_back({ExitCode::Usage});
    if (!command.available()) codes.push_back({ExitCode::Unavailable});
    return out + exit_code_table(codes);
}

} // namespace

std::string help_text(std::string_view topic) {
    if (const CommandSpec* command = find_command(topic)) return command_help(*command);
    if (const GroupSpec* group = find_group(topic)) return group_help(*group);
    return top_help();
}

std::string version_text() {
    return fmt::format("rehearsa {}\n", REHEARSA_VERSION);
}

} // namespace rehearsa::cli
