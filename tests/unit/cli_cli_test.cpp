// cli::run end to end: what reaches stdout and stderr, and the exit code.
#include "cli/cli.hpp"
#include "rehearsa_config.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace rehearsa::cli;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;

namespace {

struct Outcome {
    int code;
    std::string out;
    std::string err;
};

Outcome run_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int code = run(args, out, err);
    return {code, out.str(), err.str()};
}

int line_count(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// A scratch directory, removed afterwards.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "rehearsa-cli-XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

} // namespace

TEST_CASE("--version prints the configured version", "[cli]") {
    for (auto args : {std::vector<std::string>{"--version"}, {"version"}}) {
        Outcome o = run_cli(args);
        CHECK(o.code == 0);
        CHECK(o.out == std::string("rehearsa ") + REHEARSA_VERSION + "\n");
        CHECK(o.err.empty());
    }
}

TEST_CASE("--help goes to stdout and exits 0", "[cli]") {
    Outcome o = run_cli({"--help"});
    CHECK(o.code == 0);
    CHECK(o.err.empty());
    CHECK_THAT(o.out, StartsWith("rehearsa " REHEARSA_VERSION " - "));
    CHECK_THAT(o.out, ContainsSubstring("Usage:\n  rehearsa [OPTION...] COMMAND"));
    CHECK(run_cli({"help"}).out == o.out);
    CHECK(run_cli({"-h"}).out == o.out);
}

TEST_CASE("a command's help is the same however it is asked for", "[cli]") {
    Outcome o = run_cli({"stack", "test", "--help"});
    CHECK(o.code == 0);
    CHECK_THAT(o.out, StartsWith("rehearsa stack test - "));
    CHECK(run_cli({"help", "stack", "test"}).out == o.out);
    CHECK(run_cli({"--help", "stack", "test"}).out == o.out);
    CHECK(run_cli({"stack", "test", "-h", "--frobnicate"}).out == o.out);
}

TEST_CASE("commands not built yet say so on stderr and exit 69", "[cli]") {
    std::vector<std::vector<std::string>> invocations = {
        {"baseline", "set", "mystack"},
        {"policy", "set", "mystack", "--min-confidence", "80", "--min-readiness", "80",
         "--block-on-regression", "true", "--fail-on-baseline-drift", "true", "--fail-on-duration-spike",
         "true", "--duration-spike-percent", "40"},
        {"history", "show", "mystack"},
        {"status"},
    };
    for (const auto& args : invocations) {
        Outcome o = run_cli(args);
        CHECK(o.code == 69);
        CHECK(o.out.empty());
        CHECK(line_count(o.err) == 1);
        CHECK_THAT(o.err,
                   StartsWith("rehearsa: '") && ContainsSubstring("' is not yet available in this build\n"));
    }
    CHECK(run_cli({"status"}).err == "rehearsa: 'status' is not yet available in this build\n");
    CHECK(run_cli({"gate"}).code == 69);
}

TEST_CASE("the original README's stack test invocations run: a missing file is one line, exit 3", "[cli]") {
    std::vector<std::vector<std::string>> invocations = {
        {"--timeout", "120", "stack", "test", "does-not-exist.yml"},
        {"--inject-failure", "myservice", "stack", "test", "does-not-exist.yml"},
        {"--strict-integrity", "stack", "test", "does-not-exist.yml"},
        {"--fail-below", "80", "--fail-on-regression", "stack", "test", "does-not-exist.yml"},
    };
    for (const auto& args : invocations) {
        Outcome o = run_cli(args);
        CHECK(o.code == 3);
        CHECK(line_count(o.err) == 1);
        CHECK_THAT(o.err, StartsWith("rehearsa: ") && ContainsSubstring("does-not-exist.yml"));
    }
    CHECK(run_cli({"baseline", "show", "s"}).code == 69);
    CHECK(run_cli({"policy", "show", "s"}).code == 69);
}

TEST_CASE("lint lists its rules and needs no compose file for that", "[cli]") {
    Outcome o = run_cli({"lint", "--list-rules"});
    CHECK(o.code == 0);
    CHECK(o.err.empty());
    CHECK_THAT(o.out, ContainsSubstring("host-bind-mount") && ContainsSubstring("invalid-suppression"));
}

TEST_CASE("reports list the services in file order: by -f file, then line", "[cli]") {
    // The model is sorted by name (as compose prints it); the reports keep the order they are
    // written in, across files in merge order (docs/formats/report-json.md).
    TempDir dir;
    std::string base = dir.write("compose.yaml", "services:\n  zeta: {image: z:1}\n  alpha: {image: a:1}\n");
    std::string more = dir.write("more.yaml", "services:\n  beta: {image: b:1}\n  mid: {image: m:1}\n");
    std::string json = (dir.path / "report.json").string();
    Outcome o = run_cli({"lint", "--fail-on", "none", "-f", base, "-f", more, "--report", "json=" + json});
    REQUIRE(o.code == 0);
    std::ifstream in(json);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::size_t> at;
    for (std::string name : {"zeta", "alpha", "beta", "mid"})
        at.push_back(text.find("\"name\": \"" + name + "\""));
    CHECK(std::ranges::find(at, std::string::npos) == at.end());
    CHECK(std::ranges::is_sorted(at));
}

TEST_CASE("usage errors print one line on stderr, nothing on stdout, and exit 64", "[cli]") {
    std::vector<std::vector<std::string>> invocations = {
        {},
        {"frobnicate"},
        {"stack", "test", "--frobnicate"},
        {"--fail-below", "abc", "stack", "test"},
        {"--fail-below", "140", "stack", "test"},
        {"--timeout", "-3", "stack", "test"},
        {"stack", "test", "--timeout"},
        {"baseline"},
        {"status", "extra"},
        {"config", "--format", "xml"},
    };
    for (const auto& args : invocations) {
        Outcome o = run_cli(args);
        CHECK(o.code == 64);
        CHECK(o.out.empty());
        CHECK(line_count(o.err) == 1);
        CHECK_THAT(o.err, StartsWith("rehearsa: ") && ContainsSubstring(" --help')\n"));
    }
    CHECK(run_cli({"stack", "test", "--frobnicate"}).err ==
          "rehearsa: unknown option '--frobnicate' (see 'rehearsa stack test --help')\n");
}

TEST_CASE("config prints the loaded model, its services, and load errors", "[cli][config]") {
    TempDir dir;
    std::string file =
        dir.write("compose.yml", "services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n");
    SECTION("--services: sorted names, one a line") {
        Outcome o = run_cli({"config", "-f", file, "--services"});
        CHECK(o.code == 0);
        CHECK(o.out == "db\nweb\n");
        CHECK(o.err.empty());
        CHECK(run_cli({"config", file, "--services"}).out == "db\nweb\n"); // positional FILE
    }
    SECTION("--format json") {
        Outcome o = run_cli({"--file", file, "config", "--format", "json"});
        CHECK(o.code == 0);
        CHECK_THAT(o.out, StartsWith("{") && ContainsSubstring("\"postgres\""));
    }
    SECTION("-o writes the file and nothing to stdout") {
        std::string out_file = (dir.path / "out.yml").string();
        Outcome o = run_cli({"config", "-f", file, "-o", out_file});
        CHECK(o.code == 0);
        CHECK(o.out.empty());
        CHECK(std::filesystem::file_size(out_file) > 0);
    }
    SECTION("-q prints nothing") {
        Outcome o = run_cli({"config", "-f", file, "-q"});
        CHECK(o.code == 0);
        CHECK(o.out.empty());
    }
    SECTION("a missing file is invalid input: one line, exit 3") {
        Outcome o = run_cli({"config", "-f", (dir.path / "missing.yml").string()});
        CHECK(o.code == 3);
        CHECK(o.out.empty());
        CHECK(line_count(o.err) == 1);
        CHECK_THAT(o.err, StartsWith("rehearsa: ") && ContainsSubstring("missing.yml"));
    }
    SECTION("an invalid file: each error on its own line, exit 3") {
        std::string bad = dir.write("bad.yml", "services:\n  web:\n    image: 3\n  x: 1\n");
        Outcome o = run_cli({"config", "-f", bad});
        CHECK(o.code == 3);
        CHECK(o.out.empty());
        CHECK(line_count(o.err) >= 1);
        CHECK_THAT(o.err, StartsWith("rehearsa: " + bad + ":"));
    }
}
