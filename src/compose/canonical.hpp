#pragma once
// Rewrites one compose file's tree into compose's canonical long syntax, as the reference
// implementation does before it merges files: ports, volumes, depends_on, environment and
// labels as mappings, env_file and secrets as objects, commands split into argv, and scalar
// strings cast where the spec wants numbers or booleans.
#include "compose/node.hpp"
#include "util/error.hpp"

namespace rehearsa::compose {

// Casts interpolated strings to the types the spec requires at known paths (e.g.
// services.*.privileged "true" -> true), as compose does right after interpolation.
util::Result<void> cast_types(Node& root);

// compose drops repeated entries of environment lists (by name, the last wins), cap_add and
// dns_opt before it validates, so `cap_add: [A, A]` loads.
void remove_duplicate_items(Node& root);

// Short syntax to long syntax, in place. Idempotent: canonical input stays as it is.
util::Result<void> canonicalize(Node& root);

// Splits a command line into words as compose does (go-shellwords: quotes, backslashes,
// and it stops at an unquoted ; & | < >).
util::Result<std::vector<std::string>> split_shell_words(std::string_view line);

} // namespace rehearsa::compose
