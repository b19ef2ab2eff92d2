#include "compose/config_output.hpp"
#include "compose/loader.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>

using namespace rehearsa::compose;

namespace {

struct Fixture {
    Sources sources;
    LoadOptions options;

    Fixture() {
        options.working_directory = "/stack";
        options.environment = {{"HOME", "/home/u"}};
        options.sources = &sources;
    }
    Fixture& file(const std::string& name, std::string text) {
        sources["/stack/" + name] = std::move(text);
        options.files.push_back(name);
        return *this;
    }
    Project load() {
        auto p = load_project(options);
        if (!p) FAIL(p.error().front().to_string());
        return std::move(*p);
    }
    std::string error() {
        auto p = load_project(options);
        REQUIRE_FALSE(p);
        return p.error().front().to_string();
    }
};

const Node& service(const Project& p, std::string_view name) {
    const Node* s = p.model.find("services")->find(name);
    REQUIRE(s);
    return *s;
}

} // namespace

TEST_CASE("every value keeps the file, line and column it came from") {
    Fixture f;
    f.file("compose.yaml", "services:\n  db:\n    image: postgres:16\n    environment:\n      A: one\n");
    Project p = f.load();
    const Node& db = service(p, "db");
    CHECK(db.find("image")->loc.to_string() == "/stack/compose.yaml:3:12");
    CHECK(db.find("environment")->find("A")->loc.to_string() == "/stack/compose.yaml:5:10");
}

TEST_CASE("a merged value remembers the file that won") {
    Fixture f;
    f.file("compose.yaml", "services:\n  db:\n    image: postgres:15\n    restart: always\n");
    f.file("compose.prod.yaml", "services:\n  db:\n    image: postgres:16\n");
    Project p = f.load();
    const Node& db = service(p, "db");
    CHECK(db.find("image")->text == "postgres:16");
    CHECK(db.find("image")->loc.to_string() == "/stack/compose.prod.yaml:3:12");
    CHECK(db.find("restart")->loc.to_string() == "/stack/compose.yaml:4:14");
}

TEST_CASE("a value from extends remembers the file it was written in") {
    Fixture f;
    f.file("compose.yaml", "services:\n  base:\n    image: busybox\n    user: app\n"
                           "  web:\n    extends: base\n    command: [httpd]\n");
    Project p = f.load();
    const Node& web = service(p, "web");
    CHECK(web.find("user")->text == "app");
    CHECK(web.find("user")->loc.line == 4);
    CHECK(web.find("command")->items.at(0).text == "httpd");
    CHECK_FALSE(web.find("extends"));
}

TEST_CASE("interpolated values come from the environment, and unset ones warn") {
    Fixture f;
    f.options.environment["TAG"] = "16";
    f.file("compose.yaml", "services:\n  db:\n    image: postgres:${TAG}\n    user: ${NOBODY}\n");
    Project p = f.load();
    CHECK(service(p, "db").find("image")->text == "postgres:16");
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0].message == "The \"NOBODY\" variable is not set. Defaulting to a blank string.");
}

TEST_CASE("profiles turn services off unless enabled") {
    Fixture f;
    f.file("compose.yaml", "services:\n  app:\n    image: a\n  debug:\n    image: d\n    profiles: [dev]\n");
    Project off = f.load();
    CHECK_FALSE(off.model.find("services")->find("debug"));
    CHECK(off.disabled_services == std::vector<std::string>{"debug"});
    f.options.profiles = {"dev"};
    CHECK(f.load().model.find("services")->find("debug"));
    f.options.profiles = {"*"};
    CHECK(f.load().model.find("services")->find("debug"));
}

TEST_CASE("short syntax becomes compose's long syntax") {
    Fixture f;
    f.file("compose.yaml", "services:\n  web:\n    image: nginx\n    ports: ['127.0.0.1:8080:80']\n"
                           "    volumes: ['./html:/usr/share/nginx/html:ro', 'data:/data']\n"
                           "    depends_on: [db]\n  db:\n    image: pg\nvolumes:\n  data:\n");
    Project p = f.load();
    const Node& web = service(p, "web");
    const Node& port = web.find("ports")->items.at(0);
    CHECK(port.find("host_ip")->text == "127.0.0.1");
    CHECK(port.find("published")->text == "8080");
    CHECK(port.find("target")->text == "80");
    const Node& bind = web.find("volumes")->items.at(0);
    CHECK(bind.find("type")->text == "bind");
    CHECK(bind.find("source")->text == "/stack/html");
    CHECK(bind.find("read_only")->text == "true");
    CHECK(web.find("depends_on")->find("db")->find("condition")->text == "service_started");
    CHECK(p.model.find("volumes")->find("data")->find("name")->text == "stack_data");
}

TEST_CASE("the project name follows compose's precedence") {
    Fixture f;
    f.file("compose.yaml", "name: From-File\nservices:\n  a:\n    image: x\n");
    CHECK(f.load().name == "from-file");
    f.options.environment["COMPOSE_PROJECT_NAME"] = "from-env";
    CHECK(f.load().name == "from-env");
    f.options.project_name = "from-flag";
    CHECK(f.load().name == "from-flag");
    f.options.project_name = "Bad Name";
    CHECK(f.error().find("invalid project name \"Bad Name\"") != std::string::npos);
}

TEST_CASE("x- extensions stay in the model but not in the printed config") {
    Fixture f;
    f.file("compose.yaml",
           "x-rehearsa: {timeout: 60}\nservices:\n  a:\n    image: x\n    x-rehearsa: {timeout: 5}\n");
    Project p = f.load();
    CHECK(p.model.find("x-rehearsa"));
    CHECK(service(p, "a").find("x-rehearsa"));
    std::string json = config_json(p);
    CHECK(json.find("\"x-rehearsa\"") != std::string::npos);
    CHECK(json.find("\"timeout\": 5") == std::string::npos);
}

TEST_CASE("schema violations are all reported") {
    Fixture f;
    f.file("compose.yaml", "services:\n  a:\n    image: x\n    bogus: 1\n    ports: 80\n");
    auto p = load_project(f.options);
    REQUIRE_FALSE(p);
    CHECK(p.error().size() == 2);
}

TEST_CASE("config --format yaml loads back to the same model") {
    const char* root = std::getenv("REHEARSA_SOURCE_ROOT");
    if (!root) SKIP("REHEARSA_SOURCE_ROOT is not set");
    // Not "interpolation": compose prints `$$` in keys too, and keys are never interpolated, so
    // such a key does not load back the same, in compose or here.
    for (const char* stack :
         {"full-app", "ports", "volumes", "environment-forms", "healthchecks", "depends-on"}) {
        LoadOptions first;
        first.files = {std::string(root) + "/fixtures/compose/" + stack + "/compose.yaml"};
        first.environment = {{"HOME", "/home/u"}};
        auto p = load_project(first);
        REQUIRE(p);
        Sources sources{{"/again/compose.yaml", config_yaml(*p)}};
        LoadOptions again;
        again.files = {"/again/compose.yaml"};
        again.environment = first.environment;
        again.sources = &sources;
        again.project_directory = p->working_dir;
        auto q = load_project(again);
        INFO(stack << "\n" << sources.begin()->second);
        REQUIRE(q);
        CHECK(config_json(*q) == config_json(*p));
    }
}

TEST_CASE("Lint records a missing required env_file instead of failing, and Strict still fails") {
    Fixture f;
    f.file("compose.yaml", "services:\n  web:\n    image: x\n    env_file:\n"
                           "      - path: ./optional.env\n        required: false\n"
                           "      - ./missing.env\n");
    std::string strict = f.error();
    CHECK(strict == "/stack/compose.yaml:7:9: services.web.env_file: env file /stack/missing.env not found: "
                    "stat /stack/missing.env: no such file or directory");
    f.options.leniency = Leniency::Lint;
    Project p = f.load();
    REQUIRE(p.deferred.size() == 1);
    const Deferred& d = p.deferred[0];
    CHECK(d.kind == Deferred::Kind::MissingEnvFile);
    CHECK(d.service == "web");
    CHECK(d.yaml_path == "services.web.env_file[1]");
    CHECK(d.subject == "/stack/missing.env");
    CHECK(d.where.to_string() == "/stack/compose.yaml:7:9");
    CHECK_FALSE(service(p, "web").find("env_file"));
}

TEST_CASE("Lint drops a dependency on a service disabled by profiles and records it") {
    Fixture f;
    f.file("compose.yaml", "services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: "
                           "service_started\n      cache:\n        condition: service_started\n"
                           "  db:\n    image: pg\n    profiles: [db]\n  cache:\n    image: redis\n");
    CHECK(f.error().find("service \"web\" depends on undefined service \"db\" (it is disabled by profiles") !=
          std::string::npos);
    f.options.leniency = Leniency::Lint;
    Project p = f.load();
    REQUIRE(p.deferred.size() == 1);
    const Deferred& d = p.deferred[0];
    CHECK(d.kind == Deferred::Kind::DependsOnDisabled);
    CHECK(d.service == "web");
    CHECK(d.yaml_path == "services.web.depends_on.db");
    CHECK(d.subject == "db");
    CHECK(d.where.to_string() == "/stack/compose.yaml:5:7");
    const Node* deps = service(p, "web").find("depends_on");
    REQUIRE(deps);
    CHECK_FALSE(deps->find("db"));
    CHECK(deps->find("cache"));
}

TEST_CASE("Lint still refuses what no leniency covers, and an optional disabled dependency stays") {
    Fixture f;
    f.options.leniency = Leniency::Lint;
    f.file("compose.yaml", "services:\n  web:\n    image: x\n    depends_on: [ghost]\n");
    CHECK(f.error().find("depends on undefined service \"ghost\": invalid compose project") !=
          std::string::npos);
    Fixture g;
    g.options.leniency = Leniency::Lint;
    g.file("compose.yaml",
           "services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: "
           "service_started\n        required: false\n  db:\n    image: pg\n    profiles: [db]\n");
    Project p = g.load();
    CHECK(p.deferred.empty());
    CHECK(service(p, "web").find("depends_on")->find("db"));
}

TEST_CASE("each use of an unset variable is recorded at the value that uses it") {
    Fixture f;
    f.file("compose.yaml", "services:\n  db:\n    image: postgres:${TAG}\n    environment:\n"
                           "      - USER=${NOBODY}\n      - ALSO=${NOBODY}-${TAG:-x}\n");
    Project p = f.load();
    REQUIRE(p.unset_variables.size() == 3);
    CHECK(p.unset_variables[0].name == "TAG");
    CHECK(p.unset_variables[0].yaml_path == "services.db.image");
    CHECK(p.unset_variables[0].where.to_string() == "/stack/compose.yaml:3:12");
    CHECK(p.unset_variables[1].name == "NOBODY");
    CHECK(p.unset_variables[1].yaml_path == "services.db.environment[0]");
    CHECK(p.unset_variables[1].where.to_string() == "/stack/compose.yaml:5:9");
    CHECK(p.unset_variables[2].yaml_path == "services.db.environment[1]");
    CHECK(p.warnings.size() == 2); // compose's warnings stay one per variable
}
