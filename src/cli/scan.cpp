#include "cli/scan.hpp"

#include "cli/commands.hpp"
#include "cli/suggest.hpp"
#include "cli/values.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iterator>
#include <optional>

namespace rehearsa::cli {

namespace {

std::vector<std::string_view> top_level_words() {
    std::vector<std::string_view> words;
    for (const CommandSpec& command : commands()) {
        std::string_view first = command.name.substr(0, command.name.find(' '));
        if (std::ranges::find(words, first) == words.end()) words.push_back(first);
    }
    words.insert(words.end(), {"help", "version"});
    return words;
}

// Whether the words already name a whole command; "help" takes every word after it as its topic.
bool names_command(std::span<const std::string> words) {
    if (words.empty() || words[0] == "help") return false;
    return find_group(words[0]) ? words.size() == 2 : true;
}

std::vector<std::string> spellings(std::span<const OptionSpec* const> options) {
    std::vector<std::string> out;
    for (const OptionSpec* option : options) {
        out.push_back(fmt::format("--{}", option->long_name));
        if (!option->short_name.empty()) out.push_back(fmt::format("-{}", option->short_name));
    }
    return out;
}

std::vector<const OptionSpec*> options_for(std::string_view topic) {
    if (const CommandSpec* command = find_command(topic)) return command_options(*command);
    std::vector<const OptionSpec*> options;
    for (const OptionSpec& option : general_options())
        options.push_back(&option);
    for (const OptionSpec& option : global_options())
        options.push_back(&option);
    return options;
}

// "unknown command 'stack tset', did you mean 'stack test'?"
util::Error unknown_command_error(const std::string& group, const std::string& word,
                                  std::span<const std::string_view> known) {
    auto in_group = [&](std::string_view name) {
        return group.empty() ? std::string(name) : fmt::format("{} {}", group, name);
    };
    std::vector<std::string> full;
    std::ranges::transform(known, std::back_inserter(full), in_group);
    std::vector<std::string_view> candidates(full.begin(), full.end());
    std::string typed = in_group(word);
    return with_help_hint(
        usage_error(fmt::format("unknown command '{}'{}", typed, did_you_mean(typed, candidates))), group);
}

class Scanner {
public:
    explicit Scanner(std::span<const std::string> args) : m_args(args) {}
    util::Result<Scan> run();

private:
    void take_long(const std::string& token);
    void take_short(const std::string& token);
    bool take_word(const std::string& word);
    void take_value(const OptionSpec& option, std::string_view spelled);
    util::Error unknown_option_error() const;
    util::Result<Scan> finish();

    std::span<const std::string> m_args;
    std::size_t m_next = 0;
    Scan m_scan;
    std::optional<std::string> m_unknown_option; // the first option no command knows
    std::optional<std::string> m_value_problem;  // a flag given a value, or an option missing one
    std::optional<util::Error> m_word_error;
};

util::Result<Scan> Scanner::run() {
    bool options_ended = false;
    while (m_next < m_args.size()) {
        const std::string& token = m_args[m_next++];
        bool is_option = !options_ended && token.size() > 1 && token.starts_with('-');
        if (is_option && token == "--") {
            options_ended = true;
            m_scan.rest.push_back(token);
        } else if (is_option) {
            token.starts_with("--") ? take_long(token) : take_short(token);
        } else if (!options_ended && !names_command(m_scan.words)) {
            if (!take_word(token)) break;
        } else {
            m_scan.rest.push_back(token);
        }
    }
    return finish();
}

void Scanner::take_long(const std::string& token) {
    m_scan.rest.push_back(token);
    auto equals = token.find('=');
    std::string spelled = token.substr(0, equals);
    const OptionSpec* option = find_any_option(spelled);
    if (!option) {
        if (!m_unknown_option) m_unknown_option = spelled;
        return;
    }
    m_scan.help = m_scan.help || option->long_name == "help";
    m_scan.version = m_scan.version || option->long_name == "version";
    if (option->takes_value() && equals == std::string::npos) take_value(*option, spelled);
    if (!option->takes_value() && equals != std::string::npos && !m_value_problem)
        m_value_problem =
            fmt::format("option '{}' takes no value, got '{}'", spelled, token.substr(equals + 1));
}

// A group of short options, "-qo FILE". The value of the last one may follow in the next argument or
// be attached ("-ofile.yml"); an attached value is split off, because cxxopts built without regex
// takes "-ofile.yml" for an operand.
void Scanner::take_short(const std::string& token) {
    for (std::size_t i = 1; i < token.size(); ++i) {
        std::string spelled = fmt::format("-{}", token[i]);
        const OptionSpec* option = find_any_option(spelled);
        if (!option) {
            // "-timeout" is more likely a mistyped --timeout than a group of short options.
            if (!m_unknown_option) m_unknown_option = i == 1 ? token : spelled;
            break;
        }
        m_scan.help = m_scan.help || option->long_name == "help";
        if (!option->takes_value()) continue;
        m_scan.rest.push_back(token.substr(0, i + 1));
        if (i + 1 == token.size())
            take_value(*option, spelled);
        else
            m_scan.rest.push_back(token.substr(i + 1));
        return;
    }
    m_scan.rest.push_back(token);
}

void Scanner::take_value(const OptionSpec& option, std::string_view spelled) {
    if (m_next < m_args.size()) {
        m_scan.rest.push_back(m_args[m_next++]);
    } else if (!m_value_problem) {
        m_value_problem =
            fmt::format("option '{}' needs a value: {} {}", spelled, spelled, option.value_name);
    }
}

bool Scanner::take_word(const std::string& word) {
    std::vector<std::string>& words = m_scan.words;
    std::string group = words.empty() ? std::string() : words[0];
    std::vector<std::string_view> known = group.empty() ? top_level_words() : subcommands(group);
    if (group == "help" || std::ranges::find(known, word) != known.end()) {
        words.push_back(word);
        return true;
    }
    m_word_error = unknown_command_error(group, word, known);
    return false;
}

util::Error Scanner::unknown_option_error() const {
    std::string topic = topic_of(m_scan.words);
    std::vector<std::string> known = spellings(options_for(topic));
    std::vector<std::string_view> candidates(known.begin(), known.end());
    // "-timeout" is compared as "--timeout".
    const std::string& typed = *m_unknown_option;
    bool single_dash_word = !typed.starts_with("--") && typed.size() > 2;
    std::string word = single_dash_word ? fmt::format("-{}", typed) : typed;
    // A single letter is too short to guess from.
    std::string hint = typed.size() > 2 ? did_you_mean(word, candidates) : std::string();
    std::string message = fmt::format("unknown option '{}'{}", typed, hint);
    return with_help_hint(usage_error(std::move(message)), topic);
}

util::Result<Scan> Scanner::finish() {
    if (m_word_error) return std::unexpected(m_unknown_option ? unknown_option_error() : *m_word_error);
    if (m_scan.help || m_scan.version) return std::move(m_scan);
    if (m_unknown_option) return std::unexpected(unknown_option_error());
    if (m_value_problem)
        return std::unexpected(with_help_hint(usage_error(*m_value_problem), topic_of(m_scan.words)));
    return std::move(m_scan);
}

} // namespace

util::Result<Scan> scan_arguments(std::span<const std::string> args) {
    return Scanner(args).run();
}

std::string topic_of(std::span<const std::string> words) {
    if (words.empty() || words[0] == "help" || words[0] == "version") return {};
    if (words.size() >= 2 && find_group(words[0])) return fmt::format("{} {}", words[0], words[1]);
    return words[0];
}

} // namespace rehearsa::cli
