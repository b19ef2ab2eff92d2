// The help texts teach: purpose, usage, options with defaults, examples, exit codes; 80 columns.
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "rehearsa_config.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace rehearsa::cli;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;

namespace {

std::vector<std::string> all_topics() {
    std::vector<std::string> topics = {""};
    for (const GroupSpec& group : command_groups())
        topics.emplace_back(group.name);
    for (const CommandSpec& command : commands())
        topics.emplace_back(command.name);
    return topics;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace

TEST_CASE("every help fits 80 columns, plain ASCII, no trailing spaces", "[cli][help]") {
    for (const std::string& topic : all_topics()) {
        std::string text = help_text(topic);
        INFO("topic: '" << topic << "'");
        CHECK(text.ends_with("\n"));
        CHECK_FALSE(text.ends_with("\n\n"));
        for (const std::string& line : lines_of(text)) {
            INFO(line);
            CHECK(line.size() < 80);
            CHECK_FALSE(line.ends_with(" "));
            bool printable_ascii = std::ranges::all_of(line, [](char c) { return c >= 0x20 && c < 0x7f; });
            CHECK(printable_ascii); // no colour codes, no tabs, no UTF-8
        }
    }
}

TEST_CASE("the top help lists every command, the global options and the exit codes", "[cli][help]") {
    std::string text = help_text("");
    CHECK_THAT(text, StartsWith("rehearsa " REHEARSA_VERSION " - "));
    for (const CommandSpec& command : commands()) {
        CHECK_THAT(text, ContainsSubstring("  " + std::string(command.name) + " "));
        CHECK_THAT(text, ContainsSubstring(std::string(command.summary)));
    }
    for (const OptionSpec& option : global_options())
        CHECK_THAT(text, ContainsSubstring("--" + std::string(option.long_name)));
    CHECK_THAT(text, ContainsSubstring("  -f, --file FILE"));
    CHECK_THAT(text, ContainsSubstring("--timeout SECONDS"));
    CHECK_THAT(text, ContainsSubstring("(default: 300)"));
    CHECK_THAT(text, ContainsSubstring("--version"));
    CHECK_THAT(text, ContainsSubstring("Examples:\n  rehearsa "));
    for (const char* code :
         {"  0   pass", "  1   ", "  2   ", "  3   ", "  4   ", "  64  usage error", "  69  "})
        CHECK_THAT(text, ContainsSubstring(code));
    CHECK_THAT(text, ContainsSubstring("3 > 2 > 4 > 1 > 0"));
    CHECK_THAT(text, ContainsSubstring("  config          Print the compose model as rehearsa loads it\n"));
    CHECK_THAT(text,
               ContainsSubstring("  stack test      Rehearse a restore of a compose stack in a sandbox\n"));
    CHECK_THAT(text, ContainsSubstring("* not yet available in this build"));
}

TEST_CASE("each command's help teaches purpose, usage, options, examples, exit codes", "[cli][help]") {
    for (const CommandSpec& command : commands()) {
        std::string name(command.name);
        std::string text = help_text(name);
        INFO(name);
        CHECK_THAT(text, StartsWith("rehearsa " + name + " - " + std::string(command.summary) + "\n"));
        CHECK_THAT(text, ContainsSubstring("Usage:\n  rehearsa " + name + " [OPTION...]"));
        CHECK_THAT(text, ContainsSubstring("  -h, --help"));
        for (const OptionSpec& option : command.options)
            CHECK_THAT(text, ContainsSubstring("--" + std::string(option.long_name)));
        for (std::string_view global : command.globals)
            CHECK_THAT(text, ContainsSubstring("--" + std::string(global)));
        CHECK(command.examples.size() >= 2);
        for (std::string_view example : command.examples)
            CHECK_THAT(text, ContainsSubstring(std::string(example.substr(0, example.find('\n')))));
        CHECK_THAT(text, ContainsSubstring("Exit codes:\n  0   "));
        CHECK_THAT(text, ContainsSubstring("  64  usage error"));
        bool says_unavailable = text.find("Not yet available in this build") != std::string::npos;
        CHECK(says_unavailable == !command.available());
        CHECK((text.find("  69  ") != std::string::npos) == !command.available());
    }
}

TEST_CASE("command help shows only the options the command takes", "[cli][help]") {
    std::string status = help_text("status");
    CHECK_THAT(status, ContainsSubstring("--strict-integrity"));
    CHECK(status.find("--timeout") == std::string::npos);
    CHECK(status.find("--file") == std::string::npos);
    std::string config = help_text("config");
    CHECK_THAT(config, ContainsSubstring("Config options:\n      --format FORMAT"));
    CHECK_THAT(config, ContainsSubstring("(default: yaml)"));
    CHECK_THAT(config, ContainsSubstring("  -o, --output FILE"));
    CHECK(config.find("--inject-failure") == std::string::npos);
    CHECK(config.find("Not yet available") == std::string::npos);
    CHECK_THAT(help_text("gate"), ContainsSubstring("(default: 24h)"));
    CHECK_THAT(help_text("stack test"),
               ContainsSubstring("Usage:\n  rehearsa stack test [OPTION...] [FILE...]\n"));
    CHECK_THAT(help_text("baseline set"),
               ContainsSubstring("Usage:\n  rehearsa baseline set [OPTION...] STACK\n"));
}

TEST_CASE("group help lists the group's commands", "[cli][help]") {
    std::string text = help_text("policy");
    CHECK_THAT(text, StartsWith("rehearsa policy - "));
    CHECK_THAT(text, ContainsSubstring("  policy set "));
    CHECK_THAT(text, ContainsSubstring("  policy show "));
    CHECK(text.find("stack test") == std::string::npos);
    CHECK_THAT(text, ContainsSubstring("rehearsa help policy COMMAND"));
}

TEST_CASE("version text", "[cli][help]") {
    CHECK(version_text() == "rehearsa " REHEARSA_VERSION "\n");
}

namespace {

std::string read_doc(const std::string& name) {
    const char* root = std::getenv("REHEARSA_SOURCE_ROOT");
    if (root == nullptr) SKIP("REHEARSA_SOURCE_ROOT is not set; run through meson test");
    std::ifstream in(std::string(root) + "/docs/" + name);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("docs/cli.md documents every command and option", "[cli][docs]") {
    std::string doc = read_doc("cli.md");
    for (const CommandSpec& command : commands()) {
        CHECK_THAT(doc, ContainsSubstring("### " + std::string(command.name) + "\n"));
        for (std::string_view example : command.examples)
            CHECK_THAT(doc, ContainsSubstring(std::string(example.substr(0, example.find(" \\")))));
        for (const OptionSpec& option : command.options) {
            std::string name = "--" + std::string(option.long_name);
            CHECK_THAT(doc, ContainsSubstring(name + " ") || ContainsSubstring(name + "`"));
        }
    }
    for (const OptionSpec& option : global_options())
        CHECK_THAT(doc, ContainsSubstring("--" + std::string(option.long_name)));
}

TEST_CASE("docs/exit-codes.md documents every code and the precedence", "[cli][docs]") {
    std::string doc = read_doc("exit-codes.md");
    for (int code : {0, 1, 2, 3, 4, 64, 69, 130})
        CHECK_THAT(doc, ContainsSubstring("| " + std::to_string(code) + " |"));
    CHECK_THAT(doc, ContainsSubstring("3 > 2 > 4 > 1 > 0"));
}
