#pragma once
// Renders a loaded project in the shape of `docker compose config --format json|yaml`.
#include "compose/loader.hpp"

#include <string>

namespace rehearsa::compose {

std::string config_json(const Project& project);
std::string config_yaml(const Project& project);

} // namespace rehearsa::compose
