#pragma once
// Removal of sandbox resources, by label only: containers (with their anonymous volumes), then
// networks, then volumes. Nothing without rehearsa's labels is ever listed, let alone removed.
#include "docker/engine.hpp"
#include "sandbox/result.hpp"

namespace rehearsa::sandbox {

// Everything labelled with this run id.
CleanupReport remove_run(docker::Engine& engine, const std::string& run_id);

struct SweepReport {
    std::vector<std::string> runs_removed; // run ids whose owner was dead
    std::vector<std::string> runs_alive;   // run ids left alone: their owner is still running
    // Resources left alone because no owner can be read from them (the io.rehearsa.owner label is
    // missing or malformed), and the runs they belong to: "volume x: no readable io.rehearsa.owner label".
    std::vector<std::string> left_alone;
    CleanupReport removed;
};

enum class SweepMode { Remove, DryRun };

// Every run whose owner process is gone (plan::owner_alive); never a live run's resources.
// DryRun lists what Remove would remove (counted in `removed`) and removes nothing.
SweepReport sweep(docker::Engine& engine, SweepMode mode = SweepMode::Remove);

} // namespace rehearsa::sandbox
