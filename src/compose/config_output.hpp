#pragma once
// Renders a loaded project in the shape of `docker compose config --format json|yaml`.
#include <string>

#include "compose/loader.hpp"

namespace rehearsa::compose {

std::string config_json(const Project& project);
std::string config_yaml(const Project& project);

} // namespace rehearsa::compose
