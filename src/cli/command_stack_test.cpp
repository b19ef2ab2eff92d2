// rehearsa stack test: the rehearsal itself. load -> analyze -> plan -> run -> judge -> report.
#include "cli/command_stack_test.hpp"

#include "cli/progress_view.hpp"
#include "cli/report_errors.hpp"
#include "cli/reporting.hpp"
#include "cli/signals.hpp"
#include "cli/values.hpp"
#include "docker/docker_engine.hpp"
#include "preflight/analyze.hpp"
#include "preflight/outcome_rules.hpp"
#include "reporters/rehearsal.hpp"
#include "sandbox/cleanup.hpp"
#include "sandbox/run.hpp"

#include <array>
#include <cstdlib>
#include <cxxopts.hpp>
#include <fmt/format.h>
#include <unistd.h>

namespace rehearsa::cli {

namespace {

// In the order of plan::PullPolicy, plan::BindPolicy and plan::Egress.
constexpr std::array<std::string_view, 3> k_pull = {"always", "missing", "never"};
constexpr std::array<std::string_view, 4> k_binds = {"readonly", "copy", "empty", "skip"};
constexpr std::array<std::string_view, 2> k_egress = {"none", "allow"};

util::Result<CommandOptions> read_stack_test(const cxxopts::ParseResult& result,
                                             std::span<const std::string>) {
    StackTestOptions options;
    plan::BindPolicy binds{};
    if (auto read = read_choice(result, "pull", k_pull, options.pull); !read)
        return std::unexpected(read.error());
    if (auto read = read_choice(result, "binds", k_binds, binds); !read) return std::unexpected(read.error());
    if (single_value(result, "binds")) options.binds = binds;
    if (auto read = read_choice(result, "egress", k_egress, options.egress); !read)
        return std::unexpected(read.error());
    options.events = single_value(result, "events");
    return options;
}

plan::PlanOptions plan_options(const GlobalOptions& global, const StackTestOptions& options) {
    plan::PlanOptions out;
    out.identity = plan::current_identity();
    out.binds = options.binds;
    out.egress = options.egress;
    out.injections = global.injected_failures;
    out.timeout = global.timeout;
    return out;
}

const results::Rule* rule_for(results::ServiceState state) {
    switch (reporters::outcome_of(state)) {
    case reporters::CaseOutcome::Passed:
        return nullptr;
    case reporters::CaseOutcome::Skipped:
        return &preflight::service_blocked_rule();
    case reporters::CaseOutcome::Failed:
        break;
    }
    return state == results::ServiceState::Unhealthy ? &preflight::service_unhealthy_rule()
                                                     : &preflight::service_failed_rule();
}

// Each service that did not pass, as a finding on its compose key (SARIF, Code Quality, annotations).
void add_outcome_findings(reporters::Report& report, const results::RunResult& run) {
    for (const results::ServiceResult& service : run.services)
        if (const results::Rule* rule = rule_for(service.state)) {
            util::Error error{util::ErrorKind::Engine, service.where, "services." + service.name,
                              service.cause};
            report.findings.push_back(preflight::outcome_finding(*rule, error, service.name));
        }
    if (run.problem)
        report.findings.push_back(
            preflight::outcome_finding(preflight::engine_unavailable_rule(),
                                       util::Error{util::ErrorKind::Engine, {}, "", run.problem->message}));
}

std::size_t count_passed(const results::RunResult& run) {
    return std::ranges::count_if(run.services, [](const results::ServiceResult& s) {
        return reporters::outcome_of(s.state) == reporters::CaseOutcome::Passed;
    });
}

// The exit code and the one-line verdict (docs/exit-codes.md: 130 > 3 > 2 > 4 > 1 > 0).
void judge(reporters::Report& report, const results::RunResult& run, const GlobalOptions& global) {
    std::size_t passed = count_passed(run);
    std::string facts = fmt::format("{}/{} services ready, {}, readiness {}/100", passed, run.services.size(),
                                    reporters::confidence_text(run), report.readiness);
    if (run.cancelled) {
        report.exit_code = to_int(ExitCode::Interrupted);
        report.verdict =
            fmt::format("INTERRUPTED: the rehearsal was stopped; the sandbox was removed ({})", facts);
    } else if (run.problem) {
        report.exit_code = to_int(ExitCode::Critical);
        report.verdict = fmt::format("ERROR: the rehearsal could not complete: {}", run.problem->message);
    } else if (run.services.empty()) { // a run that rehearsed nothing proves nothing
        report.exit_code = to_int(ExitCode::Critical);
        report.verdict = "FAIL: no service was rehearsed: the active profiles disable every service, or the "
                         "stack defines none (select services with --profile or COMPOSE_PROFILES)";
    } else if (passed < run.services.size()) {
        report.exit_code = to_int(ExitCode::Critical);
        report.verdict = fmt::format("FAIL: {} of {} services did not come up ({})",
                                     run.services.size() - passed, run.services.size(), facts);
    } else if (global.fail_below && run.confidence < *global.fail_below) {
        report.exit_code = to_int(ExitCode::BelowThreshold);
        report.verdict = fmt::format("FAIL: confidence {}/100 is below --fail-below {} ({})", run.confidence,
                                     *global.fail_below, facts);
    } else {
        report.exit_code = to_int(ExitCode::Pass);
        report.verdict = fmt::format("PASS: {}", facts);
    }
}

// The engine could not be reached: nothing was created; the report says why, exit 3.
ExitCode engine_unavailable(reporters::Report& report, const docker::EngineError& error,
                            const GlobalOptions& global, Io io,
                            const reporters::EnvironmentView& environment) {
    io.err << "rehearsa: " << error.message << '\n';
    report.findings.push_back(
        preflight::outcome_finding(preflight::engine_unavailable_rule(), error.to_error()));
    report.exit_code = to_int(ExitCode::Critical);
    report.verdict = fmt::format("ERROR: no rehearsal ran: {}", error.message);
    return emit_reports(report, global, io, environment, Stderr::ErrorsShown);
}

std::optional<store::EventLog> open_events(const StackTestOptions& options, const std::string& run_id,
                                           Io io) {
    if (!options.events) return std::nullopt;
    auto log = store::EventLog::open(*options.events, run_id);
    if (log) return std::move(*log);
    io.err << "rehearsa: warning: " << log.error().to_string() << "; continuing without --events\n";
    return std::nullopt;
}

void show_adjustments(const plan::Plan& plan, ProgressView& view) {
    for (const plan::Adjustment& adjustment : plan.adjustments)
        view.on_event({std::chrono::system_clock::now(), results::Phase::Prepare, adjustment.service,
                       "sandbox: " + adjustment.message});
}

// Orphans of dead runs go first (DESIGN.md invariant 5); a live concurrent run is never touched.
void sweep_orphans(docker::Engine& engine, ProgressView& view) {
    sandbox::SweepReport swept = sandbox::sweep(engine);
    for (const std::string& run_id : swept.runs_removed)
        view.on_event({std::chrono::system_clock::now(), results::Phase::Cleanup, "",
                       fmt::format("removed the leftovers of crashed run {}", run_id)});
}

ExitCode rehearse(reporters::Report& report, const plan::Plan& plan, docker::Engine& engine,
                  const GlobalOptions& global, const StackTestOptions& options, Io io,
                  const reporters::EnvironmentView& environment) {
    ProgressView view(io.err, progress_style_for(STDERR_FILENO, std::getenv("TERM")), plan.services.size(),
                      open_events(options, plan.identity.run_id, io));
    show_adjustments(plan, view);
    sweep_orphans(engine, view);
    sandbox::RunOptions run_options;
    run_options.pull = options.pull;
    run_options.progress = [&view](const results::ProgressEvent& event) { view.on_event(event); };
    results::RunResult result;
    {
        SignalGuard guard(run_options.cancel, run_options.force);
        result = sandbox::run(plan, engine, run_options);
    }
    view.finish();
    add_outcome_findings(report, result);
    judge(report, result, global);
    report.run = std::move(result);
    return emit_reports(report, global, io, environment);
}

ExitCode run_stack_test_command(const Invocation& invocation, Io io) {
    return run_stack_test(invocation.global, std::get<StackTestOptions>(invocation.command), io,
                          compose::os_environment());
}

} // namespace

ExitCode run_stack_test(const GlobalOptions& global, const StackTestOptions& options, Io io,
                        const reporters::EnvironmentView& environment, ProjectLoader load) {
    auto started = Clock::now();
    auto project = load(to_load_options(global.compose));
    if (!project) {
        for (const util::Error& error : project.error())
            report_error(io.err, error);
        reporters::Report report = load_failure_report("stack test", project.error(), global, started);
        return emit_reports(report, global, io, environment, Stderr::ErrorsShown);
    }
    auto plan = plan::make_plan(*project, plan_options(global, options));
    if (!plan) {
        ExitCode code = ExitCode::Pass;
        for (const util::Error& error : plan.error())
            code = most_severe(code, report_error(io.err, error));
        if (code == ExitCode::Usage) return code;
        reporters::Report report = load_failure_report("stack test", plan.error(), global, started);
        return emit_reports(report, global, io, environment, Stderr::ErrorsShown);
    }
    reporters::Report report = project_report("stack test", *project, started);
    preflight::Analysis analysis = preflight::analyze(*project);
    report.findings = std::move(analysis.findings);
    report.readiness = analysis.readiness;
    report.thresholds = {global.fail_below, std::nullopt};
    auto engine = docker::DockerEngine::connect(docker::process_env());
    if (!engine) return engine_unavailable(report, engine.error(), global, io, environment);
    return rehearse(report, *plan, **engine, global, options, io, environment);
}

CommandSpec stack_test_command() {
    CommandSpec spec;
    spec.name = "stack test";
    spec.summary = "Rehearse a restore of a compose stack in a sandbox";
    spec.description =
        "Boots the stack in an isolated sandbox on the Docker Engine and scores every service. The sandbox "
        "cannot touch the live stack: its own internal networks and fresh volumes, no published ports, "
        "renamed and labelled containers, host bind mounts never writable, the Docker socket never "
        "mounted. Services start as soon as their depends_on conditions hold, independent ones together; "
        "readiness comes from the engine's events. Scores: healthy 100, a one-shot job that exited 0 100, "
        "running without a healthcheck 85, unhealthy 40, exited or failed 0; confidence is their mean. "
        "Everything the run created is removed at the end, on Ctrl-C too. FILE is a compose file, the same "
        "as -f FILE.";
    spec.operands = Operands::Files;
    spec.globals = compose_globals_and({"timeout", "inject-failure", "fail-below", "fail-on-regression",
                                        "strict-integrity", "report", "junit-profile", "no-color"});
    spec.options = {
        {"", "pull", "POLICY", "Pull images: always, missing (only those not present) or never",
         Arity::Single, "missing", ""},
        {"", "binds", "POLICY",
         "Host bind mounts become: readonly, copy (a sandbox volume holding a copy), empty or skip. Default: "
         "readonly inside the project directory, empty outside it; never writable",
         Arity::Single, "", ""},
        {"", "egress", "MODE", "Network access out of the sandbox: none (internal networks) or allow",
         Arity::Single, "none", ""},
        {"", "events", "PATH", "Append machine-readable progress events to PATH, one JSON object a line",
         Arity::Single, "", ""},
    };
    spec.examples = {
        "rehearsa --timeout 120 stack test docker-compose.yml",
        "rehearsa --fail-below 80 --fail-on-regression stack test docker-compose.yml",
        "rehearsa stack test --inject-failure db:exit --report junit=junit.xml",
        "rehearsa stack test --pull never --report sarif=rehearsal.sarif compose.yml",
    };
    spec.exit_codes = {
        {ExitCode::Pass, "every service came up, and confidence is at or above --fail-below"},
        {ExitCode::BelowThreshold, "confidence below --fail-below"},
        {ExitCode::Regression},
        {ExitCode::Critical,
         "a service failed, no service was rehearsed, or the rehearsal could not run (invalid input, no "
         "engine, tampering)"},
        {ExitCode::BaselineDrift},
        {ExitCode::Interrupted, "interrupted by SIGINT or SIGTERM; the sandbox was removed"}};
    spec.read = read_stack_test;
    spec.run = run_stack_test_command;
    return spec;
}

} // namespace rehearsa::cli
