#pragma once
// Request bodies for the Engine API, written with util::JsonWriter from the specs. Features newer
// than the negotiated version are left out or moved (StartInterval from 1.44; below 1.44 only the
// first network goes in EndpointsConfig, the others are connected after create).
#include "docker/specs.hpp"
#include "docker/version.hpp"

#include <map>
#include <string>
#include <vector>

namespace rehearsa::docker {

std::string container_create_body(const ContainerSpec& spec, ApiVersion api);
std::string network_create_body(const NetworkSpec& spec, ApiVersion api);
std::string volume_create_body(const VolumeSpec& spec);
std::string network_connect_body(const std::string& container, const NetworkAttachment& attachment);
std::string exec_create_body(const ExecSpec& spec);
std::string exec_start_body();

// The networks joined at create: all of them from API 1.44, else the first only.
std::vector<NetworkAttachment> networks_at_create(const ContainerSpec& spec, ApiVersion api);

// A filters value (map[string][]string as JSON), still to be URL-escaped.
using Filters = std::map<std::string, std::vector<std::string>>;
std::string filters_json(const Filters& filters);

} // namespace rehearsa::docker
