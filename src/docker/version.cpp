#include "docker/version.hpp"

#include <charconv>
#include <fmt/format.h>

namespace rehearsa::docker {

namespace {

std::optional<int> parse_number(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < 0)
        return std::nullopt;
    return value;
}

} // namespace

std::string ApiVersion::to_string() const {
    return fmt::format("{}.{}", major, minor);
}

std::optional<ApiVersion> ApiVersion::parse(std::string_view text) {
    auto dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto major = parse_number(text.substr(0, dot));
    auto minor = parse_number(text.substr(dot + 1));
    if (!major || !minor) return std::nullopt;
    return ApiVersion{*major, *minor};
}

EngineResult<ApiVersion> negotiate(const ServerInfo& server, std::string_view host, ApiVersion ours) {
    const ApiVersion chosen = std::min(ours, server.api);
    if (chosen < k_oldest_api) {
        return engine_fail(EngineErrorKind::VersionTooOld,
                           fmt::format("the Docker Engine at {} speaks API {} but rehearsa needs {} or newer "
                                       "(upgrade to Docker 20.10 / Podman 4 or later)",
                                       host, server.api.to_string(), k_oldest_api.to_string()));
    }
    if (chosen < server.min_api) {
        return engine_fail(
            EngineErrorKind::VersionTooOld,
            fmt::format("the Docker Engine at {} accepts API {} or newer but this rehearsa speaks "
                        "at most {} (upgrade rehearsa, or lower the daemon's minimum with "
                        "DOCKER_MIN_API_VERSION)",
                        host, server.min_api.to_string(), chosen.to_string()));
    }
    return chosen;
}

} // namespace rehearsa::docker
