#pragma once
// The isolation rules about published ports (rules_isolation_ports.cpp); the category's table in
// rules_isolation.cpp includes them.
#include "preflight/rule_context.hpp"

#include <span>

namespace rehearsa::preflight {

std::span<const RuleCheck> port_rules();

} // namespace rehearsa::preflight
