#pragma once
// Plain data that goes to the engine (create specs) and comes back from it (inspect results,
// events), shaped after the Engine API but in rehearsa's terms: durations as std::chrono,
// "not set" as std::optional, enums for the few choices the sandbox makes.
#include "util/duration.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rehearsa::docker {

// Labels, sysctls, options: string maps as the Engine API writes them.
using Labels = std::map<std::string, std::string>;

// Healthcheck.Test: [] inherits the image's, ["NONE"] disables, ["CMD", ...] or ["CMD-SHELL", s].
// A zero duration or retry count means "inherit" (the daemon's defaults: 30 s, 30 s, 3, 5 s).
struct HealthcheckSpec {
    std::vector<std::string> test;
    util::Nanoseconds interval{0};
    util::Nanoseconds timeout{0};
    util::Nanoseconds start_period{0};
    util::Nanoseconds start_interval{0}; // sent only from API 1.44
    int retries = 0;

    bool operator==(const HealthcheckSpec&) const = default;
};

enum class MountType { Volume, Bind, Tmpfs };
enum class Access { ReadWrite, ReadOnly };
// NoCopy: an empty volume is not seeded with the image's files at the mount point.
enum class VolumeSeed { CopyImageFiles, NoCopy };

struct MountSpec {
    MountType type = MountType::Volume;
    std::string source; // volume name or host path; empty for tmpfs
    std::string target;
    Access access = Access::ReadWrite;
    VolumeSeed seed = VolumeSeed::CopyImageFiles;
};

// Membership of one network, with the names the container answers to there.
struct NetworkAttachment {
    std::string network;
    std::vector<std::string> aliases;
};

struct Ulimit {
    std::string name; // nofile, nproc, ...
    std::int64_t soft = 0, hard = 0;

    bool operator==(const Ulimit&) const = default;
};

// How the process runs, beyond what it runs: privileges, resources, kernel settings, name
// resolution. Empty, zero or false leaves the daemon's default.
struct RuntimeSpec {
    std::vector<std::string> cap_add, cap_drop, security_opt, group_add;
    std::vector<std::string> dns, dns_search, dns_options;
    std::vector<std::string> extra_hosts; // "name:address"
    Labels sysctls;
    std::vector<Ulimit> ulimits;
    std::int64_t shm_size = 0, memory = 0, memory_swap = 0, memory_reservation = 0; // bytes
    std::int64_t nano_cpus = 0, cpu_shares = 0, pids_limit = 0;
    std::optional<int> oom_score_adj;
    bool init = false, read_only = false, open_stdin = false;
    std::string ipc_mode, stop_signal, domainname;
};

struct ContainerSpec {
    std::string name; // ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$
    std::string image;
    std::vector<std::string> env;                       // "K=V"
    std::optional<std::vector<std::string>> cmd;        // nullopt: the image's
    std::optional<std::vector<std::string>> entrypoint; // nullopt: the image's; [] clears it
    std::optional<std::string> user;
    std::optional<std::string> working_dir;
    std::optional<std::string> hostname;
    Labels labels;
    std::optional<HealthcheckSpec> healthcheck; // nullopt: the image's
    // "none", "bridge"... When empty, the first attachment's network (or the daemon's default).
    std::string network_mode;
    std::vector<MountSpec> mounts;
    // The first is joined at create; the others too from API 1.44, else connected before start.
    std::vector<NetworkAttachment> networks;
    RuntimeSpec runtime;
    // Always RestartPolicy "no", Tty false and the json-file log driver: crash loops must show, logs
    // stay demultiplexable, and none are shipped to the live stack's log collector.
};

enum class NetworkScope { Internal, External };

struct NetworkSpec {
    std::string name;
    Labels labels;
    NetworkScope scope = NetworkScope::Internal;
    std::string driver = "bridge";
};

struct VolumeSpec {
    std::string name;
    Labels labels;
    std::string driver = "local";
};

struct ExecSpec {
    std::vector<std::string> cmd;
    std::vector<std::string> env;
    std::string user;
    std::string working_dir;
};

// ---- replies

struct HealthLogEntry {
    int exit_code = 0;
    std::string output; // the daemon keeps at most 4096 bytes
    std::string start, end;
};

struct HealthState {
    std::string status; // starting, healthy, unhealthy
    int failing_streak = 0;
    std::vector<HealthLogEntry> log; // the last five at most
};

struct ContainerState {
    std::string status; // created, running, restarting, exited, paused, dead
    bool running = false;
    bool oom_killed = false;
    int exit_code = 0;
    std::string error;
    std::string started_at, finished_at;
    std::optional<HealthState> health; // absent without a healthcheck
};

struct ContainerInfo {
    std::string id, name, image, image_id;
    ContainerState state;
    int restart_count = 0;
    Labels labels;
    std::optional<HealthcheckSpec> healthcheck;
    bool tty = false;
    std::vector<std::string> networks; // the names of the networks it is attached to
};

struct ImageInfo {
    std::string id;
    std::vector<std::string> repo_tags, repo_digests;
    std::vector<std::string> env;
    std::optional<std::vector<std::string>> cmd, entrypoint;
    std::optional<HealthcheckSpec> healthcheck;
    std::vector<std::string> exposed_ports, volumes;
    std::string user;
};

// One row of a list call (containers, networks or volumes).
struct ResourceSummary {
    std::string id;   // the name for volumes, which have no id
    std::string name; // without the leading '/'
    Labels labels;
    std::string state; // containers only
};

struct WaitResult {
    std::int64_t status_code = 0;
    std::string error;
};

struct ExecResult {
    int exit_code = 0;
    std::string out, err;
};

// Demultiplexed output: each stream, and both interleaved in arrival order.
struct Output {
    std::string out, err, combined;
};

// One event, normalized over Docker's and Podman's forms.
struct Event {
    std::string type;             // container, network, volume, image
    std::string action;           // create, start, die, health_status... ("health_status: x" split off)
    std::string id;               // Actor.ID
    Labels attributes;            // container labels plus name, image...
    std::string health_status;    // healthy / unhealthy (/ starting on Podman) for health_status
    std::optional<int> exit_code; // for die
    std::int64_t time_nano = 0;
};

// One line of pull progress; `error` set when the pull failed (still within a 200 reply).
struct PullProgress {
    std::string status, id, progress;
    std::optional<std::string> error;
};

} // namespace rehearsa::docker
