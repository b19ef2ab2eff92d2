#pragma once
// API version negotiation, as the docker CLI does it: speak min(ours, the server's maximum) and
// refuse when that is below what the server still accepts or below what rehearsa needs.
#include "docker/errors.hpp"

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::docker {

struct ApiVersion {
    int major = 1;
    int minor = 0;

    auto operator<=>(const ApiVersion&) const = default;
    std::string to_string() const;
    // "1.41" -> {1, 41}; nullopt for anything else.
    static std::optional<ApiVersion> parse(std::string_view text);
};

// The newest API rehearsa was written against (Docker 27.2+) and the oldest it accepts (20.10).
inline constexpr ApiVersion k_client_api{1, 47};
inline constexpr ApiVersion k_oldest_api{1, 41};

// Features that need a newer API than the oldest accepted one.
inline constexpr ApiVersion k_api_start_interval{1, 44};    // Healthcheck.StartInterval
inline constexpr ApiVersion k_api_multiple_networks{1, 44}; // several EndpointsConfig at create
inline constexpr ApiVersion k_api_unique_networks{1, 44};   // duplicate network names always refused

enum class EngineFlavor { Docker, Podman };

// What /_ping and /version say about the server.
struct ServerInfo {
    ApiVersion api;      // the server's newest
    ApiVersion min_api;  // the server's oldest
    std::string version; // "20.10.24+dfsg1"; Podman's own version for Podman
    std::string os, arch;
    EngineFlavor flavor = EngineFlavor::Docker;
};

// The version to speak with `server`, or VersionTooOld with the fix in the message. `host` names
// the daemon in the message.
EngineResult<ApiVersion> negotiate(const ServerInfo& server, std::string_view host,
                                   ApiVersion ours = k_client_api);

} // namespace rehearsa::docker
