#pragma once
// Registry credentials for pulls, found as the docker CLI finds them in $DOCKER_CONFIG/config.json:
// credHelpers[<registry>], else credsStore, both through docker-credential-<name>; else auths
// (base64 "user:pass" in `auth`, or an `identitytoken`). Docker Hub's key is
// https://index.docker.io/v1/. The result travels as the X-Registry-Auth header.
#include "docker/errors.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::docker {

// An image reference split the way the daemon's pull endpoint wants it.
struct ImageName {
    std::string repository; // as written, without tag or digest: "busybox", "ghcr.io/org/app"
    std::string reference;  // the tag or the digest; "latest" when the image names neither
    std::string registry;   // "docker.io" for Docker Hub, else the host[:port]

    // Tags cannot hold ':', digests always do ("sha256:...").
    bool has_digest() const { return reference.find(':') != std::string::npos; }
    // The config.json key: https://index.docker.io/v1/ for Docker Hub, else the registry.
    std::string auth_key() const;
    // repository:tag or repository@digest.
    std::string to_string() const;
};

ImageName parse_image_name(std::string_view image);

struct Credentials {
    std::string username, password;
    std::string identity_token; // an OAuth refresh token instead of a password
    std::string server_address; // the config.json key they were found under
};

// The credentials for `image`'s registry; nullopt when config.json has none (an anonymous pull).
EngineResult<std::optional<Credentials>> find_credentials(const std::string& config_dir,
                                                          const ImageName& image);

// The X-Registry-Auth value: base64url of {"username","password","serveraddress"}, or of
// {"identitytoken","serveraddress"}.
std::string registry_auth_header(const Credentials& credentials);

// Standard base64 with padding (OpenSSL's EVP_EncodeBlock), and its inverse; nullopt when `text`
// is not base64.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

} // namespace rehearsa::docker
