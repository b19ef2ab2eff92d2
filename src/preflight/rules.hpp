#pragma once
// The rule registry: each category file provides its rules, and this explicit list is the only
// place that names the categories. Adding a rule means adding it to its category's table.
#include "preflight/rule_context.hpp"

#include <span>

namespace rehearsa::preflight {

std::span<const RuleCheck> data_rules();          // rules_data.cpp
std::span<const RuleCheck> determinism_rules();   // rules_determinism.cpp
std::span<const RuleCheck> configuration_rules(); // rules_configuration.cpp
std::span<const RuleCheck> boot_order_rules();    // rules_boot_order.cpp
std::span<const RuleCheck> isolation_rules();     // rules_isolation.cpp
std::span<const RuleCheck> hygiene_rules();       // rules_hygiene.cpp

// Every check, in category order.
std::span<const RuleCheck> rule_checks();

} // namespace rehearsa::preflight
