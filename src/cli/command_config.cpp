#include "cli/command_config.hpp"

#include "cli/report_errors.hpp"
#include "cli/values.hpp"
#include "compose/config_output.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <ostream>

namespace rehearsa::cli {

namespace {

// In the order of ConfigFormat.
constexpr std::array<std::string_view, 2> k_formats = {"yaml", "json"};

util::Result<CommandOptions> read_config(const cxxopts::ParseResult& result, std::span<const std::string>) {
    ConfigOptions options;
    if (auto read = read_choice(result, "format", k_formats, options.format); !read)
        return std::unexpected(read.error());
    options.services = flag_set(result, "services");
    options.quiet = flag_set(result, "quiet");
    options.output = single_value(result, "output");
    return options;
}

std::vector<std::string> service_names(const compose::Project& project) {
    std::vector<std::string> names;
    if (const compose::Node* services = project.model.find("services"))
        for (const compose::Entry& entry : services->entries)
            names.push_back(entry.key);
    std::ranges::sort(names);
    return names;
}

std::string render(const compose::Project& project, const ConfigOptions& options) {
    if (options.services) {
        std::string out;
        for (const std::string& name : service_names(project))
            out += name + "\n";
        return out;
    }
    std::string out =
        options.format == ConfigFormat::Json ? compose::config_json(project) : compose::config_yaml(project);
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

util::Result<void> write_file(const std::string& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (file) return {};
    return util::fail({}, {}, fmt::format("cannot write '{}': {}", path, std::strerror(errno)),
                      util::ErrorKind::Io);
}

ExitCode run_config_command(const Invocation& invocation, Io io) {
    return run_config(invocation.global, std::get<ConfigOptions>(invocation.command), io);
}

} // namespace

ExitCode run_config(const GlobalOptions& global, const ConfigOptions& options, Io io, ProjectLoader load) {
    auto project = load(to_load_options(global.compose));
    if (!project) {
        for (const util::Error& error : project.error())
            report_error(io.err, error);
        return ExitCode::Critical;
    }
    report_warnings(io.err, project->warnings);
    if (options.quiet) return ExitCode::Pass;
    std::string text = render(*project, options);
    if (!options.output) {
        io.out << text << std::flush;
        return ExitCode::Pass;
    }
    auto written = write_file(*options.output, text);
    return written ? ExitCode::Pass : report_error(io.err, written.error());
}

CommandSpec config_command() {
    CommandSpec spec;
    spec.name = "config";
    spec.summary = "Print the compose model as rehearsa loads it";
    spec.description = "Loads the compose files as `docker compose config` does: .env and the environment, "
                       "interpolation, include, extends, merging, profiles. Then prints the result, so you "
                       "can see what a rehearsal would run. FILE is a compose file, the same as -f FILE.";
    spec.operands = Operands::Files;
    spec.globals = compose_globals_and({});
    spec.options = {
        {"", "format", "FORMAT", "Output format: yaml or json", Arity::Single, "yaml", ""},
        {"", "services", "", "Print only the service names, one a line, sorted", Arity::Flag, "", ""},
        {"q", "quiet", "", "Only check the model: print and write nothing", Arity::Flag, "", ""},
        {"o", "output", "FILE", "Write to FILE instead of stdout", Arity::Single, "", ""},
    };
    spec.examples = {
        "rehearsa config",
        "rehearsa config -f compose.yml -f prod.yml --format json -o resolved.json",
        "rehearsa config --services --profile debug docker-compose.yml",
    };
    spec.exit_codes = {
        {ExitCode::Pass, "the model is valid; warnings, on stderr, do not change this"},
        {ExitCode::Critical, "invalid input: a compose or .env file is invalid or unreadable"}};
    spec.read = read_config;
    spec.run = run_config_command;
    return spec;
}

} // namespace rehearsa::cli
