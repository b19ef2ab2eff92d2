// The pieces under the parser: value checks, "did you mean", exit code precedence, wrapping, and the
// consistency of the option table.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/suggest.hpp"
#include "cli/text.hpp"
#include "cli/values.hpp"

#include <catch2/catch_test_macros.hpp>
#include <map>
#include <set>

using namespace rehearsa;
using namespace rehearsa::cli;

TEST_CASE("parse_number accepts whole numbers in range only", "[cli][values]") {
    CHECK(parse_number("fail-below", "0", {0, 100}) == 0);
    CHECK(parse_number("fail-below", "100", {0, 100}) == 100);
    for (const char* bad : {"", "-1", "101", "abc", "80%", "8.5", " 80", "+80", "99999999999"}) {
        auto result = parse_number("fail-below", bad, {0, 100});
        INFO(bad);
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == util::ErrorKind::Usage);
        CHECK(result.error().message ==
              std::string("option '--fail-below' expects a whole number from 0 to 100, got '") + bad + "'");
    }
    CHECK(parse_number("timeout", "x", {1, 5}, "seconds").error().message ==
          "option '--timeout' expects a whole number of seconds from 1 to 5, got 'x'");
}

TEST_CASE("parse_bool takes true or false", "[cli][values]") {
    CHECK(parse_bool("x", "true") == true);
    CHECK(parse_bool("x", "false") == false);
    CHECK_FALSE(parse_bool("x", "True"));
    CHECK_FALSE(parse_bool("x", "1"));
}

TEST_CASE("parse_report", "[cli][values]") {
    CHECK(parse_report("junit") == ReportRequest{"junit", std::nullopt});
    CHECK(parse_report("sarif=out/r.sarif") == ReportRequest{"sarif", "out/r.sarif"});
    CHECK(parse_report("json=a=b") == ReportRequest{"json", "a=b"});
    for (std::string_view format : {"console", "junit", "sarif", "markdown", "json", "github", "codequality"})
        CHECK(parse_report(format));
    CHECK_FALSE(parse_report("xml"));
    CHECK_FALSE(parse_report("=x"));
    CHECK_FALSE(parse_report("junit="));
}

TEST_CASE("check_reports allows one report on stdout", "[cli][values]") {
    std::vector<ReportRequest> one = {{"console", std::nullopt}, {"junit", "j.xml"}, {"sarif", "s.sarif"}};
    CHECK(check_reports(one));
    std::vector<ReportRequest> two = {{"console", std::nullopt}, {"github", std::nullopt}};
    CHECK_FALSE(check_reports(two));
}

TEST_CASE("parse_injected_failure", "[cli][values]") {
    CHECK(parse_injected_failure("db") == InjectedFailure{"db", FailureMode::Exit});
    CHECK(parse_injected_failure("db:exit") == InjectedFailure{"db", FailureMode::Exit});
    CHECK(parse_injected_failure("my_svc.1-a:kill") == InjectedFailure{"my_svc.1-a", FailureMode::Kill});
    CHECK(parse_injected_failure("db:unhealthy") == InjectedFailure{"db", FailureMode::Unhealthy});
    for (const char* bad : {"", ":kill", "db:", "db:boom", "a b", "db:kill:now"}) {
        INFO(bad);
        CHECK_FALSE(parse_injected_failure(bad));
    }
}

TEST_CASE("parse_positive_duration", "[cli][values]") {
    CHECK(parse_positive_duration("max-age", "1h30m") == std::chrono::minutes(90));
    CHECK_FALSE(parse_positive_duration("max-age", "0s"));
    CHECK_FALSE(parse_positive_duration("max-age", "-5m"));
    CHECK_FALSE(parse_positive_duration("max-age", "12"));
}

TEST_CASE("edit distance and closest match", "[cli][suggest]") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("stak", "stack") == 1);
    CHECK(edit_distance("statsu", "status") == 1); // a swap is one edit
    CHECK(edit_distance("kitten", "sitting") == 3);
    std::vector<std::string_view> words = {"stack", "status",       "sweep",
                                           "lint",  "--fail-below", "--fail-on-regression"};
    CHECK(closest_match("stak", words) == "stack");
    CHECK(closest_match("statsu", words) == "status");
    CHECK(closest_match("lnt", words) == "lint");
    CHECK(closest_match("--fail-bellow", words) == "--fail-below");
    CHECK(closest_match("--fail-on", words) == "--fail-on-regression"); // the only completion
    CHECK_FALSE(closest_match("frobnicate", words));
    CHECK_FALSE(closest_match("--fail", words)); // two completions, no guess
    CHECK(did_you_mean("swep", words) == ", did you mean 'sweep'?");
    CHECK(did_you_mean("zzz", words).empty());
}

TEST_CASE("exit codes: values, precedence, errors", "[cli][exit]") {
    CHECK(to_int(ExitCode::Pass) == 0);
    CHECK(to_int(ExitCode::BelowThreshold) == 1);
    CHECK(to_int(ExitCode::Regression) == 2);
    CHECK(to_int(ExitCode::Critical) == 3);
    CHECK(to_int(ExitCode::BaselineDrift) == 4);
    CHECK(to_int(ExitCode::Usage) == 64);
    CHECK(to_int(ExitCode::Unavailable) == 69);
    CHECK(to_int(ExitCode::Interrupted) == 130);
    // 130 > 3 > 2 > 4 > 1 > 0
    std::vector<ExitCode> order = {ExitCode::Interrupted,   ExitCode::Critical,       ExitCode::Regression,
                                   ExitCode::BaselineDrift, ExitCode::BelowThreshold, ExitCode::Pass};
    for (std::size_t i = 0; i < order.size(); ++i)
        for (std::size_t j = i; j < order.size(); ++j) {
            CHECK(most_severe(order[i], order[j]) == order[i]);
            CHECK(most_severe(order[j], order[i]) == order[i]);
        }
    CHECK(exit_code_for(usage_error("x")) == ExitCode::Usage);
    CHECK(exit_code_for(util::Error{util::ErrorKind::Input, {}, {}, "x"}) == ExitCode::Critical);
    CHECK(exit_code_for(util::Error{util::ErrorKind::Engine, {}, {}, "x"}) == ExitCode::Critical);
    CHECK(exit_code_for(util::Error{util::ErrorKind::Io, {}, {}, "x"}) == ExitCode::Critical);
}

TEST_CASE("wrap", "[cli][text]") {
    CHECK(wrap("short text", 4) == "short text");
    std::string long_text(30, 'a');
    long_text += " " + std::string(30, 'b') + " " + std::string(30, 'c');
    CHECK(wrap(long_text, 10) == std::string(30, 'a') + " " + std::string(30, 'b') + "\n" +
                                     std::string(10, ' ') + std::string(30, 'c'));
    CHECK(wrap("one\ntwo", 2) == "one\n  two");
}

TEST_CASE("the option table is consistent", "[cli][registry]") {
    // One spelling, one arity, everywhere: the scan that finds the command relies on it.
    std::map<std::string, bool> takes_value;
    std::map<std::string, std::string> short_of;
    auto record = [&](const OptionSpec& option) {
        std::string name(option.long_name);
        if (takes_value.contains(name)) CHECK(takes_value[name] == option.takes_value());
        takes_value[name] = option.takes_value();
        if (!option.short_name.empty()) {
            if (short_of.contains(std::string(option.short_name)))
                CHECK(short_of[std::string(option.short_name)] == name);
            short_of[std::string(option.short_name)] = name;
        }
        CHECK(option.takes_value() == !option.value_name.empty());
    };
    for (const OptionSpec& option : general_options())
        record(option);
    for (const OptionSpec& option : global_options())
        record(option);
    std::set<std::string_view> names;
    for (const CommandSpec& command : commands()) {
        INFO(command.name);
        CHECK(names.insert(command.name).second);
        CHECK_FALSE(command.summary.empty());
        CHECK(command.summary.size() < 60);
        CHECK_FALSE(command.description.empty());
        CHECK(command.read != nullptr);
        CHECK_FALSE(command.exit_codes.empty());
        for (const OptionSpec& option : command.options)
            record(option);
        for (std::string_view global : command.globals) {
            INFO(global);
            const OptionSpec* option = find_any_option("--" + std::string(global));
            REQUIRE(option != nullptr);
            CHECK_FALSE(option->category.empty());
        }
    }
    CHECK(find_command("config")->available());
    CHECK(find_any_option("-f")->long_name == "file");
    CHECK(find_any_option("--file")->short_name == "f");
    CHECK(find_any_option("--f") == nullptr);
    CHECK(find_any_option("file") == nullptr);
}
