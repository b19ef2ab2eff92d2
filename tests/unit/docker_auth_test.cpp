// Registry credentials for pulls: image names split as the daemon wants them, config.json's auths,
// credsStore and credHelpers (through a fake docker-credential-test on PATH), and the
// X-Registry-Auth header decoded back.
#include "docker/auth.hpp"
#include "docker_temp_dir.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <filesystem>
#include <simdjson.h>

using namespace rehearsa::docker;
namespace fs = std::filesystem;

namespace {

// A fake credential helper speaking the docker-credential-* protocol: the server on stdin.
constexpr const char* k_helper = R"(#!/bin/sh
[ "$1" = get ] || exit 2
read -r server || true
case "$server" in
  https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"hubuser","Secret":"hub:pass"}' "$server" ;;
  token.example) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-123"}' "$server" ;;
  broken.example) echo "keychain locked"; exit 3 ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
)";

// A config directory with a fake docker-credential-test on PATH while it lives.
class Sandbox {
public:
    Sandbox() {
        m_dir.write("bin/docker-credential-test", k_helper);
        fs::permissions(m_dir.file("bin/docker-credential-test"), fs::perms::owner_all);
        m_old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
        ::setenv("PATH", (m_dir.file("bin") + ":" + m_old_path).c_str(), 1);
    }
    ~Sandbox() { ::setenv("PATH", m_old_path.c_str(), 1); }
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    std::string dir() const { return m_dir.path().string(); }
    void config(const std::string& json) const { m_dir.write("config.json", json); }

private:
    testing::TempDir m_dir;
    std::string m_old_path;
};

Credentials found(const Sandbox& box, std::string_view image) {
    auto creds = find_credentials(box.dir(), parse_image_name(image));
    REQUIRE(creds);
    REQUIRE(*creds);
    return **creds;
}

// base64url back to standard base64, then OpenSSL's decoder.
std::optional<std::string> decode_header(std::string header) {
    for (char& c : header)
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    return base64_decode(header);
}

} // namespace

TEST_CASE("image names: registry, repository and a tag or digest that is never empty") {
    auto hub = parse_image_name("busybox");
    CHECK(hub.repository == "busybox");
    CHECK(hub.reference == "latest");
    CHECK(hub.registry == "docker.io");
    CHECK(hub.auth_key() == "https://index.docker.io/v1/");
    CHECK(hub.to_string() == "busybox:latest");

    auto ghcr = parse_image_name("ghcr.io/org/app:1.2");
    CHECK(ghcr.repository == "ghcr.io/org/app");
    CHECK(ghcr.reference == "1.2");
    CHECK(ghcr.auth_key() == "ghcr.io");

    auto local = parse_image_name("localhost:5000/team/x");
    CHECK(local.registry == "localhost:5000");
    CHECK(local.repository == "localhost:5000/team/x");
    CHECK(local.reference == "latest");

    auto pinned = parse_image_name("postgres:16@sha256:abcd");
    CHECK(pinned.repository == "postgres");
    CHECK(pinned.reference == "sha256:abcd");
    CHECK(pinned.has_digest());
    CHECK(pinned.to_string() == "postgres@sha256:abcd");

    CHECK(parse_image_name("index.docker.io/library/redis:7").auth_key() == "https://index.docker.io/v1/");
    CHECK(parse_image_name("rehearsa-fixture/busybox:1").registry == "docker.io");
}

TEST_CASE("no config.json, or no entry for the registry, means an anonymous pull") {
    Sandbox box;
    auto none = find_credentials(box.dir(), parse_image_name("busybox"));
    REQUIRE(none);
    CHECK_FALSE(*none);
    box.config(R"({"auths":{"ghcr.io":{"auth":"dXNlcjpwYXNz"}}})");
    auto other = find_credentials(box.dir(), parse_image_name("quay.io/x/y:1"));
    REQUIRE(other);
    CHECK_FALSE(*other);
}

TEST_CASE("auths: base64 user:password, matched by key or by host, and identity tokens") {
    Sandbox box;
    box.config(R"({"auths":{"https://ghcr.io/v1/":{"auth":"dXNlcjpwYTpzcw=="},)"
               R"("https://index.docker.io/v1/":{"identitytoken":"tok-1"}}})");
    auto ghcr = found(box, "ghcr.io/org/app:1");
    CHECK(ghcr.username == "user");
    CHECK(ghcr.password == "pa:ss"); // only the first ':' separates
    CHECK(ghcr.server_address == "ghcr.io");
    auto hub = found(box, "busybox:1");
    CHECK(hub.identity_token == "tok-1");
    CHECK(hub.username.empty());

    box.config(R"({"auths":{"ghcr.io":{"auth":"not base64!"}}})");
    auto bad = find_credentials(box.dir(), parse_image_name("ghcr.io/x:1"));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == EngineErrorKind::Config);
}

TEST_CASE("credsStore runs docker-credential-<name> get with the server on stdin") {
    Sandbox box;
    box.config(
        R"({"credsStore":"test","auths":{"https://index.docker.io/v1/":{"auth":"aWdub3JlZDppZ25vcmVk"}}})");
    auto hub = found(box, "busybox");
    CHECK(hub.username == "hubuser");
    CHECK(hub.password == "hub:pass");
    CHECK(hub.server_address == "https://index.docker.io/v1/");
    auto token = found(box, "token.example/app:2");
    CHECK(token.identity_token == "refresh-123");
    CHECK(token.username.empty());
    auto unknown = find_credentials(box.dir(), parse_image_name("quay.io/x:1"));
    REQUIRE(unknown);
    CHECK_FALSE(*unknown);
    auto broken = find_credentials(box.dir(), parse_image_name("broken.example/x:1"));
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.find("keychain locked") != std::string::npos);
}

TEST_CASE("credHelpers beats credsStore for its registry; a missing helper is an error") {
    Sandbox box;
    box.config(R"({"credsStore":"absent-helper","credHelpers":{"https://index.docker.io/v1/":"test"}})");
    CHECK(found(box, "busybox").username == "hubuser");
    auto missing = find_credentials(box.dir(), parse_image_name("ghcr.io/x:1"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == EngineErrorKind::Config);
    CHECK(missing.error().message.find("docker-credential-absent-helper") != std::string::npos);
}

TEST_CASE("X-Registry-Auth is base64url JSON the daemon can decode") {
    const Credentials creds{"us?er", "p>>?w", "", "https://index.docker.io/v1/"};
    const std::string header = registry_auth_header(creds);
    CHECK(header.find_first_of("+/") == std::string::npos);
    CHECK(header.find_first_of("-_") != std::string::npos); // this JSON needs the base64url alphabet
    auto json = decode_header(header);
    REQUIRE(json);
    simdjson::dom::parser parser;
    auto doc = parser.parse(*json).value();
    CHECK(std::string_view(doc["username"]) == "us?er");
    CHECK(std::string_view(doc["password"]) == "p>>?w");
    CHECK(std::string_view(doc["serveraddress"]) == "https://index.docker.io/v1/");
    CHECK(doc["identitytoken"].error() == simdjson::NO_SUCH_FIELD);

    auto token_json = decode_header(registry_auth_header(Credentials{"", "", "tok", "ghcr.io"}));
    REQUIRE(token_json);
    auto token = parser.parse(*token_json).value();
    CHECK(std::string_view(token["identitytoken"]) == "tok");
    CHECK(token["password"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("base64 through OpenSSL, padded or not") {
    CHECK(base64_encode("user:pass") == "dXNlcjpwYXNz");
    CHECK(base64_encode("ab") == "YWI=");
    CHECK(base64_decode("YWI=") == "ab");
    CHECK(base64_decode("YWI") == "ab");
    CHECK(base64_decode("YQ==") == "a");
    CHECK(base64_decode("") == "");
    CHECK_FALSE(base64_decode("*&^%"));
}
