// Volumes and binds. Named volumes become fresh sandbox volumes (never the live `<project>_<name>`
// nor an external one); host binds follow --binds and are never writable; a mount that hands the
// service the engine socket is dropped whatever the policy.
#include "compose/mounts.hpp"
#include "plan/builder.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <sys/stat.h>

namespace rehearsa::plan {

namespace {

struct MountContext {
    Builder& builder;
    const compose::Entry& service;
    ServicePlan& out;
    int anonymous = 0; // numbers `<service>-anon-<n>`
    int binds = 0;     // numbers `<service>-bind-<n>`
};

docker::Access access_of(const compose::Mount& mount) {
    return mount.read_only ? docker::Access::ReadOnly : docker::Access::ReadWrite;
}

docker::VolumeSpec& volume_for(Builder& builder, std::string_view key) {
    std::string name = builder.name(key);
    auto& volumes = builder.plan.volumes;
    auto it = std::ranges::find(volumes, name, &docker::VolumeSpec::name);
    if (it != volumes.end()) return *it;
    return volumes.emplace_back(docker::VolumeSpec{std::move(name), builder.labels(nullptr)});
}

void report(MountContext& context, const compose::Mount& mount, std::string rule_id, std::string message) {
    context.builder.adjust(context.service.key, mount.yaml_path, mount.node->loc, std::move(rule_id),
                           std::move(message));
}

void volume_mount(MountContext& context, const compose::Mount& mount) {
    std::string key = mount.source.empty()
                          ? fmt::format("{}-anon-{}", context.service.key, ++context.anonymous)
                          : mount.source;
    const compose::Node* options = mount.node->find("volume");
    auto seed = options && is_true(options->find("nocopy")) ? docker::VolumeSeed::NoCopy
                                                            : docker::VolumeSeed::CopyImageFiles;
    context.out.container.mounts.push_back({docker::MountType::Volume, volume_for(context.builder, key).name,
                                            mount.target, access_of(mount), seed});
}

// A fresh volume in place of a bind: it starts empty, as a bind hides the image's files there.
std::string bind_volume(MountContext& context, const compose::Mount& mount) {
    std::string name =
        volume_for(context.builder, fmt::format("{}-bind-{}", context.service.key, ++context.binds)).name;
    context.out.container.mounts.push_back(
        {docker::MountType::Volume, name, mount.target, access_of(mount), docker::VolumeSeed::NoCopy});
    return name;
}

void read_only_bind(MountContext& context, const compose::Mount& mount) {
    context.out.container.mounts.push_back(
        {docker::MountType::Bind, mount.source, mount.target, docker::Access::ReadOnly});
}

void copy_bind(MountContext& context, const compose::Mount& mount) {
    std::string volume = bind_volume(context, mount);
    context.builder.plan.copies.push_back(
        CopyStep{context.service.key, context.out.image, mount.source, volume});
}

struct BindCase {
    BindPolicy policy;
    SourceKind kind;
    std::string shown; // ./data or /srv/data
    std::string rule;  // host-bind-mount outside the project directory
};

void apply_policy(MountContext& context, const compose::Mount& mount, const BindCase& bind) {
    const std::string& shown = bind.shown;
    if (bind.policy == BindPolicy::Skip)
        return report(context, mount, bind.rule, fmt::format("bind {} not mounted (--binds skip)", shown));
    if (bind.kind == SourceKind::Missing) {
        std::string volume = bind_volume(context, mount);
        return report(context, mount, bind.rule,
                      fmt::format("bind source {} does not exist: an empty sandbox volume {} stands in (the "
                                  "sandbox creates nothing on the host)",
                                  shown, volume));
    }
    bool directory = bind.kind == SourceKind::Directory;
    switch (bind.policy) {
    case BindPolicy::ReadOnly:
        read_only_bind(context, mount);
        if (!mount.read_only)
            report(context, mount, bind.rule, fmt::format("bind {} mounted read-only in the sandbox", shown));
        return;
    case BindPolicy::Copy:
        if (directory) {
            copy_bind(context, mount);
            return report(context, mount, bind.rule,
                          fmt::format("bind {} copied into sandbox volume {}", shown,
                                      context.builder.plan.copies.back().volume));
        }
        read_only_bind(context, mount);
        return report(context, mount, bind.rule,
                      fmt::format("bind {} is a single file: mounted read-only instead of copied", shown));
    case BindPolicy::Empty:
        if (directory)
            return report(context, mount, bind.rule,
                          fmt::format("bind {} replaced by an empty sandbox volume {}", shown,
                                      bind_volume(context, mount)));
        return report(context, mount, bind.rule,
                      fmt::format("bind {} is a single file: not mounted (--binds empty)", shown));
    case BindPolicy::Skip:
        return;
    }
}

void bind_mount(MountContext& context, const compose::Mount& mount) {
    const compose::Project& project = context.builder.project;
    if (compose::is_engine_socket(mount.source) || compose::holds_engine_socket(mount.source))
        return report(
            context, mount, "docker-socket-mount",
            fmt::format("bind of {} dropped: it would hand the service the container engine", mount.source));
    bool inside = compose::is_within(mount.source, project.working_dir);
    BindCase bind{context.builder.options.binds.value_or(inside ? BindPolicy::ReadOnly : BindPolicy::Empty),
                  source_kind(mount.source), compose::display_path(mount.source, project),
                  inside ? "" : "host-bind-mount"};
    if (bind.kind == SourceKind::Special)
        return report(
            context, mount, bind.rule,
            fmt::format("bind {} is a socket or device: never passed into the sandbox", bind.shown));
    apply_policy(context, mount, bind);
}

// `volumes_from: [svc, svc:ro]`: the other service's sandbox volumes and binds; a live container's
// (`container:name`) stay out.
void volumes_from(MountContext& context) {
    const compose::Node* from = context.service.value.find("volumes_from");
    if (!from) return;
    for (std::size_t i = 0; i < from->items.size(); ++i) {
        const std::string& text = from->items[i].text;
        std::string path = fmt::format("services.{}.volumes_from[{}]", context.service.key, i);
        if (text.starts_with("container:")) {
            context.builder.adjust(
                context.service.key, path, from->items[i].loc, "",
                fmt::format("volumes_from {} not mounted: a live container's volumes stay out of "
                            "the sandbox",
                            text));
            continue;
        }
        const ServicePlan* source = context.builder.plan.find(text.substr(0, text.find(':')));
        if (!source) continue;
        for (docker::MountSpec mount : source->container.mounts) {
            if (mount.type == docker::MountType::Tmpfs) continue;
            if (text.ends_with(":ro")) mount.access = docker::Access::ReadOnly;
            context.out.container.mounts.push_back(std::move(mount));
        }
    }
}

void mount(MountContext& context, const compose::Mount& mount) {
    switch (mount.type) {
    case compose::MountType::Volume:
        return volume_mount(context, mount);
    case compose::MountType::Bind:
        return bind_mount(context, mount);
    case compose::MountType::Tmpfs:
        context.out.container.mounts.push_back({docker::MountType::Tmpfs, "", mount.target});
        return;
    case compose::MountType::Other:
        return report(
            context, mount, "",
            fmt::format("mount of type '{}' not reproduced in the sandbox", text_at(*mount.node, "type")));
    }
}

} // namespace

SourceKind source_kind(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return SourceKind::Missing;
    if (S_ISDIR(info.st_mode)) return SourceKind::Directory;
    return S_ISREG(info.st_mode) ? SourceKind::File : SourceKind::Special;
}

void plan_volumes(Builder& builder) {
    const compose::Node* volumes = builder.section("volumes");
    if (!volumes) return;
    for (const compose::Entry& volume : volumes->entries) {
        volume_for(builder, volume.key).labels = builder.labels(volume.value.find("labels"));
        std::string path = fmt::format("volumes.{}", volume.key);
        if (is_true(volume.value.find("external")))
            builder.adjust(
                "", path + ".external", volume.key_loc, "external-volume",
                fmt::format("external volume '{}' not mounted: the empty sandbox volume {} stands in",
                            text_at(volume.value, "name"), builder.name(volume.key)));
        if (std::string driver = text_at(volume.value, "driver"); !driver.empty() && driver != "local")
            builder.adjust("", path + ".driver", volume.value.find("driver")->loc, "",
                           fmt::format("volume driver '{}' replaced by a local sandbox volume", driver));
        // `driver_opts: {type: none, o: bind, device: /srv/data}` would mount live host data.
        if (const compose::Node* options = volume.value.find("driver_opts"))
            builder.adjust("", path + ".driver_opts", options->loc, "",
                           "volume driver_opts dropped: the sandbox volume is a plain local volume");
    }
}

void plan_mounts(Builder& builder, const compose::Entry& service, ServicePlan& out) {
    MountContext context{builder, service, out};
    for (const compose::Mount& each : compose::service_mounts(service))
        mount(context, each);
    volumes_from(context);
}

} // namespace rehearsa::plan
