// Readers of the engine's JSON replies, and version negotiation.
#include "docker/replies.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace rehearsa::docker;
using namespace std::chrono_literals;

namespace {

// Trimmed from a real Docker 20.10 reply.
constexpr std::string_view k_container = R"({
  "Id": "4f1c", "Name": "/rehearsa-test-db", "Image": "sha256:405e", "RestartCount": 2,
  "State": {"Status": "running", "Running": true, "OOMKilled": false, "ExitCode": 0, "Error": "",
            "StartedAt": "2026-11-25T12:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z",
            "Health": {"Status": "healthy", "FailingStreak": 0, "Log": [
              {"Start": "s1", "End": "e1", "ExitCode": 1, "Output": "starting"},
              {"Start": "s2", "End": "e2", "ExitCode": 0, "Output": ""}]}},
  "Config": {"Image": "rehearsa-fixture/busybox:1", "Tty": false, "Labels": {"io.rehearsa.test": "t1"},
             "Healthcheck": {"Test": ["CMD-SHELL", "true"], "Interval": 1000000000, "Retries": 3}}})";

ServerInfo server(ApiVersion api, ApiVersion min) {
    ServerInfo info;
    info.api = api;
    info.min_api = min;
    return info;
}

} // namespace

TEST_CASE("container inspect: state, health log, restart count, labels, healthcheck") {
    auto info = parse_container_inspect(k_container);
    REQUIRE(info);
    CHECK(info->id == "4f1c");
    CHECK(info->name == "rehearsa-test-db");
    CHECK(info->image == "rehearsa-fixture/busybox:1");
    CHECK(info->image_id == "sha256:405e");
    CHECK(info->restart_count == 2);
    CHECK(info->state.status == "running");
    CHECK(info->state.running);
    REQUIRE(info->state.health);
    CHECK(info->state.health->status == "healthy");
    REQUIRE(info->state.health->log.size() == 2);
    CHECK(info->state.health->log[0].exit_code == 1);
    CHECK(info->state.health->log[0].output == "starting");
    CHECK(info->labels.at("io.rehearsa.test") == "t1");
    REQUIRE(info->healthcheck);
    CHECK(info->healthcheck->interval == 1s);
    CHECK(info->healthcheck->retries == 3);
    CHECK(info->healthcheck->test == std::vector<std::string>{"CMD-SHELL", "true"});
}

TEST_CASE("a container without a healthcheck has no Health; a reply without Id is refused") {
    auto info =
        parse_container_inspect(R"({"Id":"x","State":{"Status":"exited","ExitCode":137,"OOMKilled":true}})");
    REQUIRE(info);
    CHECK_FALSE(info->state.health);
    CHECK(info->state.exit_code == 137);
    CHECK(info->state.oom_killed);
    CHECK_FALSE(info->healthcheck);
    auto no_id = parse_container_inspect(R"({"Name":"/x"})");
    REQUIRE_FALSE(no_id);
    CHECK(no_id.error().kind == EngineErrorKind::Protocol);
}

TEST_CASE("image inspect: digests, command, healthcheck, ports and volumes") {
    auto image = parse_image_inspect(R"({"Id":"sha256:aa","RepoTags":["postgres:16"],
        "RepoDigests":["postgres@sha256:bb"],"Config":{"Env":["PATH=/bin"],"Cmd":["postgres"],
        "Entrypoint":null,"Healthcheck":{"Test":["NONE"]},"ExposedPorts":{"5432/tcp":{}},
        "Volumes":{"/var/lib/postgresql/data":{}},"User":"postgres"}})");
    REQUIRE(image);
    CHECK(image->id == "sha256:aa");
    CHECK(image->repo_digests == std::vector<std::string>{"postgres@sha256:bb"});
    CHECK(image->cmd == std::vector<std::string>{"postgres"});
    CHECK_FALSE(image->entrypoint);
    CHECK(image->healthcheck->test == std::vector<std::string>{"NONE"});
    CHECK(image->exposed_ports == std::vector<std::string>{"5432/tcp"});
    CHECK(image->volumes == std::vector<std::string>{"/var/lib/postgresql/data"});
    CHECK(image->user == "postgres");
}

TEST_CASE("list replies: container names lose their slash, volumes come wrapped") {
    auto containers = parse_list(R"([{"Id":"c1","Names":["/a"],"Labels":{"k":"v"},"State":"running"}])",
                                 ListKind::Containers);
    REQUIRE(containers);
    REQUIRE(containers->size() == 1);
    CHECK((*containers)[0].name == "a");
    CHECK((*containers)[0].state == "running");
    auto volumes =
        parse_list(R"({"Volumes":[{"Name":"v1","Labels":null}],"Warnings":null})", ListKind::Volumes);
    REQUIRE(volumes);
    CHECK((*volumes)[0].id == "v1");
    auto none = parse_list(R"({"Volumes":null})", ListKind::Volumes);
    REQUIRE(none);
    CHECK(none->empty());
    CHECK_FALSE(parse_list(R"({"x":1})", ListKind::Networks));
}

TEST_CASE("wait, exec inspect, create and volume replies") {
    CHECK(parse_wait(R"({"StatusCode":3,"Error":{"Message":"oops"}})")->status_code == 3);
    CHECK(parse_wait(R"({"StatusCode":0,"Error":null})")->error.empty());
    CHECK_FALSE(parse_wait("{}"));
    CHECK(*parse_exec_exit(R"({"Running":false,"ExitCode":7})") == 7);
    CHECK_FALSE(*parse_exec_exit(R"({"Running":true,"ExitCode":null})"));
    CHECK(*parse_id(R"({"Id":"abc","Warnings":[]})", "create") == "abc");
    CHECK(parse_id(R"({"Warnings":[]})", "the reply to create").error().message ==
          "the reply to create has no Id");
    auto volume = parse_volume(R"({"Name":"v","Labels":{"io.rehearsa.test":"old"}})");
    REQUIRE(volume);
    CHECK(volume->labels.at("io.rehearsa.test") == "old");
}

TEST_CASE("version replies and negotiation") {
    auto info = parse_server_info(
        R"({"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux"})");
    REQUIRE(info);
    CHECK(info->api == ApiVersion{1, 41});
    CHECK(info->min_api == ApiVersion{1, 12});
    CHECK(info->version == "20.10.24");
    CHECK_FALSE(parse_server_info(R"({"Version":"x"})"));

    CHECK(*negotiate(server({1, 41}, {1, 12}), "h") == ApiVersion{1, 41});
    CHECK(*negotiate(server({1, 52}, {1, 44}), "h") == k_client_api);
    auto too_old = negotiate(server({1, 40}, {1, 12}), "unix:///x.sock");
    REQUIRE_FALSE(too_old);
    CHECK(too_old.error().kind == EngineErrorKind::VersionTooOld);
    CHECK(too_old.error().message.find("speaks API 1.40") != std::string::npos);
    auto too_new = negotiate(server({1, 60}, {1, 50}), "h");
    REQUIRE_FALSE(too_new);
    CHECK(too_new.error().kind == EngineErrorKind::VersionTooOld);
    CHECK(too_new.error().message.find("accepts API 1.50 or newer") != std::string::npos);
    CHECK(ApiVersion::parse("1.47") == ApiVersion{1, 47});
    CHECK_FALSE(ApiVersion::parse("1.x"));
    CHECK_FALSE(ApiVersion::parse("147"));
    CHECK(ApiVersion{1, 9} < ApiVersion{1, 10});
}

TEST_CASE("daemon error bodies become one line") {
    CHECK(daemon_message(R"({"message":"conflict:\n name in use"})") == "conflict: name in use");
    CHECK(daemon_message("plain\r\ntext\x1b[31m") == "plain text");
    CHECK(kind_for_status(409) == EngineErrorKind::Conflict);
    CHECK(kind_for_status(304) == EngineErrorKind::NotModified);
    CHECK(kind_for_status(503) == EngineErrorKind::ServerError);
    CHECK(reply_error(404, "", "x").message == "x: the Docker Engine answered HTTP 404");
}
