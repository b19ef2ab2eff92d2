#pragma once
// Project-level normalization after all files are merged, as the reference implementation does:
// names, the default network, implicit dependencies, secret targets, durations, profiles,
// env_file contents folded into environment, consistency checks and unused resources dropped.
#include "compose/loader.hpp"
#include "compose/node.hpp"

#include <string>
#include <vector>

namespace rehearsa::compose {

struct NormalizeContext {
    std::string project_name;
    const Environment& environment;
    std::vector<std::string> profiles;
    std::vector<std::string>* disabled = nullptr; // receives the services profiles turned off
    // Leniency::Lint records here what compose refuses (a missing env_file, a dependency on a
    // disabled service) and goes on; nullptr refuses, as compose does.
    std::vector<Deferred>* deferred = nullptr;
};

std::expected<void, util::Errors> normalize_project(Node& root, const NormalizeContext& ctx);

// compose's project name normalization: lower case, [a-z0-9_-] only, no leading _ or -.
std::string normalize_project_name(std::string_view name);

} // namespace rehearsa::compose
