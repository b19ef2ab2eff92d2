#pragma once
// Image references as Docker reads them, `[registry/]path[:tag][@digest]`, and what a tag promises:
// whether pulling it tomorrow gives the same image as today. Shared by the determinism and data rules.
#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::compose {

struct ImageRef {
    std::string registry; // "ghcr.io", "localhost:5000"; empty for Docker Hub
    std::string path;     // "postgres", "bitnami/postgresql": Docker Hub's `library/` dropped
    std::string tag;      // empty when none is written (Docker then pulls `latest`)
    std::string digest;   // "sha256:...", empty when not pinned

    // The last component of the path: "postgresql" for "bitnami/postgresql".
    std::string_view name() const;
    bool pinned() const { return !digest.empty(); }
};

// nullopt for text that is no image reference (empty, blanks, an unresolved `${VAR}`).
std::optional<ImageRef> parse_image_ref(std::string_view image);

// What pulling a tag again promises.
enum class TagKind {
    Missing,   // no tag: Docker pulls `latest`
    Latest,    // `latest`
    Floating,  // a channel or flavour that moves: stable, edge, main, lts, alpine, lts-alpine
    Versioned, // names a version: 16, 3.12-slim, v2.10, 2024.01.05
};

TagKind classify_tag(std::string_view tag);

} // namespace rehearsa::compose
