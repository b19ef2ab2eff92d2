// Where the engine is: DOCKER_HOST, DOCKER_CONTEXT and config.json's currentContext in the docker
// CLI's precedence, over a temporary DOCKER_CONFIG directory laid out as `docker context create`
// does (checked against docker 28's own files when this test was written).
#include "docker/endpoint.hpp"
#include "docker_temp_dir.hpp"
#include "util/hash.hpp"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <map>

using namespace rehearsa::docker;
namespace fs = std::filesystem;

namespace {

// A DOCKER_CONFIG directory; contexts are written as `docker context create NAME --docker host=HOST` does.
class ConfigDir : public testing::TempDir {
public:
    std::string path() const { return TempDir::path().string(); }
    void add_context(const std::string& name, const std::string& host, bool skip_verify = false) const {
        write(fs::path("contexts/meta") / rehearsa::util::sha256_hex(name) / "meta.json",
              R"({"Name":")" + name + R"(","Metadata":{},"Endpoints":{"docker":{"Host":")" + host +
                  R"(","SkipTLSVerify":)" + (skip_verify ? "true" : "false") + "}}}");
    }
};

Getenv env_of(std::map<std::string, std::string, std::less<>> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

} // namespace

TEST_CASE("the context directory is named by the SHA-256 of the context name, as docker does") {
    // Computed by `docker context create remote` in docker 28.2.
    CHECK(rehearsa::util::sha256_hex("remote") ==
          "b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a");
}

TEST_CASE("with nothing set, the default socket") {
    ConfigDir dir;
    auto ep = resolve_endpoint(env_of({{"DOCKER_CONFIG", dir.path()}}));
    REQUIRE(ep);
    CHECK(ep->host == "unix:///var/run/docker.sock");
    CHECK(ep->transport == Transport::Unix);
    CHECK(ep->socket_path == "/var/run/docker.sock");
    CHECK(ep->base_url() == "http://localhost");
}

TEST_CASE("DOCKER_HOST beats DOCKER_CONTEXT, which beats currentContext") {
    ConfigDir dir;
    dir.add_context("remote", "tcp://10.1.2.3:2376");
    dir.add_context("other", "unix:///run/other.sock");
    dir.write("config.json", R"({"auths":{},"currentContext":"remote"})");
    auto from_config = resolve_endpoint(env_of({{"DOCKER_CONFIG", dir.path()}}));
    REQUIRE(from_config);
    CHECK(from_config->host == "tcp://10.1.2.3:2376");
    CHECK(from_config->origin.find("context \"remote\"") != std::string::npos);
    CHECK(from_config->base_url() == "http://10.1.2.3:2376");

    auto from_env_context =
        resolve_endpoint(env_of({{"DOCKER_CONFIG", dir.path()}, {"DOCKER_CONTEXT", "other"}}));
    REQUIRE(from_env_context);
    CHECK(from_env_context->socket_path == "/run/other.sock");

    auto from_host = resolve_endpoint(env_of(
        {{"DOCKER_CONFIG", dir.path()}, {"DOCKER_CONTEXT", "other"}, {"DOCKER_HOST", "unix:///tmp/x.sock"}}));
    REQUIRE(from_host);
    CHECK(from_host->host == "unix:///tmp/x.sock");
    CHECK(from_host->origin == "DOCKER_HOST");
}

TEST_CASE("the context named default means the default socket, even over currentContext") {
    ConfigDir dir;
    dir.add_context("remote", "tcp://10.1.2.3:2376");
    dir.write("config.json", R"({"currentContext":"remote"})");
    auto ep = resolve_endpoint(env_of({{"DOCKER_CONFIG", dir.path()}, {"DOCKER_CONTEXT", "default"}}));
    REQUIRE(ep);
    CHECK(ep->host == std::string(k_default_host));
}

TEST_CASE("HOME/.docker is the config directory when DOCKER_CONFIG is unset") {
    ConfigDir home;
    home.write(".docker/config.json", R"({"currentContext":"ci"})");
    auto env = env_of({{"HOME", home.path()}});
    CHECK(docker_config_dir(env) == home.path() + "/.docker");
    auto missing = resolve_endpoint(env);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == EngineErrorKind::Config);
    CHECK(missing.error().message.find("context \"ci\"") != std::string::npos);
    CHECK(missing.error().message.find("docker context ls") != std::string::npos);
}

TEST_CASE("a context's TLS files and SkipTLSVerify") {
    ConfigDir dir;
    dir.add_context("secure", "tcp://engine.example:2376");
    const auto tls_dir = fs::path("contexts/tls") / rehearsa::util::sha256_hex("secure") / "docker";
    dir.write(tls_dir / "ca.pem", "ca");
    dir.write(tls_dir / "cert.pem", "cert");
    dir.write(tls_dir / "key.pem", "key");
    auto ep = resolve_endpoint(env_of({{"DOCKER_CONFIG", dir.path()}, {"DOCKER_CONTEXT", "secure"}}));
    REQUIRE(ep);
    CHECK(ep->tls == TlsMode::Verify);
    CHECK(ep->base_url() == "https://engine.example:2376");
    CHECK(ep->tls_files.ca == dir.path() + "/" + (tls_dir / "ca.pem").string());
    CHECK(ep->tls_files.key == dir.path() + "/" + (tls_dir / "key.pem").string());

    dir.add_context("insecure", "tcp://engine.example:2376", true);
    auto skip = resolve_endpoint(env_of({{"DOCKER_CONFIG", dir.path()}, {"DOCKER_CONTEXT", "insecure"}}));
    REQUIRE(skip);
    CHECK(skip->tls == TlsMode::NoVerify);
    CHECK(skip->tls_files.ca.empty());
}

TEST_CASE("DOCKER_TLS_VERIFY turns on verified TLS with certificates from DOCKER_CERT_PATH") {
    ConfigDir certs;
    certs.write("ca.pem", "ca");
    certs.write("cert.pem", "cert");
    certs.write("key.pem", "key");
    auto ep = resolve_endpoint(env_of({{"DOCKER_HOST", "tcp://10.0.0.5:2376"},
                                       {"DOCKER_TLS_VERIFY", "1"},
                                       {"DOCKER_CERT_PATH", certs.path()}}));
    REQUIRE(ep);
    CHECK(ep->tls == TlsMode::Verify);
    CHECK(ep->tls_files.ca == certs.path() + "/ca.pem");
    CHECK(ep->tls_files.cert == certs.path() + "/cert.pem");
    CHECK(ep->base_url() == "https://10.0.0.5:2376");

    // DOCKER_CERT_PATH alone does not turn TLS on (the CLI's rule).
    auto plain = resolve_endpoint(
        env_of({{"DOCKER_HOST", "tcp://10.0.0.5:2375"}, {"DOCKER_CERT_PATH", certs.path()}}));
    REQUIRE(plain);
    CHECK(plain->tls == TlsMode::Off);
    auto unverified = resolve_endpoint(env_of(
        {{"DOCKER_HOST", "tcp://10.0.0.5:2376"}, {"DOCKER_TLS", "1"}, {"DOCKER_CERT_PATH", certs.path()}}));
    REQUIRE(unverified);
    CHECK(unverified->tls == TlsMode::NoVerify);
}

TEST_CASE("TLS without a CA certificate is refused, naming the file") {
    ConfigDir empty;
    auto ep = resolve_endpoint(env_of({{"DOCKER_HOST", "tcp://10.0.0.5:2376"},
                                       {"DOCKER_TLS_VERIFY", "1"},
                                       {"DOCKER_CERT_PATH", empty.path()}}));
    REQUIRE_FALSE(ep);
    CHECK(ep.error().kind == EngineErrorKind::Config);
    CHECK(ep.error().message.find(empty.path() + "/ca.pem") != std::string::npos);
}

TEST_CASE("DOCKER_HOST forms: default ports and hosts, unsupported schemes") {
    CHECK(parse_host("tcp://10.0.0.1", TlsMode::Off)->host == "tcp://10.0.0.1:2375");
    CHECK(parse_host("tcp://:3333", TlsMode::Off)->host == "tcp://localhost:3333");
    CHECK(parse_host("10.0.0.1:4000", TlsMode::Off)->host == "tcp://10.0.0.1:4000");
    CHECK(parse_host("tcp://[::1]:2376", TlsMode::Verify)->base_url() == "https://[::1]:2376");
    CHECK(parse_host("tcp://[::1]", TlsMode::Off)->authority == "[::1]:2375");
    CHECK(parse_host("unix://", TlsMode::Off)->socket_path == "/var/run/docker.sock");
    auto ssh = parse_host("ssh://me@host", TlsMode::Off);
    REQUIRE_FALSE(ssh);
    CHECK(ssh.error().kind == EngineErrorKind::Config);
    CHECK(ssh.error().message.find("ssh -NL") != std::string::npos);
    CHECK_FALSE(parse_host("npipe:////./pipe/docker_engine", TlsMode::Off));
    CHECK_FALSE(parse_host("tcp://host:2375/path", TlsMode::Off));
}

TEST_CASE("a malformed config.json is a configuration error naming the file") {
    ConfigDir dir;
    dir.write("config.json", "{\"currentContext\": ");
    auto ep = resolve_endpoint(env_of({{"DOCKER_CONFIG", dir.path()}}));
    REQUIRE_FALSE(ep);
    CHECK(ep.error().kind == EngineErrorKind::Config);
    CHECK(ep.error().message.find(dir.path() + "/config.json") != std::string::npos);
}
