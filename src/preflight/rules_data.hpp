#pragma once
// The data category spans two files: bind mounts and external volumes (rules_data.cpp), and where
// the data of each service lives (rules_data_state.cpp). data_rules() joins both tables.
#include "preflight/rule_context.hpp"

#include <span>

namespace rehearsa::preflight {

std::span<const RuleCheck> data_state_rules(); // rules_data_state.cpp

} // namespace rehearsa::preflight
