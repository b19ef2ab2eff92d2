// The data rules beyond their fixtures: stateful image matching and overrides, the data-path
// heuristic, how binds were written, and which rule reports which mount.
#include "preflight/stateful_images.hpp"
#include "preflight_project.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace rehearsa;
using results::Severity;

namespace {

std::vector<std::string> dirs_of(const std::string& service_yaml) {
    test::ProjectDir dir;
    dir.write("compose.yaml", "services:\n  s:\n" + service_yaml);
    compose::Project project = dir.load();
    auto dirs = preflight::image_data_dirs(*project.model.find("services")->find("s"));
    return dirs ? dirs->dirs : std::vector<std::string>{};
}

using Dirs = std::vector<std::string>;

} // namespace

TEST_CASE("stateful images match on the repository, whatever the registry, tag or digest",
          "[preflight][data]") {
    CHECK(dirs_of("    image: postgres\n") == Dirs{"/var/lib/postgresql/data"});
    CHECK(dirs_of("    image: docker.io/library/postgres:16@sha256:00\n") ==
          Dirs{"/var/lib/postgresql/data"});
    CHECK(dirs_of("    image: registry.example.com/mirror/mariadb:11\n") == Dirs{"/var/lib/mysql"});
    CHECK(dirs_of("    image: bitnami/postgresql:16\n") == Dirs{"/bitnami/postgresql"});
    CHECK(dirs_of("    image: lscr.io/linuxserver/plex\n") == Dirs{"/config"});
    CHECK(dirs_of("    image: mcr.microsoft.com/mssql/server:2022-latest\n") == Dirs{"/var/opt/mssql"});
    CHECK(dirs_of("    image: nginx:1.27\n").empty());
    CHECK(dirs_of("    image: bitnami/nginx:1.27\n").empty()); // bitnami, but not a stateful image
    CHECK(dirs_of("    image: notpostgres\n").empty());
}

TEST_CASE("environment and command overrides move the data directory", "[preflight][data]") {
    CHECK(dirs_of("    image: postgres:16\n    environment:\n      PGDATA: /pg/data\n") == Dirs{"/pg/data"});
    CHECK(dirs_of("    image: mongo:7\n    command: mongod --dbpath /mongo\n") == Dirs{"/mongo"});
    CHECK(dirs_of("    image: mysql:8\n    command: [--datadir=/db]\n") == Dirs{"/db"});
    CHECK(dirs_of("    image: minio/minio\n    command: server /export --console-address :9001\n") ==
          Dirs{"/export"});
    CHECK(dirs_of("    image: redis:7\n    command: redis-server --save \"\"\n").empty());
    CHECK(dirs_of("    image: redis:7\n    command: redis-server --save '' --appendonly yes\n") ==
          Dirs{"/data"});
}

TEST_CASE("data paths by name, with caches and dependencies excluded", "[preflight][data]") {
    using preflight::looks_like_data;
    for (auto path : {"/var/lib/mysql", "/data", "/srv/app", "/app/data", "/usr/share/elasticsearch/data",
                      "/bitnami/redis", "/nexus-data", "/var/www/uploads"}) {
        INFO(path);
        CHECK(looks_like_data(path));
    }
    for (auto path : {"/app/node_modules", "/var/lib/app/cache", "/tmp", "/run", "/var/log/nginx",
                      "/var/www/html", "/database-tools/node_modules", "/srv/app/.venv"}) {
        INFO(path);
        CHECK_FALSE(looks_like_data(path));
    }
    preflight::DataDirs wordpress{"wordpress", {"/var/www/html"}};
    CHECK(preflight::holds_data("/var/www/html", wordpress));
    CHECK(preflight::holds_data("/var/www", wordpress));
    CHECK_FALSE(preflight::holds_data("/var/www/html/wp-content/cache", wordpress));
}

TEST_CASE("host-bind-mount: an error when the path is missing, host plumbing skipped", "[preflight][data]") {
    test::ProjectDir dir;
    auto found = dir.findings("host-bind-mount", "services:\n  app:\n    image: app:1.0\n    volumes:\n"
                                                 "      - /nonexistent/rehearsa/data:/data\n"
                                                 "      - /etc:/host/etc:ro\n"
                                                 "      - /var/run/docker.sock:/var/run/docker.sock\n"
                                                 "      - /etc/localtime:/etc/localtime\n"
                                                 "      - /etc/hosts:/etc/hosts:ro\n"
                                                 "      - ./conf:/conf\n");
    REQUIRE(found.size() == 2);
    CHECK(found[0].severity == Severity::Error);
    CHECK(found[0].yaml_path == "services.app.volumes[0]");
    CHECK(found[0].where.line == 5);
    CHECK(found[0].where.column == 9);
    CHECK(found[0].message.find("does not exist") != std::string::npos);
    CHECK(found[1].severity == Severity::Warning);
    CHECK(found[1].yaml_path == "services.app.volumes[1]");
}

TEST_CASE("relative binds: inside the project, escaping it, or created empty", "[preflight][data]") {
    test::ProjectDir dir;
    dir.write("conf/app.conf", "x=1\n");
    dir.write("compose.yaml", "services:\n  app:\n    image: app:1.0\n    volumes:\n"
                              "      - ./conf:/conf\n" // exists, inside: silent
                              "      - ../rehearsa-test-missing-sibling:/elsewhere\n" // escapes, missing
                              "      - type: bind\n"                                  // escapes, long syntax
                              "        source: \"..\"\n"
                              "        target: /parent\n"
                              "      - ./uploads:/srv/uploads\n"     // inside, missing
                              "      - /nonexistent/rehearsa:/x\n"); // a host path: host-bind-mount only
    auto escapes = dir.findings("bind-mount-escapes-project");
    REQUIRE(escapes.size() == 2);
    CHECK(escapes[0].yaml_path == "services.app.volumes[1]");
    CHECK(escapes[1].yaml_path == "services.app.volumes[2]");
    auto created = dir.findings("bind-creates-host-path");
    REQUIRE(created.size() == 2);
    CHECK(created[0].yaml_path == "services.app.volumes[1]");
    CHECK(created[1].yaml_path == "services.app.volumes[3]");
    CHECK(created[1].message.find("./uploads") != std::string::npos);
    CHECK(dir.findings("host-bind-mount").size() == 1);
}

TEST_CASE("a variable bind is a host path only when it resolves outside the project", "[preflight][data]") {
    test::ProjectDir dir;
    dir.write("data/.keep", "");
    dir.write("compose.yaml", "services:\n  app:\n    image: app:1.0\n    volumes:\n"
                              "      - ${PWD_DIR}/data:/data\n"
                              "      - ${MEDIA}:/media\n");
    compose::Environment env{{"HOME", "/root"}, {"PWD_DIR", dir.path()}, {"MEDIA", "/etc"}};
    std::vector<std::string> paths;
    for (const auto& finding : preflight::analyze(dir.load(env)).findings)
        if (finding.rule->id == "host-bind-mount") paths.push_back(finding.yaml_path);
    CHECK(paths == std::vector<std::string>{"services.app.volumes[1]"});
}

TEST_CASE("stateful images are satisfied by a mount on the data directory or a parent", "[preflight][data]") {
    test::ProjectDir dir;
    auto found = dir.findings("stateful-image-without-volume",
                              "services:\n"
                              "  a:\n    image: postgres:16\n    volumes: [pg:/var/lib/postgresql]\n"
                              "  b:\n    image: postgres:16\n    volumes: [pg:/var/lib/postgresql/data/sub]\n"
                              "  c:\n    image: postgres:16\n    tmpfs: [/var/lib/postgresql/data]\n"
                              "  d:\n    image: postgres:16\n    volumes_from: [a]\n"
                              "volumes:\n  pg:\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].service == "b");
    CHECK(found[0].severity == Severity::Error);
    CHECK(found[0].yaml_path == "services.b.image");
    CHECK(found[0].where.line == 6);
    CHECK(found[0].message.find("/var/lib/postgresql/data") != std::string::npos);
    CHECK(dir.findings("tmpfs-data").size() == 1); // c is tmpfs-data's, not reported twice
}

TEST_CASE("anonymous volumes are reported on data paths only", "[preflight][data]") {
    test::ProjectDir dir;
    auto found =
        dir.findings("anonymous-volume-data", "services:\n"
                                              "  web:\n    image: node:22\n"
                                              "    volumes: [/app/node_modules, /app/data, named:/srv]\n"
                                              "  es:\n    image: elasticsearch:8.15.0\n"
                                              "    volumes: [/usr/share/elasticsearch]\n"
                                              "volumes:\n  named:\n");
    REQUIRE(found.size() == 2);
    CHECK(found[0].yaml_path == "services.web.volumes[1]");
    CHECK(found[1].yaml_path == "services.es.volumes[0]"); // a parent of the image's data directory
}
