// How a service's process runs: capabilities, resource limits, kernel settings, name resolution,
// init and a read-only root. The sandbox keeps every one of them, so that a service that needs
// `shm_size`, a `nofile` ulimit or `cap_add: [NET_ADMIN]` boots as it does live, and one that
// outgrows its `mem_limit` is killed as it would be live. What would reach outside the sandbox
// (host devices, the host's pid, ipc, uts or cgroup namespace, privileged mode, a log driver that
// ships to the live collector) is dropped, each with a finding.
#include "plan/builder.hpp"

#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rehearsa::plan {

namespace {

struct RuntimeContext {
    Builder& builder;
    const compose::Entry& service;
    ServicePlan& out;

    const compose::Node* find(std::string_view key) const { return service.value.find(key); }
    std::string path(std::string_view key) const { return fmt::format("services.{}.{}", service.key, key); }
    void drop(std::string_view key, const compose::Node& node, std::string rule_id, std::string message) {
        builder.adjust(service.key, path(key), node.loc, std::move(rule_id), std::move(message));
    }
};

std::vector<std::string> strings_at(const compose::Node& service, std::string_view key) {
    return words_at(service, key).value_or(std::vector<std::string>{});
}

std::int64_t integer(const compose::Node* node) {
    return node && node->is_scalar() ? std::strtoll(node->text.c_str(), nullptr, 10) : 0;
}

// compose's legacy key, or its `deploy.resources` twin (the loader has checked they agree).
const compose::Node* resource(const compose::Node& service, std::string_view legacy, std::string_view section,
                              std::string_view key) {
    const compose::Node* node = service.find(legacy);
    bool set = node && node->is_scalar() && std::strtod(node->text.c_str(), nullptr) != 0;
    return set ? node : service.find_path({"deploy", "resources", section, key});
}

std::int64_t nano_cpus(const compose::Node* cpus) {
    if (!cpus || !cpus->is_scalar()) return 0;
    return std::llround(std::strtod(cpus->text.c_str(), nullptr) * 1e9);
}

// `nofile: {soft: 1024, hard: 2048}`, or `nproc: 65535` for both.
std::vector<docker::Ulimit> ulimits_of(const compose::Node& service) {
    std::vector<docker::Ulimit> out;
    if (const compose::Node* ulimits = service.find("ulimits"))
        for (const compose::Entry& limit : ulimits->entries) {
            if (limit.value.is_scalar()) {
                std::int64_t both = integer(&limit.value);
                out.push_back({limit.key, both, both});
            } else {
                out.push_back(
                    {limit.key, integer(limit.value.find("soft")), integer(limit.value.find("hard"))});
            }
        }
    return out;
}

docker::Labels mapping_of(const compose::Node& service, std::string_view key) {
    docker::Labels out;
    if (const compose::Node* node = service.find(key))
        for (const compose::Entry& entry : node->entries)
            out[entry.key] = entry.value.text;
    return out;
}

// The loader has made `extra_hosts` a mapping of name to address; the Engine wants "name:address".
std::vector<std::string> extra_hosts_of(const compose::Node& service) {
    std::vector<std::string> out;
    if (const compose::Node* hosts = service.find("extra_hosts"))
        for (const compose::Entry& host : hosts->entries) {
            if (host.value.is_scalar()) out.push_back(host.key + ":" + host.value.text);
            for (const compose::Node& address : host.value.items)
                out.push_back(host.key + ":" + address.text);
        }
    return out;
}

void plan_resources(const compose::Node& service, docker::RuntimeSpec& r) {
    r.memory = integer(resource(service, "mem_limit", "limits", "memory"));
    r.memory_reservation = integer(resource(service, "mem_reservation", "reservations", "memory"));
    r.memory_swap = integer(service.find("memswap_limit"));
    r.shm_size = integer(service.find("shm_size"));
    r.nano_cpus = nano_cpus(resource(service, "cpus", "limits", "cpus"));
    r.cpu_shares = integer(service.find("cpu_shares"));
    r.pids_limit = integer(resource(service, "pids_limit", "limits", "pids"));
    r.ulimits = ulimits_of(service);
    r.sysctls = mapping_of(service, "sysctls");
}

// `ipc: service:x` shares x's sandbox container's ipc namespace. `host` would share the host's, and
// `container:x` a live container's.
void plan_ipc(RuntimeContext& context) {
    const compose::Node* ipc = context.find("ipc");
    if (!ipc || !ipc->is_scalar() || ipc->text.empty()) return;
    if (ipc->text == "host" || ipc->text.starts_with("container:"))
        return context.drop(
            "ipc", *ipc, "",
            fmt::format("ipc: {} dropped: the sandbox gives the service its own ipc namespace", ipc->text));
    context.out.container.runtime.ipc_mode =
        sandbox_container_mode(context.builder, ipc->text).value_or(ipc->text);
}

// `seccomp:profile.json` names a file the client must read and send: the daemon reads no path.
// The sandbox keeps the daemon's default profile rather than fail to create the container.
void plan_security_opt(RuntimeContext& context) {
    std::vector<std::string> kept;
    for (std::string& option : strings_at(context.service.value, "security_opt")) {
        std::string_view value = option;
        bool seccomp = value.starts_with("seccomp:") || value.starts_with("seccomp=");
        value.remove_prefix(seccomp ? std::string_view("seccomp:").size() : 0);
        if (seccomp && value != "unconfined" && value != "builtin")
            context.drop(
                "security_opt", *context.find("security_opt"), "",
                fmt::format("security_opt {} not applied: the sandbox runs the daemon's default seccomp "
                            "profile",
                            option));
        else
            kept.push_back(std::move(option));
    }
    context.out.container.runtime.security_opt = std::move(kept);
}

void drop_host_namespace(RuntimeContext& context, std::string_view key, std::string rule_id) {
    const compose::Node* node = context.find(key);
    if (!node || !node->is_scalar() || node->text != "host") return;
    context.drop(
        key, *node, std::move(rule_id),
        fmt::format("{}: host dropped: the sandbox gives the service its own {} namespace", key, key));
}

// pid: any mode dropped (`service:x` and `container:x` would reach outside the run's own order).
void drop_pid(RuntimeContext& context) {
    const compose::Node* pid = context.find("pid");
    if (!pid) return;
    context.drop(
        "pid", *pid, pid->text == "host" ? "host-pid" : "",
        fmt::format("pid: {} dropped: the sandbox gives the service its own pid namespace", pid->text));
}

void drop_host_access(RuntimeContext& context) {
    if (const compose::Node* privileged = context.find("privileged"); is_true(privileged))
        context.drop("privileged", *privileged, "privileged-container",
                     "privileged: true dropped: the sandbox does not grant privileged mode");
    if (const compose::Node* devices = context.find("devices"); devices && !devices->items.empty())
        context.drop("devices", *devices, "",
                     fmt::format("device{} {} not passed in: the sandbox reaches no host device",
                                 devices->items.size() > 1 ? "s" : "",
                                 fmt::join(strings_at(context.service.value, "devices"), ", ")));
    if (const compose::Node* gpus =
            context.service.value.find_path({"deploy", "resources", "reservations", "devices"}))
        context.drop("deploy.resources.reservations.devices", *gpus, "",
                     "device reservations (GPUs) dropped: the sandbox reaches no host device");
    if (const compose::Node* parent = context.find("cgroup_parent"))
        context.drop("cgroup_parent", *parent, "",
                     fmt::format("cgroup_parent {} dropped: the sandbox stays in the daemon's own cgroup",
                                 parent->text));
}

// Logs stay on the daemon (json-file), where the report reads them; a driver that ships them
// elsewhere would feed the live stack's log collector with the rehearsal's.
void drop_logging(RuntimeContext& context) {
    const compose::Node* logging = context.find("logging");
    const compose::Node* driver = logging ? logging->find("driver") : nullptr;
    if (!driver || driver->text == "json-file" || driver->text == "local") return;
    context.drop(
        "logging.driver", *driver, "",
        fmt::format("logging driver {} replaced by json-file: the sandbox keeps its logs on the daemon",
                    driver->text));
}

void drop_tty(RuntimeContext& context) {
    if (const compose::Node* tty = context.find("tty"); is_true(tty))
        context.drop("tty", *tty, "",
                     "tty: true not given: the sandbox reads the service's output as separate stdout and "
                     "stderr streams");
}

} // namespace

void plan_runtime(Builder& builder, const compose::Entry& service, ServicePlan& out) {
    RuntimeContext context{builder, service, out};
    const compose::Node& value = service.value;
    docker::RuntimeSpec& r = out.container.runtime;
    r.cap_add = strings_at(value, "cap_add");
    r.cap_drop = strings_at(value, "cap_drop");
    r.group_add = strings_at(value, "group_add");
    r.dns = strings_at(value, "dns");
    r.dns_search = strings_at(value, "dns_search");
    r.dns_options = strings_at(value, "dns_opt");
    r.extra_hosts = extra_hosts_of(value);
    plan_resources(value, r);
    if (const compose::Node* adj = value.find("oom_score_adj"))
        r.oom_score_adj = static_cast<int>(integer(adj));
    r.init = is_true(value.find("init"));
    r.read_only = is_true(value.find("read_only"));
    r.open_stdin = is_true(value.find("stdin_open"));
    r.stop_signal = text_at(value, "stop_signal");
    r.domainname = text_at(value, "domainname");
    plan_security_opt(context);
    plan_ipc(context);
    drop_pid(context);
    drop_host_namespace(context, "uts", "");
    drop_host_namespace(context, "cgroup", "");
    drop_host_access(context);
    drop_logging(context);
    drop_tty(context);
}

} // namespace rehearsa::plan
