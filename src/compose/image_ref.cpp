#include "compose/image_ref.hpp"

#include <algorithm>
#include <array>

namespace rehearsa::compose {

namespace {

// Words that name a release channel: the image behind them moves by design.
constexpr std::array<std::string_view, 22> k_channels = {
    "latest",   "stable",  "edge",     "main",    "master",   "develop",     "dev",    "nightly",
    "lts",      "current", "mainline", "rolling", "beta",     "alpha",       "canary", "testing",
    "unstable", "next",    "release",  "preview", "snapshot", "experimental"};

// Base-system flavours: `alpine3.19` or `bookworm` names the base, not the application's version.
constexpr std::array<std::string_view, 12> k_flavours = {"alpine", "slim",   "bookworm", "bullseye",
                                                         "buster", "trixie", "jammy",    "focal",
                                                         "noble",  "ubuntu", "debian",   "windowsservercore"};

bool contains(auto& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Docker Hub's first path component is a registry only when it looks like a host.
bool is_registry(std::string_view component) {
    return component.find_first_of(".:") != std::string_view::npos || component == "localhost";
}

bool is_docker_hub(std::string_view registry) {
    return registry.empty() || registry == "docker.io" || registry == "index.docker.io" ||
           registry == "registry-1.docker.io";
}

} // namespace

std::string_view ImageRef::name() const {
    std::string_view p = path;
    auto slash = p.rfind('/');
    return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

std::optional<ImageRef> parse_image_ref(std::string_view image) {
    if (image.empty() || image.find_first_of(" \t\n$") != std::string_view::npos) return std::nullopt;
    ImageRef ref;
    if (auto at = image.find('@'); at != std::string_view::npos) {
        ref.digest = image.substr(at + 1);
        image = image.substr(0, at);
    }
    auto slash = image.rfind('/');
    auto colon = image.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        ref.tag = image.substr(colon + 1);
        image = image.substr(0, colon);
    }
    auto first = image.find('/');
    if (first != std::string_view::npos && is_registry(image.substr(0, first))) {
        ref.registry = image.substr(0, first);
        image = image.substr(first + 1);
    }
    if (is_docker_hub(ref.registry)) {
        ref.registry.clear();
        if (image.starts_with("library/")) image.remove_prefix(8);
    }
    ref.path = image;
    if (ref.path.empty()) return std::nullopt;
    return ref;
}

TagKind classify_tag(std::string_view tag) {
    if (tag.empty()) return TagKind::Missing;
    if (tag == "latest") return TagKind::Latest;
    if (std::none_of(tag.begin(), tag.end(), is_digit)) return TagKind::Floating;
    std::string_view head = tag.substr(0, tag.find_first_of("-_."));
    if (contains(k_channels, head)) return TagKind::Floating;
    std::string_view letters =
        head.substr(0, std::find_if(head.begin(), head.end(), is_digit) - head.begin());
    if (contains(k_flavours, letters)) return TagKind::Floating;
    return TagKind::Versioned;
}

} // namespace rehearsa::compose
