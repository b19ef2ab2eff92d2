// Isolation: what lets a restored stack reach, or be reached by, the host and the live stack.
#include "compose/mounts.hpp"
#include "preflight/rule_table.hpp"
#include "preflight/rules.hpp"
#include "preflight/rules_isolation_ports.hpp"

#include <array>
#include <fmt/format.h>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_privileged{
    "privileged-container",
    "PrivilegedContainer",
    "isolation",
    results::Severity::Warning,
    "A service runs privileged.",
    "A privileged container has every capability and every host device; it can reach the host and the "
    "live stack, so rehearsa cannot sandbox it and a restore onto a new host inherits that exposure.",
    "Remove `privileged: true` and grant only the capabilities the service needs with `cap_add`."};

constexpr results::Rule k_host_network{
    "host-network-mode",
    "HostNetworkMode",
    "isolation",
    results::Severity::Warning,
    "A service shares the host's network stack (`network_mode: host`).",
    "On the host network the service binds host ports directly, so a restore next to the live stack (or a "
    "rehearsal) collides with it, and it can reach every service on the host. rehearsa must rewrite it onto "
    "a sandbox network, so the rehearsal does not test the network the service really runs on.",
    "Put the service on a compose network and publish only the ports it needs, bound to an address "
    "(`127.0.0.1:8080:8080`)."};

constexpr results::Rule k_host_pid{
    "host-pid",
    "HostPid",
    "isolation",
    results::Severity::Warning,
    "A service shares the host's process namespace (`pid: host`).",
    "The service sees and can signal every process on the host, the live stack's included, so a rehearsal "
    "cannot isolate it; rehearsa runs it in its own namespace, where a tool that inspects host processes "
    "sees only its own.",
    "Remove `pid: host`; monitoring agents that need host processes belong outside the restored stack."};

constexpr results::Rule k_docker_socket{
    "docker-socket-mount",
    "DockerSocketMount",
    "isolation",
    results::Severity::Error,
    "A service bind-mounts the Docker (or Podman) socket, or a host directory holding it.",
    "Whoever holds the engine socket controls the engine: the service can start, stop or delete the live "
    "stack's containers and volumes. The rehearsal sandbox refuses to mount it unless told to, so the "
    "service cannot be rehearsed as written.",
    "Drop the mount, or put a filtering proxy (such as a docker-socket-proxy allowing only the calls the "
    "service makes) between the service and the engine and mount that instead."};

constexpr results::Rule k_container_name{
    "container-name",
    "ContainerName",
    "isolation",
    results::Severity::Warning,
    "A service sets a fixed `container_name`.",
    "Container names are unique per engine: restoring the stack next to the live one (a second project "
    "name, a staging copy, a rehearsal) fails with `the container name is already in use`, and the "
    "service cannot be scaled.",
    "Remove `container_name`; compose names containers `<project>-<service>-<n>`, and other services reach "
    "it by its service name."};

// The value text of a scalar key, when the service sets it to `value`.
const compose::Node* equals(const compose::Node& service, std::string_view key, std::string_view value) {
    const compose::Node* node = service.find(key);
    return node && node->is_scalar() && node->text == value ? node : nullptr;
}

// One finding per service whose `key` is `value`; the message continues "service 'NAME' ...".
void check_setting(RuleContext& context, const results::Rule& rule, std::string_view key,
                   std::string_view value, std::string_view consequence) {
    for (const compose::Entry& service : context.services())
        if (const compose::Node* node = equals(service.value, key, value))
            context.report(rule, service.key, fmt::format("{}.{}", compose::service_path(service.key), key),
                           node->loc,
                           fmt::format("service '{}' sets {}: {}: {}", service.key, key, value, consequence));
}

void check_privileged(RuleContext& context) {
    check_setting(context, k_privileged, "privileged", "true",
                  "it can reach the host; grant only the capabilities it needs with cap_add");
}

void check_host_network(RuleContext& context) {
    check_setting(
        context, k_host_network, "network_mode", "host",
        "it binds host ports directly and reaches every service on the host; use a compose network");
}

void check_host_pid(RuleContext& context) {
    check_setting(context, k_host_pid, "pid", "host",
                  "it sees and can signal every process on the host; remove it");
}

void check_docker_socket(RuleContext& context) {
    for (const compose::Entry& service : context.services())
        for (const compose::Mount& mount : compose::service_mounts(service)) {
            if (mount.type != compose::MountType::Bind) continue;
            bool socket = compose::is_engine_socket(mount.source);
            if (!socket && !compose::holds_engine_socket(mount.source)) continue;
            context.report(k_docker_socket, service.key, mount.yaml_path, mount.node->loc,
                           fmt::format("service '{}' mounts {}{}: it controls the engine and every container "
                                       "on it, the live stack's included; drop the mount or use a filtering "
                                       "socket proxy",
                                       service.key, mount.source,
                                       socket ? "" : ", which holds the engine socket"));
        }
}

void check_container_name(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        const compose::Node* name = service.value.find("container_name");
        if (!name || !name->is_scalar()) continue;
        context.report(k_container_name, service.key, compose::service_path(service.key) + ".container_name",
                       name->loc,
                       fmt::format("service '{}' sets container_name: {}: a second copy of the stack on this "
                                   "engine (a restore next to the live one) fails with a name conflict; "
                                   "remove it",
                                   service.key, name->text));
    }
}

constexpr std::array<RuleCheck, 5> k_checks = {{
    {k_host_network, check_host_network},
    {k_host_pid, check_host_pid},
    {k_privileged, check_privileged},
    {k_docker_socket, check_docker_socket},
    {k_container_name, check_container_name},
}};

} // namespace

std::span<const RuleCheck> isolation_rules() {
    static const std::vector<RuleCheck> checks = join_checks({k_checks, port_rules()});
    return checks;
}

} // namespace rehearsa::preflight
