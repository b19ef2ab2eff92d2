#pragma once
// The service graph: implicit dependencies, undefined references, cycles and unused resources.
#include "compose/loader.hpp"
#include "compose/node.hpp"
#include "util/error.hpp"

#include <string>
#include <vector>

namespace rehearsa::compose {

// links, network_mode: service:x and volumes_from: x become depends_on entries, as compose does.
void add_implicit_dependencies(Node& service);

// Every depends_on target must be an enabled service (or a disabled one with required: false,
// which is kept), and the graph must have no cycle; the error names the cycle. With `deferred`
// (Leniency::Lint), a required dependency on a disabled service is recorded there and dropped.
util::Result<void> check_dependencies(Node& services, const std::vector<std::string>& disabled,
                                      std::vector<Deferred>* deferred = nullptr);

// Services may only use networks, volumes, secrets and configs the project defines.
// Adds the `default` network when a service uses it.
util::Result<void> check_references(Node& root);

// compose drops top-level networks, volumes, secrets and configs that no enabled service uses.
void drop_unused_resources(Node& root);

} // namespace rehearsa::compose
