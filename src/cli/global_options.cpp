// The options users type before or after the command: the compose CLI's project options and the
// original Rehearsa's rehearsal, contract and output options.
#include "cli/commands.hpp"
#include "cli/values.hpp"

#include <cxxopts.hpp>
#include <fmt/format.h>

namespace rehearsa::cli {

namespace {

constexpr Range k_percent{0, 100};

std::vector<OptionSpec> make_global_options() {
    return {
        {"f", "file", "FILE",
         "Compose file; repeat to merge several, in order (default: $COMPOSE_FILE, else compose.yaml "
         "in the project directory)",
         Arity::Repeated, "", "Compose"},
        {"", "project-directory", "DIR",
         "Directory relative paths resolve against (default: the first compose file's directory)",
         Arity::Single, "", "Compose"},
        {"p", "project-name", "NAME",
         "Project name (default: $COMPOSE_PROJECT_NAME, the top-level name:, else the directory's "
         "name)",
         Arity::Single, "", "Compose"},
        {"", "env-file", "FILE", "Read variables from FILE instead of .env; repeatable, later files win",
         Arity::Repeated, "", "Compose"},
        {"", "profile", "NAME",
         "Enable the services of profile NAME; repeatable; '*' enables all (default: $COMPOSE_PROFILES)",
         Arity::Repeated, "", "Compose"},
        {"", "timeout", "SECONDS", "Stop waiting for the sandbox to become ready after SECONDS, 1-86400",
         Arity::Single, fmt::to_string(k_default_timeout.count()), "Rehearsal"},
        {"", "inject-failure", "SERVICE[:MODE]",
         "Make SERVICE fail on purpose, to prove the contract catches it; MODE is exit (the default), "
         "kill or unhealthy; repeatable",
         Arity::Repeated, "", "Rehearsal"},
        {"", "fail-below", "N", "Exit 1 when confidence or readiness is below N (0-100)", Arity::Single, "",
         "Contract"},
        {"", "fail-on-regression", "", "Exit 2 when the run regresses against the previous run", Arity::Flag,
         "", "Contract"},
        {"", "strict-integrity", "", "Exit 3 when the run history is tampered with or corrupt", Arity::Flag,
         "", "Contract"},
        {"", "report", "FORMAT[=PATH]",
         "Write a report: console, junit, sarif, markdown, json, github or codequality; to PATH, else "
         "to stdout, which takes one report at most; repeatable (default: console)",
         Arity::Repeated, "", "Output"},
        {"", "no-color", "", "Do not colour the output; a set NO_COLOR does the same", Arity::Flag, "",
         "Output"},
        {"", "junit-profile", "PROFILE",
         "default: JUnit with file and line for GitLab and GitHub; strict: valid against Jenkins' "
         "junit-10.xsd, which has no file or line",
         Arity::Single, "default", "Output"},
    };
}

util::Result<void> read_rehearsal(const cxxopts::ParseResult& result, GlobalOptions& global) {
    if (auto text = single_value(result, "timeout")) {
        auto seconds =
            parse_number("timeout", *text, {1, static_cast<int>(plan::k_max_timeout.count())}, "seconds");
        if (!seconds) return std::unexpected(seconds.error());
        global.timeout = std::chrono::seconds(*seconds);
    }
    for (const std::string& text : all_values(result, "inject-failure")) {
        auto failure = parse_injected_failure(text);
        if (!failure) return std::unexpected(failure.error());
        global.injected_failures.push_back(*failure);
    }
    return {};
}

util::Result<void> read_contract(const cxxopts::ParseResult& result, GlobalOptions& global) {
    if (auto text = single_value(result, "fail-below")) {
        auto percent = parse_number("fail-below", *text, k_percent);
        if (!percent) return std::unexpected(percent.error());
        global.fail_below = *percent;
    }
    global.fail_on_regression = flag_set(result, "fail-on-regression");
    global.strict_integrity = flag_set(result, "strict-integrity");
    return {};
}

util::Result<void> read_output(const cxxopts::ParseResult& result, GlobalOptions& global) {
    for (const std::string& text : all_values(result, "report")) {
        auto report = parse_report(text);
        if (!report) return std::unexpected(report.error());
        global.reports.push_back(*report);
    }
    global.no_color = flag_set(result, "no-color");
    if (auto read = read_choice(result, "junit-profile", k_junit_profiles, global.junit_profile); !read)
        return std::unexpected(read.error());
    return check_reports(global.reports);
}

ComposeOptions read_compose(const cxxopts::ParseResult& result) {
    return {all_values(result, "file"), single_value(result, "project-directory"),
            single_value(result, "project-name"), all_values(result, "env-file"),
            all_values(result, "profile")};
}

} // namespace

const std::vector<OptionSpec>& global_options() {
    static const std::vector<OptionSpec> k_options = make_global_options();
    return k_options;
}

util::Result<GlobalOptions> read_global_options(const cxxopts::ParseResult& result) {
    GlobalOptions global;
    global.compose = read_compose(result);
    for (auto read : {read_rehearsal, read_contract, read_output})
        if (auto done = read(result, global); !done) return std::unexpected(done.error());
    return global;
}

compose::LoadOptions to_load_options(const ComposeOptions& options) {
    compose::LoadOptions load;
    load.files = options.files;
    load.project_directory = options.project_directory;
    load.project_name = options.project_name;
    load.env_files = options.env_files;
    load.profiles = options.profiles;
    return load;
}

} // namespace rehearsa::cli
