#include "docker/json_spec.hpp"

#include "util/json_writer.hpp"

namespace rehearsa::docker {

using util::JsonArray;
using util::JsonObject;
using util::JsonWriter;

namespace {

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& items) {
    w.key(key);
    JsonArray a(w);
    for (const auto& item : items)
        w.value(item);
}

void write_labels(JsonWriter& w, const Labels& labels) {
    w.key("Labels");
    JsonObject o(w);
    for (const auto& [k, v] : labels)
        w.field(k, v);
}

void write_duration(JsonWriter& w, std::string_view key, util::Nanoseconds d) {
    if (d.count() != 0) w.field(key, d.count());
}

void write_healthcheck(JsonWriter& w, const HealthcheckSpec& hc, ApiVersion api) {
    w.key("Healthcheck");
    JsonObject o(w);
    write_strings(w, "Test", hc.test);
    write_duration(w, "Interval", hc.interval);
    write_duration(w, "Timeout", hc.timeout);
    write_duration(w, "StartPeriod", hc.start_period);
    if (api >= k_api_start_interval) write_duration(w, "StartInterval", hc.start_interval);
    if (hc.retries != 0) w.field("Retries", hc.retries);
}

std::string_view mount_type(MountType type) {
    switch (type) {
    case MountType::Volume:
        return "volume";
    case MountType::Bind:
        return "bind";
    case MountType::Tmpfs:
        return "tmpfs";
    }
    return "volume";
}

void write_mount(JsonWriter& w, const MountSpec& m) {
    JsonObject o(w);
    w.field("Type", mount_type(m.type));
    if (!m.source.empty()) w.field("Source", m.source);
    w.field("Target", m.target);
    w.field("ReadOnly", m.access == Access::ReadOnly);
    if (m.type == MountType::Volume && m.seed == VolumeSeed::NoCopy) {
        w.key("VolumeOptions");
        JsonObject options(w);
        w.field("NoCopy", true);
    }
}

void write_nonempty(JsonWriter& w, std::string_view key, const std::vector<std::string>& items) {
    if (!items.empty()) write_strings(w, key, items);
}

void write_positive(JsonWriter& w, std::string_view key, std::int64_t value) {
    if (value > 0) w.field(key, value);
}

void write_runtime(JsonWriter& w, const RuntimeSpec& r) {
    write_nonempty(w, "CapAdd", r.cap_add);
    write_nonempty(w, "CapDrop", r.cap_drop);
    write_nonempty(w, "SecurityOpt", r.security_opt);
    write_nonempty(w, "GroupAdd", r.group_add);
    write_nonempty(w, "Dns", r.dns);
    write_nonempty(w, "DnsSearch", r.dns_search);
    write_nonempty(w, "DnsOptions", r.dns_options);
    write_nonempty(w, "ExtraHosts", r.extra_hosts);
    if (!r.sysctls.empty()) {
        w.key("Sysctls");
        JsonObject sysctls(w);
        for (const auto& [k, v] : r.sysctls)
            w.field(k, v);
    }
    if (!r.ulimits.empty()) {
        w.key("Ulimits");
        JsonArray ulimits(w);
        for (const Ulimit& u : r.ulimits) {
            JsonObject limit(w);
            w.field("Name", u.name);
            w.field("Soft", u.soft);
            w.field("Hard", u.hard);
        }
    }
    write_positive(w, "ShmSize", r.shm_size);
    write_positive(w, "Memory", r.memory);
    if (r.memory_swap != 0) w.field("MemorySwap", r.memory_swap); // -1: unlimited swap
    write_positive(w, "MemoryReservation", r.memory_reservation);
    write_positive(w, "NanoCpus", r.nano_cpus);
    write_positive(w, "CpuShares", r.cpu_shares);
    write_positive(w, "PidsLimit", r.pids_limit);
    if (r.oom_score_adj) w.field("OomScoreAdj", *r.oom_score_adj);
    if (r.init) w.field("Init", true);
    if (r.read_only) w.field("ReadonlyRootfs", true);
    if (!r.ipc_mode.empty()) w.field("IpcMode", r.ipc_mode);
}

void write_host_config(JsonWriter& w, const ContainerSpec& spec) {
    w.key("HostConfig");
    JsonObject o(w);
    write_runtime(w, spec.runtime);
    w.key("LogConfig");
    {
        JsonObject log(w);
        w.field("Type", "json-file");
    }
    std::string mode = spec.network_mode;
    if (mode.empty() && !spec.networks.empty()) mode = spec.networks.front().network;
    if (!mode.empty()) w.field("NetworkMode", mode);
    w.key("PortBindings");
    { JsonObject none(w); } // never publish a host port from a sandbox
    w.key("RestartPolicy");
    {
        JsonObject policy(w);
        w.field("Name", "no");
    }
    w.key("Mounts");
    JsonArray mounts(w);
    for (const auto& m : spec.mounts)
        write_mount(w, m);
}

void write_endpoint(JsonWriter& w, const NetworkAttachment& attachment) {
    JsonObject o(w);
    write_strings(w, "Aliases", attachment.aliases);
}

void write_networking(JsonWriter& w, const ContainerSpec& spec, ApiVersion api) {
    w.key("NetworkingConfig");
    JsonObject o(w);
    w.key("EndpointsConfig");
    JsonObject endpoints(w);
    for (const auto& attachment : networks_at_create(spec, api)) {
        w.key(attachment.network);
        write_endpoint(w, attachment);
    }
}

void write_optional(JsonWriter& w, std::string_view key, const std::optional<std::string>& value) {
    if (value) w.field(key, *value);
}

} // namespace

std::vector<NetworkAttachment> networks_at_create(const ContainerSpec& spec, ApiVersion api) {
    if (api >= k_api_multiple_networks || spec.networks.size() <= 1) return spec.networks;
    return {spec.networks.front()};
}

std::string container_create_body(const ContainerSpec& spec, ApiVersion api) {
    JsonWriter w;
    {
        JsonObject o(w);
        w.field("Image", spec.image);
        write_strings(w, "Env", spec.env);
        if (spec.cmd) write_strings(w, "Cmd", *spec.cmd);
        if (spec.entrypoint) write_strings(w, "Entrypoint", *spec.entrypoint);
        write_optional(w, "User", spec.user);
        write_optional(w, "WorkingDir", spec.working_dir);
        write_optional(w, "Hostname", spec.hostname);
        if (!spec.runtime.domainname.empty()) w.field("Domainname", spec.runtime.domainname);
        if (!spec.runtime.stop_signal.empty()) w.field("StopSignal", spec.runtime.stop_signal);
        if (spec.runtime.open_stdin) w.field("OpenStdin", true);
        w.field("Tty", false);
        write_labels(w, spec.labels);
        if (spec.healthcheck) write_healthcheck(w, *spec.healthcheck, api);
        write_host_config(w, spec);
        write_networking(w, spec, api);
    }
    return w.take();
}

std::string network_create_body(const NetworkSpec& spec, ApiVersion api) {
    JsonWriter w;
    {
        JsonObject o(w);
        w.field("Name", spec.name);
        w.field("Driver", spec.driver);
        w.field("Internal", spec.scope == NetworkScope::Internal);
        write_labels(w, spec.labels);
        // Below 1.44 the daemon accepts a duplicate name unless asked not to; from 1.44 it always
        // refuses one and the field is deprecated.
        if (api < k_api_unique_networks) w.field("CheckDuplicate", true);
    }
    return w.take();
}

std::string volume_create_body(const VolumeSpec& spec) {
    JsonWriter w;
    {
        JsonObject o(w);
        w.field("Name", spec.name);
        w.field("Driver", spec.driver);
        write_labels(w, spec.labels);
    }
    return w.take();
}

std::string network_connect_body(const std::string& container, const NetworkAttachment& attachment) {
    JsonWriter w;
    {
        JsonObject o(w);
        w.field("Container", container);
        w.key("EndpointConfig");
        write_endpoint(w, attachment);
    }
    return w.take();
}

std::string exec_create_body(const ExecSpec& spec) {
    JsonWriter w;
    {
        JsonObject o(w);
        w.field("AttachStdin", false);
        w.field("AttachStdout", true);
        w.field("AttachStderr", true);
        w.field("Tty", false);
        write_strings(w, "Cmd", spec.cmd);
        write_strings(w, "Env", spec.env);
        if (!spec.user.empty()) w.field("User", spec.user);
        if (!spec.working_dir.empty()) w.field("WorkingDir", spec.working_dir);
    }
    return w.take();
}

std::string exec_start_body() {
    return R"({"Detach":false,"Tty":false})";
}

std::string filters_json(const Filters& filters) {
    JsonWriter w;
    {
        JsonObject o(w);
        for (const auto& [name, values] : filters)
            write_strings(w, name, values);
    }
    return w.take();
}

} // namespace rehearsa::docker
