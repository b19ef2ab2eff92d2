// The CI templates in ci-templates/: each one parses, has what its CI needs to publish rehearsa's
// reports even when rehearsa fails, and every rehearsa command line in it is one the CLI accepts,
// so a template can never drift from the real flags.
#include "cli/options.hpp"
#include "compose/canonical.hpp"
#include "compose/yaml.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace rehearsa;
using compose::Node;

namespace {

// A rehearsa command line as the CI would run it, with where it came from for failure messages.
struct Command {
    std::string where;
    std::string line;
};

std::filesystem::path template_path(std::string_view relative) {
    const char* root = std::getenv("REHEARSA_SOURCE_ROOT");
    REQUIRE(root != nullptr);
    return std::filesystem::path(root) / "ci-templates" / relative;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    INFO(path.string());
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Node load_yaml(std::string_view relative) {
    auto path = template_path(relative);
    auto node = compose::parse_yaml(read_text(path), std::make_shared<const std::string>(path.string()));
    if (!node) FAIL("YAML parse error: " << node.error().to_string());
    return *node;
}

std::string trim(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t\r") - first + 1));
}

// Shell lines with their backslash-newline continuations joined, as the shell reads them.
std::vector<std::string> logical_lines(std::string_view script) {
    std::vector<std::string> lines;
    std::string pending;
    std::istringstream in{std::string(script)};
    for (std::string raw; std::getline(in, raw);) {
        std::string line = trim(raw);
        bool continued = !line.empty() && line.back() == '\\';
        if (!pending.empty()) pending += ' ';
        pending += continued ? trim(line.substr(0, line.size() - 1)) : line;
        if (!continued) lines.push_back(trim(pending)), pending.clear();
    }
    if (!pending.empty()) lines.push_back(trim(pending));
    return lines;
}

void collect_commands(std::string_view script, const std::string& where, std::vector<Command>& out) {
    for (const std::string& line : logical_lines(script))
        if (line == "rehearsa" || line.starts_with("rehearsa ")) out.push_back({where, line});
}

// A script: one string, or a list of them (GitLab).
void script_commands(const Node& script, std::vector<Command>& out) {
    if (script.is_scalar()) collect_commands(script.text, script.loc.to_string(), out);
    for (const Node& item : script.items)
        if (item.is_scalar()) collect_commands(item.text, item.loc.to_string(), out);
}

// The scripts of a CI YAML file: GitHub's `run:`, GitLab's `script:` and its before/after hooks.
void yaml_commands(const Node& node, std::vector<Command>& out) {
    static const std::set<std::string, std::less<>> k_script_keys = {"run", "script", "before_script",
                                                                     "after_script"};
    for (const compose::Entry& entry : node.entries) {
        if (k_script_keys.contains(entry.key))
            script_commands(entry.value, out);
        else
            yaml_commands(entry.value, out);
    }
    for (const Node& item : node.items)
        yaml_commands(item, out);
}

std::vector<Command> yaml_commands(const Node& node) {
    std::vector<Command> out;
    yaml_commands(node, out);
    return out;
}

// CI variables (${{ expr }}, ${VAR}, $VAR) stand for values only the CI knows; any word will do
// for them, as the templates use variables only where a file name goes.
std::string substitute_variables(const std::string& line) {
    static const std::regex k_variable(
        R"(\$\{\{[^}]*\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*)");
    return std::regex_replace(line, k_variable, "ci-value.yml");
}

cli::Invocation parse_command(const Command& command) {
    INFO(command.where << ": " << command.line);
    auto words = compose::split_shell_words(substitute_variables(command.line));
    REQUIRE(words);
    REQUIRE((!words->empty() && words->front() == "rehearsa"));
    std::vector<std::string> args(words->begin() + 1, words->end());
    auto invocation = cli::parse_command_line(args);
    if (!invocation) FAIL("rehearsa rejects it: " << invocation.error().message);
    return *invocation;
}

std::set<std::string> report_paths(const std::vector<Command>& commands, std::string_view format) {
    std::set<std::string> paths;
    for (const Command& command : commands)
        for (const cli::ReportRequest& report : parse_command(command).global.reports)
            if (report.format == format && report.path) paths.insert(*report.path);
    return paths;
}

std::set<std::string> topics(const std::vector<Command>& commands) {
    std::set<std::string> out;
    for (const Command& command : commands)
        out.insert(parse_command(command).topic);
    return out;
}

const Node& require_key(const Node& node, std::string_view key) {
    const Node* value = node.find(key);
    INFO("missing key '" << key << "' under " << node.loc.to_string());
    REQUIRE(value != nullptr);
    return *value;
}

std::string text_at(const Node& node, std::string_view key) {
    const Node* value = node.find(key);
    return value && value->is_scalar() ? value->text : std::string();
}

} // namespace

// ---- Jenkinsfile: Groovy read as text; its string literals hold the shell scripts. ----

namespace {

struct Literal {
    std::size_t offset; // of its opening quote
    std::string text;
};

struct Groovy {
    std::string code;              // the file with comments and string literals blanked out
    std::vector<Literal> literals; // every string literal, in order
    std::string error;             // an unterminated string or comment
};

// What opens a string literal or a comment at the start of `rest`, or "". Groovy's slashy and
// dollar-slashy strings are not read: the template has none.
std::string_view opener(std::string_view rest) {
    for (std::string_view open : {"'''", "\"\"\"", "//", "/*", "'", "\""})
        if (rest.starts_with(open)) return open;
    return {};
}

// The offset of `close` after `at`, or npos when the literal is never closed (a one-quote string
// ends at its line's end at the latest).
std::size_t literal_end(const std::string& text, std::size_t at, std::string_view close) {
    for (std::size_t i = at; i < text.size(); ++i) {
        if (text[i] == '\\' && close != "*/")
            ++i;
        else if (text.compare(i, close.size(), close) == 0)
            return i;
        else if (text[i] == '\n' && (close == "'" || close == "\""))
            return std::string::npos;
    }
    return std::string::npos;
}

// Blanks [begin, end) of the code copy, keeping newlines so that offsets stay line-aligned.
void blank(std::string& code, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
        if (code[i] != '\n') code[i] = ' ';
}

Groovy read_groovy(const std::string& text) {
    Groovy groovy{text, {}, {}};
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string_view open = opener(std::string_view(text).substr(i));
        if (open.empty()) continue;
        std::string_view close = open == "//" ? "\n" : open == "/*" ? "*/" : open;
        std::size_t end = std::min(literal_end(text, i + open.size(), close), text.size());
        if (end == text.size() && open != "//") {
            auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\n') + 1;
            groovy.error = "line " + std::to_string(line) + ": unterminated " + std::string(open);
            return groovy;
        }
        if (open[0] != '/')
            groovy.literals.push_back({i, text.substr(i + open.size(), end - i - open.size())});
        std::size_t after = open == "//" ? end : end + close.size();
        blank(groovy.code, i, after);
        i = after - 1;
    }
    return groovy;
}

// The offset of the brace that closes the one at `open`, or npos.
std::size_t matching_brace(const std::string& code, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < code.size(); ++i) {
        depth += code[i] == '{' ? 1 : code[i] == '}' ? -1 : 0;
        if (depth == 0) return i;
    }
    return std::string::npos;
}

// The (opening brace, closing brace) offsets of every `word {` block.
std::vector<std::pair<std::size_t, std::size_t>> blocks(const std::string& code, const std::string& word) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::regex opening("\\b" + word + "\\s*\\{");
    for (auto it = std::sregex_iterator(code.begin(), code.end(), opening); it != std::sregex_iterator();
         ++it) {
        std::size_t open = static_cast<std::size_t>(it->position() + it->length() - 1);
        out.emplace_back(open, matching_brace(code, open));
    }
    return out;
}

// The shell scripts: the literals given to `sh '...'`, `sh("...")` or `sh(script: '...')`; the
// other literals are messages, labels and file patterns.
std::vector<Command> groovy_commands(const Groovy& groovy) {
    static const std::regex k_sh_step(R"((\bsh\s*\(?|\bscript\s*:)\s*$)");
    std::vector<Command> commands;
    for (const Literal& literal : groovy.literals) {
        std::size_t from = literal.offset < 80 ? 0 : literal.offset - 80;
        if (std::regex_search(groovy.code.substr(from, literal.offset - from), k_sh_step))
            collect_commands(literal.text, "Jenkinsfile", commands);
    }
    return commands;
}

} // namespace

// ---- The structure each CI needs. ----

namespace {

enum class Publisher { None, Sarif, Junit };

Publisher publisher_of(const Node& step) {
    std::string uses = text_at(step, "uses");
    if (uses.find("github/codeql-action/upload-sarif") != std::string::npos) return Publisher::Sarif;
    for (std::string_view junit : {"action-junit-report", "publish-unit-test-result-action"})
        if (uses.find(junit) != std::string::npos) return Publisher::Junit;
    return Publisher::None;
}

// A step that publishes a report: it must run after a failed rehearsa step (!cancelled()), and
// publish a file the job's rehearsa command writes.
void check_github_publisher(const Node& step, Publisher kind, const Node& job,
                            const std::vector<Command>& commands) {
    INFO("step '" << text_at(step, "name") << "' at " << step.loc.to_string());
    CHECK(text_at(step, "if").find("!cancelled()") != std::string::npos);
    const Node& with = require_key(step, "with");
    if (kind == Publisher::Sarif) {
        CHECK(text_at(require_key(job, "permissions"), "security-events") == "write");
        CHECK_FALSE(text_at(with, "category").empty());
        CHECK(report_paths(commands, "sarif").contains(text_at(with, "sarif_file")));
    } else {
        CHECK(report_paths(commands, "junit").contains(text_at(with, "report_paths")));
    }
}

bool runs_on_schedule(const Node& job) {
    for (const Node& rule : require_key(job, "rules").items)
        if (text_at(rule, "if") == R"($CI_PIPELINE_SOURCE == "schedule")" && text_at(rule, "when") != "never")
            return true;
    return false;
}

void check_gitlab_artifacts(const Node& job, const std::vector<Command>& commands) {
    const Node& artifacts = require_key(job, "artifacts");
    CHECK(text_at(artifacts, "when") == "always");
    CHECK(require_key(artifacts, "paths").is_sequence());
    const Node& reports = require_key(artifacts, "reports");
    CHECK(report_paths(commands, "junit").contains(text_at(reports, "junit")));
    CHECK(report_paths(commands, "codequality").contains(text_at(reports, "codequality")));
}

bool allows_exit_code(const Node& job, std::string_view code) {
    const Node* allow = job.find("allow_failure");
    if (!allow) return false;
    const auto& codes = require_key(*allow, "exit_codes").items;
    return std::ranges::any_of(codes, [&](const Node& item) { return item.text == code; });
}

// A Jenkins `post { always { ... } }` block: it records the JUnit and SARIF files the stage writes.
void check_jenkins_always(const std::string& body, const std::vector<Command>& commands) {
    INFO(body);
    std::smatch junit, sarif;
    REQUIRE(std::regex_search(body, junit, std::regex(R"(junit\s+testResults:\s*'([^']+)')")));
    REQUIRE(std::regex_search(body, sarif, std::regex(R"(recordIssues[\s\S]*sarif\(pattern:\s*'([^']+)')")));
    CHECK(report_paths(commands, "junit").contains(junit[1].str()));
    CHECK(report_paths(commands, "sarif").contains(sarif[1].str()));
}

} // namespace

TEST_CASE("the GitHub Actions workflow publishes its reports even when rehearsa fails", "[cli][templates]") {
    Node workflow = load_yaml("github-actions/rehearsa.yml");
    const Node& schedule = require_key(require_key(workflow, "on"), "schedule");
    REQUIRE(schedule.is_sequence());
    CHECK_FALSE(text_at(schedule.items.at(0), "cron").empty());
    const Node& jobs = require_key(workflow, "jobs");
    REQUIRE(jobs.is_mapping());
    std::map<Publisher, int> published;
    for (const compose::Entry& job : jobs.entries) {
        INFO("job " << job.key);
        for (const Node& step : require_key(job.value, "steps").items) {
            Publisher kind = publisher_of(step);
            if (kind != Publisher::None)
                check_github_publisher(step, kind, job.value, yaml_commands(job.value));
            published[kind] += 1;
        }
    }
    CHECK(published[Publisher::Sarif] >= 2); // the lint job and the nightly rehearsal
    CHECK(published[Publisher::Junit] >= 2);
    CHECK(topics(yaml_commands(jobs)) == std::set<std::string>{"", "lint", "stack test"});
}

TEST_CASE("the GitLab CI template keeps its reports whatever the exit code", "[cli][templates]") {
    Node pipeline = load_yaml("gitlab-ci/rehearsa.gitlab-ci.yml");
    int jobs = 0;
    bool scheduled_rehearsal = false, exit_1_warns = false;
    for (const compose::Entry& job : pipeline.entries) {
        std::vector<Command> commands;
        if (const Node* script = job.value.find("script")) script_commands(*script, commands);
        if (commands.empty()) continue;
        INFO("job " << job.key);
        jobs += 1;
        check_gitlab_artifacts(job.value, commands);
        scheduled_rehearsal |= runs_on_schedule(job.value) && topics(commands).contains("stack test");
        exit_1_warns |= allows_exit_code(job.value, "1") && topics(commands).contains("lint");
    }
    CHECK(jobs >= 2);
    CHECK(scheduled_rehearsal);
    CHECK(exit_1_warns);
}

TEST_CASE("the Jenkinsfile is balanced and records its reports in post { always }", "[cli][templates]") {
    std::string text = read_text(template_path("jenkins/Jenkinsfile"));
    Groovy groovy = read_groovy(text);
    INFO(groovy.error);
    REQUIRE(groovy.error.empty());
    for (auto [open, close] : {std::pair{'{', '}'}, std::pair{'(', ')'}, std::pair{'[', ']'}}) {
        INFO("brackets " << open << close);
        CHECK(std::ranges::count(groovy.code, open) == std::ranges::count(groovy.code, close));
    }
    std::vector<Command> commands = groovy_commands(groovy);
    auto posts = blocks(groovy.code, "post");
    REQUIRE(posts.size() >= 2); // the lint stage and the nightly rehearsal
    for (auto [begin, end] : posts) {
        REQUIRE(end != std::string::npos);
        auto always = blocks(groovy.code.substr(begin, end - begin), "always");
        REQUIRE(always.size() == 1);
        check_jenkins_always(text.substr(begin + always[0].first, always[0].second - always[0].first),
                             commands);
    }
    CHECK(std::regex_search(groovy.code, std::regex(R"(triggers\s*\{\s*cron\()")));
    CHECK(topics(commands) == std::set<std::string>{"lint", "stack test"});
}

TEST_CASE("every rehearsa command line in the templates is one the CLI accepts", "[cli][templates]") {
    std::vector<Command> commands = yaml_commands(load_yaml("github-actions/rehearsa.yml"));
    std::vector<Command> gitlab = yaml_commands(load_yaml("gitlab-ci/rehearsa.gitlab-ci.yml"));
    std::vector<Command> jenkins =
        groovy_commands(read_groovy(read_text(template_path("jenkins/Jenkinsfile"))));
    commands.insert(commands.end(), gitlab.begin(), gitlab.end());
    commands.insert(commands.end(), jenkins.begin(), jenkins.end());
    // An extraction that finds nothing must not pass: each template lints and rehearses.
    REQUIRE(commands.size() >= 6);
    for (const Command& command : commands) {
        cli::Invocation invocation = parse_command(command);
        INFO(command.where << ": " << command.line);
        if (invocation.action == cli::Action::Run)
            CHECK((invocation.topic == "lint" || invocation.topic == "stack test"));
    }
}

TEST_CASE("the command extraction joins continuations and skips other commands", "[cli][templates]") {
    std::vector<Command> found;
    collect_commands("set -e\n  rehearsa lint \\\n    --report sarif=a.sarif \\\n  x.yml\nrehearsa-other\n"
                     "echo rehearsa lint\n",
                     "t", found);
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == "rehearsa lint --report sarif=a.sarif x.yml");
    CHECK(substitute_variables("rehearsa lint \"${{ inputs.file }}\" $F ${G}") ==
          "rehearsa lint \"ci-value.yml\" ci-value.yml ci-value.yml");
    Groovy groovy = read_groovy("a { sh '''x { y''' } // c }\n/* } */ b(\"q\\\"\")");
    CHECK(groovy.error.empty());
    REQUIRE(groovy.literals.size() == 2);
    CHECK(groovy.literals[0].text == "x { y");
    CHECK(groovy.literals[1].text == "q\\\"");
    CHECK(std::ranges::count(groovy.code, '{') == 1);
    CHECK(std::ranges::count(groovy.code, '}') == 1);
    CHECK_FALSE(read_groovy("sh 'unterminated\n").error.empty());
    std::vector<Command> steps =
        groovy_commands(read_groovy("sh 'rehearsa lint a.yml'\n"
                                    "sh(returnStatus: true, script: '''rehearsa lint b.yml''')\n"
                                    "sh \"\"\"rehearsa lint c.yml\"\"\"\n"
                                    "unstable('rehearsa lint: findings')\n"));
    REQUIRE(steps.size() == 3);
    CHECK(steps[1].line == "rehearsa lint b.yml");
    CHECK(steps[2].line == "rehearsa lint c.yml");
}
