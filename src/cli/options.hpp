#pragma once
// What the command line asked for, as plain data. cli::parse_command_line fills it from argv; the
// commands read it. Nothing here runs anything, so every parse can be unit-tested.
#include "compose/loader.hpp"
#include "plan/options.hpp"
#include "reporters/reporter.hpp"
#include "results/finding.hpp"
#include "util/error.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace rehearsa::cli {

// The compose CLI's project options; the loader reads COMPOSE_FILE, COMPOSE_PROJECT_NAME,
// COMPOSE_PROFILES and .env itself when these are absent.
struct ComposeOptions {
    std::vector<std::string> files; // -f in order, then the positional FILEs
    std::optional<std::string> project_directory;
    std::optional<std::string> project_name;
    std::vector<std::string> env_files;
    std::vector<std::string> profiles;
};

// --inject-failure SERVICE[:MODE]
using results::FailureMode;
using InjectedFailure = plan::Injection;

// --report FORMAT[=PATH]; without a path the report goes to stdout.
struct ReportRequest {
    std::string format;
    std::optional<std::string> path;

    bool operator==(const ReportRequest&) const = default;
};

constexpr std::chrono::seconds k_default_timeout{300};
constexpr std::chrono::hours k_default_max_age{24};

// Options accepted before or after the command.
struct GlobalOptions {
    ComposeOptions compose;
    std::chrono::seconds timeout = k_default_timeout;
    std::vector<InjectedFailure> injected_failures;
    bool strict_integrity = false;
    std::optional<int> fail_below; // 0-100
    bool fail_on_regression = false;
    std::vector<ReportRequest> reports; // empty: console to stdout
    bool no_color = false;
    reporters::JunitProfile junit_profile = reporters::JunitProfile::Default;
};

struct StackTestOptions {
    plan::PullPolicy pull = plan::PullPolicy::Missing;
    std::optional<plan::BindPolicy> binds; // nullopt: read-only inside the project, empty outside
    plan::Egress egress = plan::Egress::Internal;
    std::optional<std::string> events; // --events PATH: machine events, one JSON object a line
};
// --fail-on: the least severe unsuppressed finding that fails the run; nullopt: none does.
struct LintOptions {
    std::optional<results::Severity> fail_on = results::Severity::Error;
    bool list_rules = false; // print the rule catalogue instead of linting
};

enum class ConfigFormat { Yaml, Json };

struct ConfigOptions {
    ConfigFormat format = ConfigFormat::Yaml;
    bool services = false; // service names only, one a line, sorted
    bool quiet = false;    // validate only
    std::optional<std::string> output;
};

struct StatusOptions {};

struct BaselineSetOptions {
    std::string stack;
};

struct BaselineShowOptions {
    std::string stack;
};

// Only the options given change the stored policy.
struct PolicySetOptions {
    std::string stack;
    std::optional<int> min_confidence;
    std::optional<int> min_readiness;
    std::optional<bool> block_on_regression;
    std::optional<bool> fail_on_baseline_drift;
    std::optional<bool> fail_on_duration_spike;
    std::optional<int> duration_spike_percent;
    std::optional<bool> fail_on_new_service_failure;
};

struct PolicyShowOptions {
    std::string stack;
};

struct HistoryShowOptions {
    std::string stack;
    std::optional<int> limit; // the newest N runs; all when absent
};

struct GateOptions {
    std::chrono::nanoseconds max_age = k_default_max_age;
};

struct SweepOptions {
    bool dry_run = false;
};

using CommandOptions = std::variant<std::monostate, StackTestOptions, LintOptions, ConfigOptions,
                                    StatusOptions, BaselineSetOptions, BaselineShowOptions, PolicySetOptions,
                                    PolicyShowOptions, HistoryShowOptions, GateOptions, SweepOptions>;

enum class Action { Run, Help, Version };

struct Invocation {
    Action action = Action::Run;
    // The command ("stack test"), a command group ("stack") for help, or "" for rehearsa itself.
    std::string topic;
    GlobalOptions global;
    CommandOptions command; // std::monostate unless action is Run
};

// args are argv without argv[0]. Errors are of kind Usage and read as one line, ending with
// "(see 'rehearsa <command> --help')".
util::Result<Invocation> parse_command_line(std::span<const std::string> args);

compose::LoadOptions to_load_options(const ComposeOptions& options);

} // namespace rehearsa::cli
