#pragma once
// Who owns sandbox resources: a run id for names and labels, and the owner (host, pid, process
// start time) that lets a later run or `rehearsa sweep` tell a dead run's orphans from a live
// concurrent run's resources. A pid alone is not enough: pids are reused.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::plan {

struct Owner {
    std::string host;
    long pid = 0;
    std::uint64_t start_time = 0; // /proc/<pid>/stat field 22, clock ticks since boot

    std::string to_label() const; // "host:pid:start"
    static std::optional<Owner> from_label(std::string_view label);
    bool operator==(const Owner&) const = default;
};

struct Identity {
    std::string run_id; // 12 lowercase hex characters, random
    Owner owner;
};

// This process: a fresh random run id, this host, pid and start time.
Identity current_identity();

// The start time of a process, nullopt when it does not exist (or /proc cannot say).
std::optional<std::uint64_t> process_start_time(long pid);

// Whether the owner's process is still running: same host, pid alive with the same start time.
// Resources of another host are assumed alive: rehearsa cannot see that host's processes.
bool owner_alive(const Owner& owner);

} // namespace rehearsa::plan
