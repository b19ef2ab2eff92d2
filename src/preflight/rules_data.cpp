// Data: bind mounts and external volumes, the data a restore cannot bring back from the project.
#include "preflight/rules_data.hpp"

#include "compose/mounts.hpp"
#include "preflight/rules.hpp"
#include "util/files.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <vector>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_host_bind{
    "host-bind-mount",
    "HostBindMount",
    "data",
    results::Severity::Warning,
    "A service bind-mounts an absolute host path.",
    "Data on a host path lives outside the project and outside Docker's volumes: a copy of the project "
    "and a volume backup both miss it, and on a new host the path is missing or holds something else.",
    "Move the data to a named volume and back that up, or document and back up the host path; mount host "
    "files that are not data read-only."};

constexpr results::Rule k_escapes{
    "bind-mount-escapes-project",
    "BindMountEscapesProject",
    "data",
    results::Severity::Warning,
    "A relative bind mount resolves outside the project directory.",
    "A path such as `../shared` belongs to no project: copying or checking out the project on a new host "
    "does not bring it, so the restored service mounts a missing or different directory.",
    "Keep bind-mounted files inside the project directory, or use a named volume for data."};

constexpr results::Rule k_creates_host_path{
    "bind-creates-host-path",
    "BindCreatesHostPath",
    "data",
    results::Severity::Warning,
    "A short-syntax bind mount names a host path that does not exist, so Docker creates it empty.",
    "Short syntax binds have `create_host_path: true`: when the path is missing, Docker silently creates "
    "an empty directory, and a restore that forgot the data starts empty instead of failing.",
    "Create or restore the path, or write the mount in long syntax (`type: bind`), which refuses to start "
    "when the source is missing."};

constexpr results::Rule k_external_volume{
    "external-volume",
    "ExternalVolume",
    "data",
    results::Severity::Warning,
    "A volume is declared `external: true`.",
    "Compose never creates an external volume: on a new host the stack does not start until someone "
    "recreates it by hand and restores its data from wherever it is backed up.",
    "Let compose manage the volume (drop `external`), or script its creation and restore next to the "
    "stack and suppress this finding with that reason."};

// Engine sockets are the isolation rules' concern, not data.
constexpr std::array<std::string_view, 3> k_sockets = {"docker.sock", "podman.sock", "containerd.sock"};

// Kernel interfaces, kernel headers and time settings every host provides: not data.
constexpr std::array<std::string_view, 9> k_host_interfaces = {
    "/proc",     "/sys",           "/dev",          "/lib/modules",       "/usr/src",
    "/run/udev", "/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo"};

// Host configuration a service may read: harmless when mounted read-only.
constexpr std::array<std::string_view, 10> k_host_read_only = {
    "/etc/ssl/certs",  "/etc/ca-certificates", "/usr/share/ca-certificates",
    "/etc/machine-id", "/etc/os-release",      "/etc/hostname",
    "/etc/hosts",      "/etc/resolv.conf",     "/etc/passwd",
    "/etc/group"};

bool under_any(std::string_view path, std::span<const std::string_view> roots) {
    return std::any_of(roots.begin(), roots.end(),
                       [&](std::string_view root) { return compose::is_within(path, root); });
}

bool is_host_plumbing(const compose::Mount& bind) {
    std::string_view source = bind.source;
    if (std::any_of(k_sockets.begin(), k_sockets.end(), [&](auto s) { return source.ends_with(s); }))
        return true;
    return under_any(source, k_host_interfaces) || (bind.read_only && under_any(source, k_host_read_only));
}

// Each bind mount of each service, with the service it belongs to.
template <typename Visit>
void for_each_bind(RuleContext& context, Visit visit) {
    for (const compose::Entry& service : context.services())
        for (const compose::Mount& mount : compose::service_mounts(service))
            if (mount.type == compose::MountType::Bind && !mount.source.empty()) visit(service, mount);
}

void report_mount(RuleContext& context, const results::Rule& rule, results::Severity severity,
                  const compose::Entry& service, const compose::Mount& mount, std::string message) {
    context.report(rule, severity, service.key, mount.yaml_path, mount.node->loc, std::move(message));
}

void check_host_bind(RuleContext& context) {
    for_each_bind(context, [&](const compose::Entry& service, const compose::Mount& bind) {
        if (compose::bind_origin(bind, context.project()) != compose::BindOrigin::Host ||
            is_host_plumbing(bind))
            return;
        if (util::file_exists(bind.source))
            return report_mount(
                context, k_host_bind, results::Severity::Warning, service, bind,
                fmt::format("service '{}' bind-mounts host path {} at {}: it lives outside the "
                            "project and needs its own backup and restore",
                            service.key, bind.source, bind.target));
        report_mount(context, k_host_bind, results::Severity::Error, service, bind,
                     fmt::format("service '{}' bind-mounts host path {} at {}, which does not exist on this "
                                 "host: {}",
                                 service.key, bind.source, bind.target,
                                 bind.create_host_path
                                     ? "Docker creates it empty and the service starts with no data"
                                     : "the service cannot start"));
    });
}

void check_escapes(RuleContext& context) {
    for_each_bind(context, [&](const compose::Entry& service, const compose::Mount& bind) {
        if (compose::bind_origin(bind, context.project()) != compose::BindOrigin::Escapes) return;
        report_mount(
            context, k_escapes, results::Severity::Warning, service, bind,
            fmt::format("service '{}' bind-mounts {} at {}, outside the project directory {}: a copy "
                        "of the project does not carry it",
                        service.key, bind.source, bind.target, context.project().working_dir));
    });
}

void check_creates_host_path(RuleContext& context) {
    for_each_bind(context, [&](const compose::Entry& service, const compose::Mount& bind) {
        // A missing absolute host path is host-bind-mount's error already.
        if (!bind.create_host_path || util::file_exists(bind.source)) return;
        if (compose::bind_origin(bind, context.project()) == compose::BindOrigin::Host) return;
        report_mount(context, k_creates_host_path, results::Severity::Warning, service, bind,
                     fmt::format("service '{}' bind-mounts {} at {}, which does not exist: Docker will "
                                 "silently create it as an empty directory",
                                 service.key, compose::display_path(bind.source, context.project()),
                                 bind.target));
    });
}

void check_external_volume(RuleContext& context) {
    const compose::Node* volumes = context.section("volumes");
    if (!volumes || !volumes->is_mapping()) return;
    for (const compose::Entry& volume : volumes->entries) {
        const compose::Entry* external = volume.value.find_entry("external");
        if (!external || external->value.text != "true") continue;
        const compose::Node* name = volume.value.find("name");
        context.report(
            k_external_volume, "", fmt::format("volumes.{}.external", volume.key), external->key_loc,
            fmt::format("volume '{}' is external (Docker volume '{}'): compose never creates it, so "
                        "a new host needs it recreated and restored by hand",
                        volume.key, name ? name->text : volume.key));
    }
}

const std::array<RuleCheck, 4> k_checks = {{
    {k_host_bind, check_host_bind},
    {k_escapes, check_escapes},
    {k_creates_host_path, check_creates_host_path},
    {k_external_volume, check_external_volume},
}};

} // namespace

std::span<const RuleCheck> data_rules() {
    static const std::vector<RuleCheck> checks = [] {
        std::vector<RuleCheck> all(k_checks.begin(), k_checks.end());
        for (const RuleCheck& check : data_state_rules())
            all.push_back(check);
        return all;
    }();
    return checks;
}

} // namespace rehearsa::preflight
