#include "docker/auth.hpp"

#include "docker/credential_helper.hpp"
#include "docker/json_read.hpp"
#include "util/files.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <openssl/evp.h>

namespace rehearsa::docker {

namespace {

constexpr std::string_view k_hub_registry = "docker.io";
constexpr std::string_view k_hub_key = "https://index.docker.io/v1/";

// Docker's rule (reference.splitDockerDomain): the first component is a registry when it has a
// '.' or a ':', is "localhost", or has upper-case letters (which repository names cannot).
bool is_registry(std::string_view component) {
    return component.find_first_of(".:") != std::string_view::npos || component == "localhost" ||
           std::any_of(component.begin(), component.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string normalize_registry(std::string_view registry) {
    if (registry == "index.docker.io" || registry == "registry-1.docker.io")
        return std::string(k_hub_registry);
    return std::string(registry);
}

// The CLI's ConvertToHostname: "https://host/v1/" -> "host".
std::string_view hostname_of(std::string_view key) {
    for (std::string_view scheme : {"http://", "https://"})
        if (key.starts_with(scheme)) key.remove_prefix(scheme.size());
    return key.substr(0, key.find('/'));
}

Credentials from_helper_reply(const HelperCredentials& reply, const std::string& key) {
    Credentials c;
    c.server_address = key;
    if (reply.username == "<token>") {
        c.identity_token = reply.secret;
    } else {
        c.username = reply.username;
        c.password = reply.secret;
    }
    return c;
}

EngineResult<std::optional<Credentials>> from_helper(const std::string& helper, const std::string& key) {
    auto reply = helper_get(helper, key);
    if (!reply) return std::unexpected(reply.error());
    if (!*reply) return std::nullopt;
    return from_helper_reply(**reply, key);
}

// The auths entry for `key`: the exact key, else one naming the same host (auths keys may be
// URLs like https://index.docker.io/v1/ or bare hosts).
std::optional<simdjson::dom::element> auths_entry(simdjson::dom::element root, const std::string& key) {
    auto auths = object_at(root, "auths");
    if (!auths) return std::nullopt;
    if (auto exact = object_at(*auths, key)) return exact;
    simdjson::dom::object members = auths->get_object().value_unsafe();
    for (auto [name, value] : members)
        if (hostname_of(name) == hostname_of(key) && value.is_object()) return value;
    return std::nullopt;
}

EngineResult<std::optional<Credentials>> from_auths(simdjson::dom::element root, const std::string& key) {
    auto entry = auths_entry(root, key);
    if (!entry) return std::nullopt;
    Credentials c{string_at(*entry, "username"), string_at(*entry, "password"),
                  string_at(*entry, "identitytoken"), key};
    if (const std::string auth = string_at(*entry, "auth"); !auth.empty()) {
        auto decoded = base64_decode(auth);
        const auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos)
            return engine_fail(EngineErrorKind::Config,
                               fmt::format("the auth of \"{}\" in config.json is not base64 of user:password "
                                           "(run docker login again)",
                                           key));
        c.username = decoded->substr(0, colon);
        c.password = decoded->substr(colon + 1);
    }
    if (c.username.empty() && c.password.empty() && c.identity_token.empty()) return std::nullopt;
    return c;
}

} // namespace

std::string ImageName::auth_key() const {
    return registry == k_hub_registry ? std::string(k_hub_key) : registry;
}

std::string ImageName::to_string() const {
    return fmt::format("{}{}{}", repository, has_digest() ? "@" : ":", reference);
}

ImageName parse_image_name(std::string_view image) {
    ImageName out;
    if (auto at = image.find('@'); at != std::string_view::npos) {
        out.reference = image.substr(at + 1);
        image = image.substr(0, at);
    }
    const auto slash = image.rfind('/');
    const auto colon = image.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        if (out.reference.empty()) out.reference = image.substr(colon + 1); // a digest wins over a tag
        image = image.substr(0, colon);
    }
    if (out.reference.empty()) out.reference = "latest"; // an empty tag would pull every tag
    out.repository = image;
    const auto first = image.find('/');
    const bool has_registry = first != std::string_view::npos && is_registry(image.substr(0, first));
    out.registry = has_registry ? normalize_registry(image.substr(0, first)) : std::string(k_hub_registry);
    return out;
}

EngineResult<std::optional<Credentials>> find_credentials(const std::string& config_dir,
                                                          const ImageName& image) {
    auto doc = read_json_file(util::join_path(config_dir, "config.json"));
    if (!doc) return std::unexpected(doc.error());
    if (!*doc) return std::nullopt;
    const auto root = (*doc)->root();
    const std::string key = image.auth_key();
    auto helpers = object_at(root, "credHelpers");
    std::string helper = helpers ? string_at(*helpers, key) : std::string();
    if (helper.empty()) helper = string_at(root, "credsStore");
    if (!helper.empty()) return from_helper(helper, key);
    return from_auths(root, key);
}

std::string registry_auth_header(const Credentials& credentials) {
    util::JsonWriter w;
    {
        util::JsonObject o(w);
        if (!credentials.identity_token.empty()) {
            w.field("identitytoken", credentials.identity_token);
        } else {
            w.field("username", credentials.username);
            w.field("password", credentials.password);
        }
        w.field("serveraddress", credentials.server_address);
    }
    std::string encoded = base64_encode(w.str());
    std::replace(encoded.begin(), encoded.end(), '+', '-'); // base64url, as the daemon decodes it
    std::replace(encoded.begin(), encoded.end(), '/', '_');
    return encoded;
}

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string padded(text);
    while (padded.size() % 4 != 0)
        padded += '='; // docker login writes padded base64, some tools do not
    std::string out(padded.size() / 4 * 3 + 1, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(padded.data()),
                                  static_cast<int>(padded.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts the zero bytes that padding stands for.
    std::size_t pad = 0;
    while (pad < 2 && pad < padded.size() && padded[padded.size() - 1 - pad] == '=')
        ++pad;
    if (static_cast<std::size_t>(n) < pad) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

} // namespace rehearsa::docker
