// Data: where each service keeps its state. Data on an anonymous volume, on tmpfs, or in the
// container itself cannot be backed up by name, so no restore brings it back.
#include "compose/mounts.hpp"
#include "preflight/rules_data.hpp"
#include "preflight/stateful_images.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_anonymous{
    "anonymous-volume-data",
    "AnonymousVolumeData",
    "data",
    results::Severity::Warning,
    "A data directory is mounted on an anonymous volume.",
    "An anonymous volume has a random name: no backup job can name it, `docker compose down -v` deletes it, "
    "and a restore on a new host cannot put the data back into it.",
    "Give the volume a name (`pgdata:/var/lib/postgresql/data` with `volumes: {pgdata: {}}`) and back that "
    "volume up."};

constexpr results::Rule k_tmpfs{
    "tmpfs-data",
    "TmpfsData",
    "data",
    results::Severity::Warning,
    "A data directory is mounted on tmpfs.",
    "A tmpfs mount lives in memory: whatever the service writes there is gone on every restart, and there "
    "is nothing to back up or restore.",
    "compose::Mount a named volume on the data directory instead; keep tmpfs for caches and scratch space."};

constexpr results::Rule k_stateful{
    "stateful-image-without-volume",
    "StatefulImageWithoutVolume",
    "data",
    results::Severity::Error,
    "A well-known stateful image runs with no volume or bind mount on its data directory.",
    "The data stays in the container's writable layer (or an anonymous volume the image declares): "
    "recreating the container loses it, no backup names it, and a restore has nowhere to put it back.",
    "compose::Mount a named volume on the image's data directory, e.g. `pgdata:/var/lib/postgresql/data`, "
    "and back "
    "that volume up."};

// Each mount of each service whose type is `type` and whose target holds data.
template <typename Visit>
void for_each_data_mount(RuleContext& context, compose::MountType type, Visit visit) {
    for (const compose::Entry& service : context.services()) {
        std::optional<DataDirs> dirs = image_data_dirs(service.value);
        for (const compose::Mount& mount : compose::service_mounts(service))
            if (mount.type == type && holds_data(mount.target, dirs)) visit(service, mount);
    }
}

void check_anonymous(RuleContext& context) {
    for_each_data_mount(
        context, compose::MountType::Volume, [&](const compose::Entry& service, const compose::Mount& mount) {
            if (!mount.source.empty()) return;
            context.report(
                k_anonymous, service.key, mount.yaml_path, mount.node->loc,
                fmt::format("service '{}' keeps {} on an anonymous volume: no backup can name it and a "
                            "restore cannot put it back",
                            service.key, mount.target));
        });
}

void check_tmpfs(RuleContext& context) {
    for_each_data_mount(
        context, compose::MountType::Tmpfs, [&](const compose::Entry& service, const compose::Mount& mount) {
            context.report(
                k_tmpfs, service.key, mount.yaml_path, mount.node->loc,
                fmt::format("service '{}' mounts tmpfs on {}: what it writes there is lost on every "
                            "restart and cannot be backed up",
                            service.key, mount.target));
        });
}

// Any mount over one of the directories keeps the data out of the container; anonymous and tmpfs
// mounts count here because anonymous-volume-data and tmpfs-data report them.
bool kept(const DataDirs& dirs, const std::vector<compose::Mount>& mounts) {
    return std::any_of(mounts.begin(), mounts.end(), [&](const compose::Mount& mount) {
        return std::any_of(dirs.dirs.begin(), dirs.dirs.end(),
                           [&](const std::string& dir) { return covers(mount.target, dir); });
    });
}

void check_stateful(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        std::optional<DataDirs> dirs = image_data_dirs(service.value);
        // volumes_from shares another container's mounts, which this service cannot see.
        if (!dirs || service.value.find("volumes_from") || kept(*dirs, compose::service_mounts(service)))
            continue;
        const compose::Node* image = service.value.find("image");
        context.report(k_stateful, service.key, compose::service_path(service.key) + ".image", image->loc,
                       fmt::format("service '{}' runs {}, which keeps its data in {}, but no volume or bind "
                                   "mount holds it: the data is lost when the container is recreated",
                                   service.key, dirs->product, fmt::join(dirs->dirs, " or ")));
    }
}

const std::array<RuleCheck, 3> k_checks = {{
    {k_anonymous, check_anonymous},
    {k_tmpfs, check_tmpfs},
    {k_stateful, check_stateful},
}};

} // namespace

std::span<const RuleCheck> data_state_rules() {
    return k_checks;
}

} // namespace rehearsa::preflight
