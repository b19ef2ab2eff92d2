#pragma once
// YAML text to a Node tree through libfyaml: anchors, aliases and `<<` merge keys resolved,
// `!reset`/`!override` kept as tags, every node marked with file:line:col.
#include "compose/node.hpp"
#include "util/error.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace rehearsa::compose {

// An empty document gives a Null node. Errors carry the position libfyaml reports.
util::Result<Node> parse_yaml(std::string_view text, std::shared_ptr<const std::string> file);

// Resolves a plain scalar's type as yaml.v3 does (null, bool, int, float, else string).
ScalarType resolve_plain(std::string_view text, bool* is_null);

} // namespace rehearsa::compose
