// run_config against a fake loader: where output, warnings and errors go, and the exit code.
#include "cli/command_config.hpp"
#include "compose/config_output.hpp"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace rehearsa;
using namespace rehearsa::cli;

namespace {

util::Error error_at(int line, int column, std::string path, std::string message) {
    util::Error error;
    error.where.file = std::make_shared<const std::string>("compose.yml");
    error.where.line = line;
    error.where.column = column;
    error.path = std::move(path);
    error.message = std::move(message);
    return error;
}

compose::Project sample_project() {
    compose::Project project;
    project.name = "shop";
    project.model = compose::Node::mapping();
    compose::Node services = compose::Node::mapping();
    for (const char* name : {"web", "cache", "db"})
        services.set(name, compose::Node::mapping());
    project.model.set("services", std::move(services));
    project.warnings.push_back(error_at(3, 14, "services.web.image",
                                        "The \"TAG\" variable is not set. Defaulting to a blank string."));
    return project;
}

compose::LoadResult load_sample(const compose::LoadOptions&) {
    return sample_project();
}

compose::LoadOptions g_seen;
compose::LoadResult load_recording(const compose::LoadOptions& options) {
    g_seen = options;
    return sample_project();
}

compose::LoadResult load_broken(const compose::LoadOptions&) {
    util::Errors errors;
    errors.push_back(error_at(12, 5, "services.db.healthcheck.interval", "invalid duration \"5x\""));
    errors.push_back(error_at(20, 3, "services.x", "must be a mapping"));
    return std::unexpected(std::move(errors));
}

struct Outcome {
    ExitCode code;
    std::string out;
    std::string err;
};

Outcome config(const ConfigOptions& options, ProjectLoader load, GlobalOptions global = {}) {
    std::ostringstream out, err;
    ExitCode code = run_config(global, options, Io{out, err}, load);
    return {code, out.str(), err.str()};
}

} // namespace

TEST_CASE("config passes the compose options to the loader", "[cli][config]") {
    GlobalOptions global;
    global.compose.files = {"a.yml", "b.yml"};
    global.compose.project_name = "shop";
    global.compose.profiles = {"ops"};
    config({}, load_recording, global);
    CHECK(g_seen.files == std::vector<std::string>{"a.yml", "b.yml"});
    CHECK(g_seen.project_name == "shop");
    CHECK(g_seen.profiles == std::vector<std::string>{"ops"});
}

TEST_CASE("config --services prints sorted names; warnings go to stderr", "[cli][config]") {
    ConfigOptions options;
    options.services = true;
    Outcome o = config(options, load_sample);
    CHECK(o.code == ExitCode::Pass);
    CHECK(o.out == "cache\ndb\nweb\n");
    CHECK(o.err ==
          "rehearsa: warning: compose.yml:3:14: services.web.image: The \"TAG\" variable is not set. "
          "Defaulting to a blank string.\n");
}

TEST_CASE("config prints the model in the format asked for", "[cli][config]") {
    compose::Project project = sample_project();
    ConfigOptions options;
    std::string yaml = config(options, load_sample).out;
    std::string expected_yaml = compose::config_yaml(project);
    CHECK(yaml.starts_with(expected_yaml));
    options.format = ConfigFormat::Json;
    std::string json = config(options, load_sample).out;
    CHECK(json.starts_with(compose::config_json(project)));
    CHECK(json != yaml);
    CHECK(json.ends_with('\n'));
}

TEST_CASE("config load errors: one line each on stderr, exit 3", "[cli][config]") {
    Outcome o = config({}, load_broken);
    CHECK(o.code == ExitCode::Critical);
    CHECK(o.out.empty());
    CHECK(o.err == "rehearsa: compose.yml:12:5: services.db.healthcheck.interval: invalid duration \"5x\"\n"
                   "rehearsa: compose.yml:20:3: services.x: must be a mapping\n");
}

TEST_CASE("config --quiet checks and prints nothing but warnings", "[cli][config]") {
    ConfigOptions options;
    options.quiet = true;
    Outcome o = config(options, load_sample);
    CHECK(o.code == ExitCode::Pass);
    CHECK(o.out.empty());
    CHECK(o.err.starts_with("rehearsa: warning: "));
    CHECK(config(options, load_broken).code == ExitCode::Critical);
}

TEST_CASE("config --output writes the file, or fails with exit 3", "[cli][config]") {
    std::string pattern = (std::filesystem::temp_directory_path() / "rehearsa-config-XXXXXX").string();
    std::filesystem::path dir = mkdtemp(pattern.data());
    ConfigOptions options;
    options.services = true;
    options.output = (dir / "services.txt").string();
    Outcome o = config(options, load_sample);
    CHECK(o.code == ExitCode::Pass);
    CHECK(o.out.empty());
    std::ifstream in(*options.output);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == "cache\ndb\nweb\n");
    options.output = (dir / "no" / "such" / "dir.txt").string();
    o = config(options, load_sample);
    CHECK(o.code == ExitCode::Critical);
    CHECK(o.err.find("rehearsa: cannot write '" + *options.output + "': ") != std::string::npos);
    std::filesystem::remove_all(dir);
}
