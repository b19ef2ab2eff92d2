#pragma once
// The table of commands and their options: the one place that names them. The parser, the help
// and the "did you mean" hints all read it, so they cannot disagree.
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cxxopts {
class ParseResult;
}

namespace rehearsa::cli {

enum class Arity { Flag, Single, Repeated };

struct OptionSpec {
    std::string_view short_name; // "f", or empty
    std::string_view long_name;  // "file"
    std::string_view value_name; // "FILE"; empty for a flag
    std::string_view help;
    Arity arity = Arity::Flag;
    std::string default_value; // shown in help; empty: none
    std::string_view category; // the help section of a global option: "Compose", ...

    bool takes_value() const { return arity != Arity::Flag; }
};

// What the words after the command are.
enum class Operands {
    None,
    Files, // compose files, the same as -f
    Stack, // exactly one stack name
};

struct Io {
    std::ostream& out;
    std::ostream& err;
};

// One line of a command's exit code table; an empty meaning reads describe(code).
struct ExitCodeDoc {
    ExitCode code;
    std::string_view meaning = {};
};

using ReadOptions = util::Result<CommandOptions> (*)(const cxxopts::ParseResult& result,
                                                     std::span<const std::string> operands);
using RunCommand = ExitCode (*)(const Invocation& invocation, Io io);

struct CommandSpec {
    std::string_view name;        // "stack test"
    std::string_view summary;     // one line for the command list
    std::string_view description; // wrapped at 78 columns
    Operands operands = Operands::None;
    std::vector<std::string_view> globals; // long names of the global options it reads
    std::vector<OptionSpec> options;       // its own options
    std::vector<std::string_view> examples;
    std::vector<ExitCodeDoc> exit_codes; // 64, and 69 when unavailable, are implied
    ReadOptions read = nullptr;
    RunCommand run = nullptr; // nullptr: not yet available in this build, exit 69

    bool available() const { return run != nullptr; }
};

// A word that only groups commands: "stack", "baseline", "policy", "history".
struct GroupSpec {
    std::string_view name;
    std::string_view summary;
};

const std::vector<CommandSpec>& commands();
const std::vector<GroupSpec>& command_groups();
const CommandSpec* find_command(std::string_view name);
const GroupSpec* find_group(std::string_view name);
// The commands of a group, e.g. "set" and "show" for "baseline".
std::vector<std::string_view> subcommands(std::string_view group);

// Options accepted before or after any command that lists them in CommandSpec::globals.
const std::vector<OptionSpec>& global_options();
// The global options a parse found, checked and typed; global_options.cpp.
util::Result<GlobalOptions> read_global_options(const cxxopts::ParseResult& result);
// -h/--help and --version, which every command accepts.
const std::vector<OptionSpec>& general_options();
// Any option of any command, spelled "--file" or "-f".
const OptionSpec* find_any_option(std::string_view name);
// The options a command accepts: general, its globals, then its own.
std::vector<const OptionSpec*> command_options(const CommandSpec& command);

// The global options every compose-reading command takes, plus more.
std::vector<std::string_view> compose_globals_and(std::initializer_list<std::string_view> more);

// One spec per command; each lives in its command_<name>.cpp.
CommandSpec stack_test_command();
CommandSpec lint_command();
CommandSpec config_command();
CommandSpec status_command();
CommandSpec baseline_set_command();
CommandSpec baseline_show_command();
CommandSpec policy_set_command();
CommandSpec policy_show_command();
CommandSpec history_show_command();
CommandSpec gate_command();
CommandSpec sweep_command();

} // namespace rehearsa::cli
