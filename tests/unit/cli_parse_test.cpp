// parse_command_line: argv to plain data, without running anything.
#include "cli/options.hpp"

#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

using namespace rehearsa;
using namespace rehearsa::cli;
using Args = std::vector<std::string>;

namespace {

Invocation parse_ok(const Args& args) {
    auto result = parse_command_line(args);
    INFO((result ? std::string() : result.error().message));
    REQUIRE(result.has_value());
    return *result;
}

std::string parse_error(const Args& args) {
    auto result = parse_command_line(args);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().kind == util::ErrorKind::Usage);
    CHECK(result.error().message.find('\n') == std::string::npos);
    return result.error().message;
}

} // namespace

TEST_CASE("the original tool's documented invocations parse", "[cli][parse]") {
    SECTION("--timeout 120 stack test docker-compose.yml") {
        Invocation inv = parse_ok({"--timeout", "120", "stack", "test", "docker-compose.yml"});
        CHECK(inv.action == Action::Run);
        CHECK(inv.topic == "stack test");
        CHECK(std::holds_alternative<StackTestOptions>(inv.command));
        CHECK(inv.global.timeout == std::chrono::seconds(120));
        CHECK(inv.global.compose.files == Args{"docker-compose.yml"});
    }
    SECTION("--inject-failure myservice stack test docker-compose.yml") {
        Invocation inv = parse_ok({"--inject-failure", "myservice", "stack", "test", "docker-compose.yml"});
        REQUIRE(inv.global.injected_failures.size() == 1);
        CHECK(inv.global.injected_failures[0] == InjectedFailure{"myservice", FailureMode::Exit});
        CHECK(inv.global.compose.files == Args{"docker-compose.yml"});
    }
    SECTION("--strict-integrity stack test docker-compose.yml") {
        Invocation inv = parse_ok({"--strict-integrity", "stack", "test", "docker-compose.yml"});
        CHECK(inv.global.strict_integrity);
        CHECK_FALSE(inv.global.fail_on_regression);
    }
    SECTION("--fail-below 80 --fail-on-regression stack test docker-compose.yml") {
        Invocation inv =
            parse_ok({"--fail-below", "80", "--fail-on-regression", "stack", "test", "docker-compose.yml"});
        CHECK(inv.global.fail_below == 80);
        CHECK(inv.global.fail_on_regression);
    }
    SECTION("baseline set mystack") {
        Invocation inv = parse_ok({"baseline", "set", "mystack"});
        CHECK(inv.topic == "baseline set");
        CHECK(std::get<BaselineSetOptions>(inv.command).stack == "mystack");
    }
    SECTION("policy set with every documented option") {
        Invocation inv = parse_ok({"policy", "set", "mystack", "--min-confidence", "80", "--min-readiness",
                                   "80", "--block-on-regression", "true", "--fail-on-baseline-drift", "true",
                                   "--fail-on-duration-spike", "true", "--duration-spike-percent", "40"});
        const auto& policy = std::get<PolicySetOptions>(inv.command);
        CHECK(policy.stack == "mystack");
        CHECK(policy.min_confidence == 80);
        CHECK(policy.min_readiness == 80);
        CHECK(policy.block_on_regression == true);
        CHECK(policy.fail_on_baseline_drift == true);
        CHECK(policy.fail_on_duration_spike == true);
        CHECK(policy.duration_spike_percent == 40);
        CHECK_FALSE(policy.fail_on_new_service_failure.has_value());
    }
    SECTION("history show mystack") {
        Invocation inv = parse_ok({"history", "show", "mystack"});
        CHECK(std::get<HistoryShowOptions>(inv.command).stack == "mystack");
        CHECK_FALSE(std::get<HistoryShowOptions>(inv.command).limit.has_value());
    }
    SECTION("status") {
        Invocation inv = parse_ok({"status"});
        CHECK(inv.topic == "status");
        CHECK(std::holds_alternative<StatusOptions>(inv.command));
    }
}

TEST_CASE("defaults hold when no option is given", "[cli][parse]") {
    Invocation inv = parse_ok({"stack", "test"});
    CHECK(inv.global.timeout == k_default_timeout);
    CHECK(inv.global.compose.files.empty());
    CHECK_FALSE(inv.global.fail_below.has_value());
    CHECK(inv.global.reports.empty());
    CHECK_FALSE(inv.global.no_color);
    CHECK_FALSE(inv.global.compose.project_name.has_value());
}

TEST_CASE("global options go before or after the command", "[cli][parse]") {
    Args before = {"--timeout", "60", "-p", "web", "--no-color", "stack", "test", "a.yml"};
    Args after = {"stack", "test", "a.yml", "--timeout", "60", "-p", "web", "--no-color"};
    Args between = {"stack", "--timeout", "60", "test", "-p", "web", "a.yml", "--no-color"};
    for (const Args& args : {before, after, between}) {
        Invocation inv = parse_ok(args);
        CHECK(inv.topic == "stack test");
        CHECK(inv.global.timeout == std::chrono::seconds(60));
        CHECK(inv.global.compose.project_name == "web");
        CHECK(inv.global.no_color);
        CHECK(inv.global.compose.files == Args{"a.yml"});
    }
}

TEST_CASE("the compose file is positional or -f, -f files first", "[cli][parse]") {
    CHECK(parse_ok({"stack", "test", "docker-compose.yml"}).global.compose.files ==
          Args{"docker-compose.yml"});
    CHECK(parse_ok({"stack", "test", "-f", "docker-compose.yml"}).global.compose.files ==
          Args{"docker-compose.yml"});
    CHECK(parse_ok({"-f", "base.yml", "stack", "test", "over.yml"}).global.compose.files ==
          Args{"base.yml", "over.yml"});
    CHECK(parse_ok({"lint", "a.yml", "b.yml"}).global.compose.files == Args{"a.yml", "b.yml"});
    CHECK(parse_ok({"config", "--file=a.yml", "-fb.yml"}).global.compose.files == Args{"a.yml", "b.yml"});
    CHECK(parse_ok({"config", "-fdocker-compose.yml"}).global.compose.files == Args{"docker-compose.yml"});
    auto quiet_to_file = std::get<ConfigOptions>(parse_ok({"config", "-qo./out/x.yml"}).command);
    CHECK(quiet_to_file.quiet);
    CHECK(quiet_to_file.output == "./out/x.yml");
    CHECK(parse_ok({"stack", "test", "--", "-odd.yml"}).global.compose.files == Args{"-odd.yml"});
}

TEST_CASE("repeatable options keep every value in order", "[cli][parse]") {
    Invocation inv = parse_ok({"-f",
                               "a.yml",
                               "--env-file",
                               "one.env",
                               "--profile",
                               "debug",
                               "stack",
                               "test",
                               "-f",
                               "b.yml",
                               "--env-file",
                               "two.env",
                               "--profile",
                               "*",
                               "--inject-failure",
                               "db:kill",
                               "--inject-failure",
                               "cache:unhealthy",
                               "--report",
                               "junit=out.xml",
                               "--report",
                               "console"});
    CHECK(inv.global.compose.files == Args{"a.yml", "b.yml"});
    CHECK(inv.global.compose.env_files == Args{"one.env", "two.env"});
    CHECK(inv.global.compose.profiles == Args{"debug", "*"});
    CHECK(inv.global.injected_failures ==
          std::vector<InjectedFailure>{{"db", FailureMode::Kill}, {"cache", FailureMode::Unhealthy}});
    CHECK(inv.global.reports == std::vector<ReportRequest>{{"junit", "out.xml"}, {"console", std::nullopt}});
}

TEST_CASE("compose options map to LoadOptions", "[cli][parse]") {
    Invocation inv = parse_ok({"config", "-f", "a.yml", "--project-directory", "/srv", "-p", "shop",
                               "--env-file", "x.env", "--profile", "ops"});
    compose::LoadOptions load = to_load_options(inv.global.compose);
    CHECK(load.files == Args{"a.yml"});
    CHECK(load.project_directory == "/srv");
    CHECK(load.project_name == "shop");
    CHECK(load.env_files == Args{"x.env"});
    CHECK(load.profiles == Args{"ops"});
    CHECK(load.working_directory.empty());
}

TEST_CASE("config options", "[cli][parse]") {
    auto config = std::get<ConfigOptions>(parse_ok({"config"}).command);
    CHECK(config.format == ConfigFormat::Yaml);
    CHECK_FALSE(config.services);
    CHECK_FALSE(config.output.has_value());
    config = std::get<ConfigOptions>(
        parse_ok({"config", "--format", "json", "--services", "-q", "-o", "x"}).command);
    CHECK(config.format == ConfigFormat::Json);
    CHECK(config.services);
    CHECK(config.quiet);
    CHECK(config.output == "x");
    CHECK(std::get<ConfigOptions>(parse_ok({"config", "--output=y.json"}).command).output == "y.json");
}

TEST_CASE("the other commands' options", "[cli][parse]") {
    CHECK(std::get<HistoryShowOptions>(parse_ok({"history", "show", "s", "--limit", "10"}).command).limit ==
          10);
    CHECK(std::get<SweepOptions>(parse_ok({"sweep", "--dry-run"}).command).dry_run);
    CHECK(std::get<GateOptions>(parse_ok({"gate"}).command).max_age == std::chrono::hours(24));
    CHECK(std::get<GateOptions>(parse_ok({"gate", "--max-age", "90m"}).command).max_age ==
          std::chrono::minutes(90));
    CHECK(std::get<BaselineShowOptions>(parse_ok({"baseline", "show", "s"}).command).stack == "s");
    CHECK(std::get<PolicyShowOptions>(parse_ok({"policy", "show", "s"}).command).stack == "s");
    auto policy = std::get<PolicySetOptions>(parse_ok({"policy", "set", "s", "--block-on-regression", "false",
                                                       "--fail-on-new-service-failure=true"})
                                                 .command);
    CHECK(policy.block_on_regression == false);
    CHECK(policy.fail_on_new_service_failure == true);
    CHECK_FALSE(policy.min_confidence.has_value());
}

TEST_CASE("help and version are recognised anywhere", "[cli][parse]") {
    auto action = [](const Args& args) { return parse_ok(args).action; };
    auto topic = [](const Args& args) { return parse_ok(args).topic; };
    CHECK(action({"--help"}) == Action::Help);
    CHECK(topic({"--help"}).empty());
    CHECK(topic({"-h"}).empty());
    CHECK(topic({"stack", "test", "--help"}) == "stack test");
    CHECK(topic({"--help", "stack", "test"}) == "stack test");
    CHECK(topic({"help", "stack", "test"}) == "stack test");
    CHECK(topic({"help", "baseline"}) == "baseline");
    CHECK(topic({"baseline", "-h"}) == "baseline");
    CHECK(topic({"help"}).empty());
    CHECK(topic({"config", "--frobnicate", "--help"}) == "config"); // help wins over a bad option
    CHECK(action({"--version"}) == Action::Version);
    CHECK(action({"version"}) == Action::Version);
    CHECK(action({"status", "--version"}) == Action::Version);
}

TEST_CASE("usage errors: one line, the help to read, a hint when close", "[cli][parse][errors]") {
    CHECK(parse_error({"--frobnicate", "stack", "test"}) ==
          "unknown option '--frobnicate' (see 'rehearsa stack test --help')");
    CHECK(parse_error({"stack", "test", "--frobnicate"}) ==
          "unknown option '--frobnicate' (see 'rehearsa stack test --help')");
    CHECK(parse_error({"stack", "test", "--timout", "5"}) ==
          "unknown option '--timout', did you mean '--timeout'? (see 'rehearsa stack test --help')");
    CHECK(parse_error({"lint", "--strict"}) == "unknown option '--strict' (see 'rehearsa lint --help')");
    CHECK(parse_error({"stack", "test", "--strict"}) ==
          "unknown option '--strict', did you mean '--strict-integrity'? (see 'rehearsa stack test --help')");
    CHECK(parse_error({"-timeout", "5", "stack", "test"}) ==
          "unknown option '-timeout', did you mean '--timeout'? (see 'rehearsa --help')");
    CHECK(parse_error({"stack", "test", "-x"}) == "unknown option '-x' (see 'rehearsa stack test --help')");
    CHECK(parse_error({"--frob", "value", "stack", "test"}) ==
          "unknown option '--frob' (see 'rehearsa --help')");
    CHECK(parse_error({"status", "--timeout", "5"}) ==
          "option '--timeout' does not apply to 'status' (see 'rehearsa status --help')");
}

TEST_CASE("usage errors: unknown or incomplete commands", "[cli][parse][errors]") {
    CHECK(parse_error({}) == "no command given (see 'rehearsa --help')");
    CHECK(parse_error({"--timeout", "5"}) == "no command given (see 'rehearsa --help')");
    CHECK(parse_error({"stak", "test"}) ==
          "unknown command 'stak', did you mean 'stack'? (see 'rehearsa --help')");
    CHECK(parse_error({"frobnicate"}) == "unknown command 'frobnicate' (see 'rehearsa --help')");
    CHECK(parse_error({"stack", "tset"}) ==
          "unknown command 'stack tset', did you mean 'stack test'? (see 'rehearsa stack --help')");
    CHECK(parse_error({"baseline"}) ==
          "'baseline' needs a command: set or show (see 'rehearsa baseline --help')");
    CHECK(parse_error({"stack"}) == "'stack' needs a command: test (see 'rehearsa stack --help')");
    CHECK(parse_error({"help", "stak"}) ==
          "unknown command 'stak', did you mean 'stack'? (see 'rehearsa --help')");
    CHECK(parse_error({"stak", "--help"}) ==
          "unknown command 'stak', did you mean 'stack'? (see 'rehearsa --help')");
}

TEST_CASE("usage errors: operands", "[cli][parse][errors]") {
    CHECK(parse_error({"status", "extra"}) ==
          "unexpected argument 'extra': 'status' takes no arguments (see 'rehearsa status --help')");
    CHECK(parse_error({"baseline", "set"}) ==
          "'baseline set' needs a STACK name (see 'rehearsa baseline set --help')");
    CHECK(
        parse_error({"history", "show", "a", "b"}) ==
        "unexpected argument 'b': 'history show' takes one STACK name (see 'rehearsa history show --help')");
}

TEST_CASE("usage errors: missing and bad values", "[cli][parse][errors]") {
    CHECK(parse_error({"--fail-below", "abc", "stack", "test"}) ==
          "option '--fail-below' expects a whole number from 0 to 100, got 'abc' (see 'rehearsa stack test "
          "--help')");
    CHECK(parse_error({"--fail-below", "140", "stack", "test"}) ==
          "option '--fail-below' expects a whole number from 0 to 100, got '140' (see 'rehearsa stack test "
          "--help')");
    CHECK(parse_error({"--fail-below", "8.5", "stack", "test"}).starts_with("option '--fail-below' expects"));
    CHECK(parse_error({"--timeout", "-3", "stack", "test"}) ==
          "option '--timeout' expects a whole number of seconds from 1 to 86400, got '-3' "
          "(see 'rehearsa stack test --help')");
    CHECK(parse_error({"--timeout", "0", "stack", "test"}).starts_with("option '--timeout' expects"));
    CHECK(parse_error({"stack", "test", "--timeout"}) ==
          "option '--timeout' needs a value: --timeout SECONDS (see 'rehearsa stack test --help')");
    CHECK(parse_error({"--timeout"}) ==
          "option '--timeout' needs a value: --timeout SECONDS (see 'rehearsa --help')");
    CHECK(parse_error({"config", "-o"}) ==
          "option '-o' needs a value: -o FILE (see 'rehearsa config --help')");
    CHECK(parse_error({"sweep", "--dry-run=maybe"}) ==
          "option '--dry-run' takes no value, got 'maybe' (see 'rehearsa sweep --help')");
    CHECK(parse_error({"config", "--format", "xml"}) ==
          "option '--format' expects yaml or json, got 'xml' (see 'rehearsa config --help')");
    CHECK(parse_error({"config", "--format", "jsno"}) ==
          "option '--format' expects yaml or json, got 'jsno', did you mean 'json'? (see 'rehearsa config "
          "--help')");
    CHECK(
        parse_error({"policy", "set", "s", "--block-on-regression", "yes"}) ==
        "option '--block-on-regression' expects true or false, got 'yes' (see 'rehearsa policy set --help')");
    CHECK(parse_error({"policy", "set", "s", "--min-confidence", "101"})
              .starts_with("option '--min-confidence'"));
    CHECK(parse_error({"policy", "set", "s", "--duration-spike-percent", "0"})
              .starts_with("option '--duration-spike-percent' expects a whole number from 1 to 10000"));
    CHECK(parse_error({"gate", "--max-age", "soon"}) ==
          "option '--max-age' expects a duration such as 24h, 90m or 1h30m, got 'soon' (see 'rehearsa gate "
          "--help')");
    CHECK(parse_error({"history", "show", "s", "--limit", "0"}).starts_with("option '--limit' expects"));
}

TEST_CASE("usage errors: reports and injected failures", "[cli][parse][errors]") {
    CHECK(
        parse_error({"stack", "test", "--report", "junt"}) ==
        "option '--report' expects console, junit, sarif, markdown, json, github or codequality, got 'junt', "
        "did you mean 'junit'? (see 'rehearsa stack test --help')");
    CHECK(parse_error({"stack", "test", "--report", "junit="})
              .starts_with("option '--report' expects FORMAT[=PATH]"));
    CHECK(parse_error({"stack", "test", "--report", "json", "--report", "console"}) ==
          "option '--report' sends 'json' and 'console' to stdout, where only one report can go; give the "
          "others "
          "a path, e.g. --report console=PATH (see 'rehearsa stack test --help')");
    CHECK(parse_error({"stack", "test", "--inject-failure", "db:crash"}) ==
          "option '--inject-failure' expects exit, kill or unhealthy, got 'crash' (see 'rehearsa stack test "
          "--help')");
    CHECK(parse_error({"stack", "test", "--inject-failure", ":kill"}) ==
          "option '--inject-failure' expects SERVICE[:MODE], got ':kill' (see 'rehearsa stack test --help')");
    CHECK(parse_error({"stack", "test", "--inject-failure", "my service"})
              .starts_with("option '--inject-failure'"));
}
