#pragma once
// Where the Docker Engine is, resolved exactly as the docker CLI does: DOCKER_HOST beats
// DOCKER_CONTEXT, which beats config.json's currentContext; the context "default" (or none) means
// the default socket. Contexts live under $DOCKER_CONFIG (else ~/.docker): contexts/meta/<sha256 of
// the name>/meta.json holds the endpoint, contexts/tls/<sha256>/docker/ its certificates.
#include "docker/errors.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::docker {

inline constexpr std::string_view k_default_host = "unix:///var/run/docker.sock";

enum class Transport { Unix, Tcp };
enum class TlsMode { Off, Verify, NoVerify };

struct TlsFiles {
    std::string ca, cert, key; // paths; empty when not given
};

struct Endpoint {
    std::string host; // normalized: unix:///var/run/docker.sock, tcp://10.0.0.5:2376
    Transport transport = Transport::Unix;
    std::string socket_path; // Unix only
    std::string authority;   // Tcp only: host:port
    TlsMode tls = TlsMode::Off;
    TlsFiles tls_files;
    std::string origin; // where the choice came from, for messages: "DOCKER_HOST", "context \"ci\""

    // The URL prefix requests go to: http://localhost for a socket, http(s)://authority for TCP.
    std::string base_url() const;
};

// Reads an environment variable; nullopt when unset. Tests pass a map instead of the process's.
using Getenv = std::function<std::optional<std::string>(std::string_view)>;
Getenv process_env();

// $DOCKER_CONFIG, else $HOME/.docker.
std::string docker_config_dir(const Getenv& env);

// The endpoint the docker CLI would use in this environment.
EngineResult<Endpoint> resolve_endpoint(const Getenv& env);

// A DOCKER_HOST value: unix:///path, unix:// (the default socket), tcp://host[:port] or host:port
// (port 2375 and host localhost by default, with or without TLS, as the CLI). ssh://, npipe:// and
// fd:// are refused with a workaround in the message.
EngineResult<Endpoint> parse_host(std::string_view host, TlsMode tls);

} // namespace rehearsa::docker
