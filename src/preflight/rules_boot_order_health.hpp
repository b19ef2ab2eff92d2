#pragma once
// The boot-order rules about healthchecks themselves (rules_boot_order_health.cpp); the category's
// table in rules_boot_order.cpp includes them.
#include "preflight/rule_context.hpp"

#include <span>

namespace rehearsa::preflight {

std::span<const RuleCheck> healthcheck_rules();

} // namespace rehearsa::preflight
