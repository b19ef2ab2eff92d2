#pragma once
// Runs a docker credential helper (docker-credential-<name> get) as the docker CLI does: the server
// address on stdin, {"ServerURL","Username","Secret"} on stdout. Found through PATH.
#include "docker/errors.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::docker {

struct HelperCredentials {
    std::string username; // "<token>" means `secret` is an identity token
    std::string secret;
};

// nullopt when the helper has no credentials for the server; an error when it is missing,
// fails otherwise, hangs for a minute, or answers something unreadable.
EngineResult<std::optional<HelperCredentials>> helper_get(const std::string& helper, std::string_view server);

} // namespace rehearsa::docker
