#include "docker/endpoint.hpp"

#include "docker/json_read.hpp"
#include "util/files.hpp"
#include "util/hash.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

namespace rehearsa::docker {

namespace {

constexpr std::string_view k_default_tcp_port = "2375"; // the CLI's default, with or without TLS

std::string env_or(const Getenv& env, std::string_view name, std::string fallback = {}) {
    auto value = env(name);
    return value && !value->empty() ? *value : fallback;
}

std::string home_dir(const Getenv& env) {
    if (auto home = env("HOME"); home && !home->empty()) return *home;
    const passwd* pw = ::getpwuid(::getuid()); // read once at start-up, before any thread
    return pw && pw->pw_dir ? pw->pw_dir : "/";
}

EngineResult<Endpoint> unsupported_scheme(std::string_view host, std::string_view scheme) {
    std::string hint =
        scheme == "ssh" ? "forward the socket instead: ssh -NL /tmp/docker.sock:/var/run/docker.sock HOST, "
                          "then DOCKER_HOST=unix:///tmp/docker.sock"
                        : "use unix:// or tcp://";
    return engine_fail(
        EngineErrorKind::Config,
        fmt::format("unsupported Docker host {} ({}:// is not supported; {})", host, scheme, hint));
}

EngineResult<Endpoint> parse_tcp(std::string_view host, std::string_view rest, TlsMode tls) {
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        if (rest.substr(slash) != "/")
            return engine_fail(EngineErrorKind::Config,
                               fmt::format("invalid Docker host {} (a tcp:// host takes no path)", host));
        rest = rest.substr(0, slash);
    }
    // host[:port] or [v6]:port; a missing host is localhost, a missing port the default.
    const auto close = rest.find(']');
    const auto colon = rest.find(':', close == std::string_view::npos ? 0 : close);
    std::string_view name = rest.substr(0, colon);
    std::string_view port = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
    const std::string authority =
        fmt::format("{}:{}", name.empty() ? "localhost" : name, port.empty() ? k_default_tcp_port : port);
    Endpoint ep;
    ep.host = "tcp://" + authority;
    ep.transport = Transport::Tcp;
    ep.authority = authority;
    ep.tls = tls;
    return ep;
}

} // namespace

std::string Endpoint::base_url() const {
    if (transport == Transport::Unix) return "http://localhost";
    return fmt::format("{}://{}", tls == TlsMode::Off ? "http" : "https", authority);
}

Getenv process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    };
}

std::string docker_config_dir(const Getenv& env) {
    return env_or(env, "DOCKER_CONFIG", util::join_path(home_dir(env), ".docker"));
}

EngineResult<Endpoint> parse_host(std::string_view host, TlsMode tls) {
    auto sep = host.find("://");
    // The CLI reads a bare "host:port" as tcp.
    std::string_view scheme = sep == std::string_view::npos ? "tcp" : host.substr(0, sep);
    std::string_view rest = sep == std::string_view::npos ? host : host.substr(sep + 3);
    if (scheme == "tcp") return parse_tcp(host, rest, tls);
    if (scheme != "unix") return unsupported_scheme(host, scheme);
    if (rest.find("://") != std::string_view::npos)
        return engine_fail(EngineErrorKind::Config, fmt::format("invalid Docker host {}", host));
    std::string path = rest.empty() ? std::string(k_default_host.substr(7)) : std::string(rest);
    Endpoint ep;
    ep.host = "unix://" + path;
    ep.socket_path = std::move(path);
    return ep;
}

namespace {

// Each file is used when it exists, as the CLI resets the paths of missing default files.
TlsFiles existing_tls_files(const std::string& dir) {
    auto pick = [&](std::string_view name) {
        std::string path = util::join_path(dir, std::string(name));
        return util::file_exists(path) ? path : std::string();
    };
    return TlsFiles{pick("ca.pem"), pick("cert.pem"), pick("key.pem")};
}

// DOCKER_HOST, or the default socket, with TLS from DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH.
EngineResult<Endpoint> from_environment(const Getenv& env, std::string origin) {
    const bool verify = !env_or(env, "DOCKER_TLS_VERIFY").empty();
    const TlsMode tls =
        verify ? TlsMode::Verify : (!env_or(env, "DOCKER_TLS").empty() ? TlsMode::NoVerify : TlsMode::Off);
    auto ep = parse_host(env_or(env, "DOCKER_HOST", std::string(k_default_host)), tls);
    if (!ep) return ep;
    if (ep->transport == Transport::Unix) ep->tls = TlsMode::Off;
    ep->origin = std::move(origin);
    if (ep->tls == TlsMode::Off) return ep;
    // As the CLI: with TLS on, the CA must be there; a client certificate is optional.
    const std::string dir = env_or(env, "DOCKER_CERT_PATH", docker_config_dir(env));
    ep->tls_files = existing_tls_files(dir);
    if (ep->tls_files.ca.empty())
        return engine_fail(EngineErrorKind::Config,
                           fmt::format("TLS to {} needs {} (set DOCKER_CERT_PATH to the directory holding "
                                       "ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY)",
                                       ep->host, util::join_path(dir, "ca.pem")));
    return ep;
}

// currentContext from config.json; empty when the file or the key is absent.
EngineResult<std::string> current_context(const std::string& config_dir) {
    auto doc = read_json_file(util::join_path(config_dir, "config.json"));
    if (!doc) return std::unexpected(doc.error());
    return *doc ? string_at((*doc)->root(), "currentContext") : std::string();
}

EngineResult<Endpoint> from_context(const std::string& config_dir, const std::string& name,
                                    std::string origin) {
    const std::string hash = util::sha256_hex(name);
    const std::string meta = util::join_path(config_dir, fmt::format("contexts/meta/{}/meta.json", hash));
    auto doc = read_json_file(meta);
    if (!doc) return std::unexpected(doc.error());
    if (!*doc)
        return engine_fail(EngineErrorKind::Config,
                           fmt::format("Docker context \"{}\" ({}) not found: no {} (list contexts with "
                                       "`docker context ls`, or unset it)",
                                       name, origin, meta));
    const auto root = (*doc)->root();
    auto endpoints = object_at(root, "Endpoints");
    auto docker = endpoints ? object_at(*endpoints, "docker") : std::nullopt;
    std::string host = docker ? string_at(*docker, "Host") : std::string();
    const bool skip_verify = docker && bool_at(*docker, "SkipTLSVerify");
    TlsFiles files =
        existing_tls_files(util::join_path(config_dir, fmt::format("contexts/tls/{}/docker", hash)));
    const bool has_tls = !files.ca.empty() || !files.cert.empty();
    const TlsMode tls = skip_verify ? TlsMode::NoVerify : (has_tls ? TlsMode::Verify : TlsMode::Off);
    auto ep = parse_host(host.empty() ? k_default_host : std::string_view(host), tls);
    if (!ep) return std::unexpected(ep.error().context(fmt::format("Docker context \"{}\"", name)));
    if (ep->transport == Transport::Unix) ep->tls = TlsMode::Off;
    ep->tls_files = std::move(files);
    ep->origin = fmt::format("context \"{}\" ({})", name, origin);
    return ep;
}

} // namespace

EngineResult<Endpoint> resolve_endpoint(const Getenv& env) {
    if (!env_or(env, "DOCKER_HOST").empty()) return from_environment(env, "DOCKER_HOST");
    const std::string config_dir = docker_config_dir(env);
    std::string name = env_or(env, "DOCKER_CONTEXT");
    std::string origin = "DOCKER_CONTEXT";
    if (name.empty()) {
        auto current = current_context(config_dir);
        if (!current) return std::unexpected(current.error());
        name = std::move(*current);
        origin = fmt::format("currentContext in {}", util::join_path(config_dir, "config.json"));
    }
    if (name.empty() || name == "default") return from_environment(env, "the default context");
    return from_context(config_dir, name, origin);
}

} // namespace rehearsa::docker
