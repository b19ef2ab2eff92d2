// The isolation rules beyond their fixtures: what counts as the engine socket, when two published
// ports collide, and where each finding points.
#include "preflight_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using Catch::Matchers::ContainsSubstring;

namespace {

std::string service(std::string_view name, std::string_view definition) {
    return test::service_yaml(name, "    restart: always\n" + std::string(definition));
}

std::string stack(std::string_view definition) {
    return "services:\n" + service("app", definition);
}

std::string ports(std::string_view a, std::string_view b) {
    return "services:\n" + service("a", "    ports:\n      - " + std::string(a) + "\n") +
           service("b", "    ports:\n      - " + std::string(b) + "\n");
}

std::size_t socket_findings(std::string_view mount) {
    return test::lint_rule(stack("    volumes:\n      - " + std::string(mount) + "\n"), "docker-socket-mount")
        .size();
}

} // namespace

TEST_CASE("host-network-mode and host-pid point at their values", "[preflight][isolation]") {
    auto network = test::lint_rule(stack("    network_mode: host\n"), "host-network-mode");
    REQUIRE(network.size() == 1);
    CHECK(network[0].yaml_path == "services.app.network_mode");
    CHECK(network[0].where.line == 5);
    CHECK(network[0].where.column == 19);
    CHECK(test::lint_rule(stack("    network_mode: bridge\n"), "host-network-mode").empty());
    auto pid = test::lint_rule(stack("    pid: host\n"), "host-pid");
    REQUIRE(pid.size() == 1);
    CHECK(pid[0].yaml_path == "services.app.pid");
}

TEST_CASE("docker-socket-mount knows the sockets and the directories that hold them",
          "[preflight][isolation]") {
    CHECK(socket_findings("/var/run/docker.sock:/var/run/docker.sock:ro") == 1);
    CHECK(socket_findings("/run/docker.sock:/var/run/docker.sock") == 1);
    CHECK(socket_findings("/run/user/1000/podman/podman.sock:/var/run/docker.sock") == 1);
    CHECK(socket_findings("/var/run:/host/run:ro") == 1);
    CHECK(socket_findings("/:/rootfs:ro") == 1);
    CHECK(socket_findings("/var/lib/docker:/var/lib/docker:ro") == 0);
    CHECK(socket_findings("/run/user/1000/app:/data") == 0);
    CHECK(test::lint_rule(stack("    volumes:\n      - docker.sock:/data\nvolumes:\n  docker.sock:\n"),
                          "docker-socket-mount")
              .empty()); // a named volume, not the socket
}

TEST_CASE("docker-socket-mount points at the mount", "[preflight][isolation]") {
    auto findings =
        test::lint_rule(stack("    volumes:\n      - data:/data\n      - /var/run/docker.sock:/s\n"
                              "volumes:\n  data:\n"),
                        "docker-socket-mount");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].yaml_path == "services.app.volumes[1]");
    CHECK(findings[0].where.line == 7);
    CHECK_THAT(findings[0].message, ContainsSubstring("/var/run/docker.sock"));
}

TEST_CASE("container-name names the value", "[preflight][isolation]") {
    auto findings = test::lint_rule(stack("    container_name: app-prod\n"), "container-name");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].yaml_path == "services.app.container_name");
    CHECK_THAT(findings[0].message, ContainsSubstring("app-prod"));
}

TEST_CASE("duplicate-host-port: which entries collide", "[preflight][isolation]") {
    auto duplicates = [](std::string_view a, std::string_view b) {
        return test::lint_rule(ports(a, b), "duplicate-host-port").size();
    };
    CHECK(duplicates("\"8080:80\"", "\"8080:8080\"") == 1);
    CHECK(duplicates("\"127.0.0.1:8080:80\"", "\"8080:80\"") == 1); // unspecified binds every address
    CHECK(duplicates("\"127.0.0.1:8080:80\"", "\"127.0.0.1:8080:80\"") == 1);
    CHECK(duplicates("\"8000-8010:8000-8010\"", "\"8005:80\"") == 1);
    CHECK(duplicates("\"127.0.0.1:8080:80\"", "\"192.168.1.2:8080:80\"") == 0);
    CHECK(duplicates("\"53:53/udp\"", "\"53:53/tcp\"") == 0);
    CHECK(duplicates("\"8000-8002:8000-8002\"", "\"9000:9000\"") ==
          0);                                   // a range does not collide with itself
    CHECK(duplicates("\"80\"", "\"80\"") == 0); // random host ports never collide
}

TEST_CASE("duplicate-host-port reports the later entry, naming the first", "[preflight][isolation]") {
    auto findings = test::lint_rule(ports("\"8080:80\"", "\"8080:8080\""), "duplicate-host-port");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].service == "b");
    CHECK(findings[0].yaml_path == "services.b.ports[0]");
    CHECK(findings[0].where.line == 11);
    CHECK_THAT(findings[0].message, ContainsSubstring("'a' already publishes (services.a.ports[0])"));
    auto same_service = test::lint_rule(stack("    ports:\n      - \"8080:80\"\n      - \"8080:81\"\n"),
                                        "duplicate-host-port");
    REQUIRE(same_service.size() == 1);
    CHECK(same_service[0].yaml_path == "services.app.ports[1]");
}

TEST_CASE("port-on-all-interfaces: one finding per written entry", "[preflight][isolation]") {
    auto open = [](std::string_view entry) {
        return test::lint_rule(stack("    ports:\n      - " + std::string(entry) + "\n"),
                               "port-on-all-interfaces");
    };
    CHECK(open("\"5432:5432\"").size() == 1);
    CHECK(open("\"0.0.0.0:5432:5432\"").size() == 1);
    CHECK(open("\"[::]:5432:5432\"").size() == 1);
    CHECK(open("\"127.0.0.1:5432:5432\"").empty());
    CHECK(open("\"8000-8002:8000-8002\"").size() == 1);
    auto random = open("\"9229\"");
    REQUIRE(random.size() == 1);
    CHECK_THAT(random[0].message, ContainsSubstring("a random host port"));
    CHECK(random[0].yaml_path == "services.app.ports[0]");
    CHECK(random[0].where.line == 6);
}

TEST_CASE("ports of a service on the host network are left to host-network-mode", "[preflight][isolation]") {
    std::string text =
        stack("    network_mode: host\n    ports:\n      - \"80:80\"\n      - \"127.0.0.1:80:81\"\n");
    CHECK(test::lint_rule(text, "port-on-all-interfaces").empty());
    CHECK(test::lint_rule(text, "duplicate-host-port").empty());
}
