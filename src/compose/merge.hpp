#pragma once
// Merging compose files (compose-spec 13-merge): mappings merge, scalars replace, sequences
// append; command, entrypoint and healthcheck.test are replaced outright; `!reset` removes and
// `!override` replaces. Then sequences that must be unique (volumes by target, ports, secrets,
// configs, expose) keep the last definition at the first one's position.
#include "compose/node.hpp"
#include "util/error.hpp"

namespace rehearsa::compose {

// Merges `overlay` (a later file, in canonical form) into `base`.
util::Result<void> merge_into(Node& base, Node overlay);

// Applies the uniqueness rules to every service in the tree.
void enforce_unicity(Node& root);

// Drops `!reset` values and clears `!override` tags in a tree that is not merged into anything.
void strip_merge_tags(Node& root);

} // namespace rehearsa::compose

namespace rehearsa::compose {

// Merges a service definition over the one it extends (the same rules, at services.<name>).
util::Result<void> merge_service(Node& base, Node overlay);

} // namespace rehearsa::compose
