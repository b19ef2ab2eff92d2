#pragma once
// Relative path resolution exactly where compose does it: build contexts, env_file paths,
// bind-mount sources, secret and config files, include paths and local volume devices.
// `~` expands to HOME. Remote build contexts (URLs, git) are left alone.
#include "compose/node.hpp"

#include <string>

namespace rehearsa::compose {

struct PathBase {
    std::string dir;  // what relative paths are relative to, absolute
    std::string home; // HOME, for `~`
};

std::string absolute_path(const std::string& p, const PathBase& base);

void resolve_service_paths(Node& service, const PathBase& base);
void resolve_relative_paths(Node& root, const PathBase& base);

} // namespace rehearsa::compose
