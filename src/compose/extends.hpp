#pragma once
// `extends: {service, file?}`: a service starts from another service's definition, in the same
// file or another one, and its own values win. Cycles are errors that name the chain.
#include "compose/node.hpp"
#include "compose/paths.hpp"
#include "util/error.hpp"

#include <functional>
#include <string>

namespace rehearsa::compose {

// Loads another compose file up to canonical form (parse, interpolate, cast, canonicalize).
using FileLoader = std::function<util::Result<Node>(const std::string& absolute_path)>;

// Resolves every `extends` in one file's tree (`file` is its absolute path).
util::Result<void> apply_extends(Node& root, const std::string& file, const FileLoader& load,
                                 const PathBase& base);

} // namespace rehearsa::compose
