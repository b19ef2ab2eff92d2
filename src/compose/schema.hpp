#pragma once
// Validates a merged, interpolated compose tree against the compose specification's JSON schema
// (compose-spec.json, embedded at build time), as the reference implementation does before it
// normalizes. Every violation is collected before returning.
#include "compose/node.hpp"
#include "util/error.hpp"

namespace rehearsa::compose {

// Empty when the tree conforms. Each error points at the offending node's file:line:col and
// names its path (e.g. services.web.ports.0.target) and what the schema expected there.
util::Errors validate_schema(const Node& root);

} // namespace rehearsa::compose
