#pragma once
// A service's mounts, read once from the normalized model for the data rules: each `volumes:` entry
// (long form after loading) and each `tmpfs:` path, with the node and path a finding points at.
#include "compose/loader.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::compose {

enum class MountType { Bind, Volume, Tmpfs, Other };

// How a bind source was written, which the model (paths made absolute) no longer shows.
enum class BindOrigin {
    Project, // inside the project directory: `./data`, or a variable that resolves inside it
    Escapes, // written relative but resolving outside the project directory: `../shared`
    Host,    // an absolute or `~` host path, or a variable that resolves outside the project
};

struct Mount {
    MountType type = MountType::Other;
    std::string source; // a bind's absolute host path, a volume's name; empty for anonymous/tmpfs
    std::string target; // the path in the container
    bool read_only = false;
    bool create_host_path = false; // binds written in short syntax: Docker creates a missing source
    const Node* node = nullptr;    // the entry (volumes[i] or tmpfs[i]): where findings point
    std::string yaml_path;         // "services.db.volumes[0]", "services.db.tmpfs[1]"
};

// Every volumes and tmpfs entry of the service, in that order.
std::vector<Mount> service_mounts(const Entry& service);

// Reads the compose file at the source's location to see whether it was written relative.
BindOrigin bind_origin(const Mount& bind, const Project& project);

// True when `dir` is `root` or lies beneath it (plain path prefix on components).
bool is_within(std::string_view dir, std::string_view root);

// The Docker or Podman socket itself ("/var/run/docker.sock", ".../podman.sock").
bool is_engine_socket(std::string_view path);
// A directory that holds an engine socket ("/", "/run", "/var/run", "/run/user/1000"...): binding
// it hands the socket over just the same. The rule docker-socket-mount and the sandbox plan
// both decide with these two, so they never disagree.
bool holds_engine_socket(std::string_view path);

// `./data` for a path inside the project directory, else the path itself: for messages.
std::string display_path(const std::string& path, const Project& project);

} // namespace rehearsa::compose
