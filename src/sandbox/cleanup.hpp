#pragma once
// Removal of sandbox resources, by label only: containers (with their anonymous volumes), then
// networks, then volumes. Nothing without rehearsa's labels is ever listed, let alone removed.
#include "docker/engine.hpp"
#include "results/run.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace rehearsa::sandbox {

// The removal of one run's resources. A run removes each service's container as soon as its report
// is collected (remove_container, from several threads at once), so tearing one down overlaps
// reading the next; finish() then removes whatever else carries the run's label.
class Cleanup {
public:
    Cleanup(docker::Engine& engine, std::string run_id);

    // One container the run created: killed, so that it can still be read before it is removed.
    // A container that is not running (Conflict) or gone is fine. Thread-safe.
    void stop_container(const std::string& id);
    // One container the run created (force, with its anonymous volumes). Thread-safe.
    void remove_container(const std::string& id, const std::string& name);

    // Everything still labelled with the run id: containers, then networks, then volumes.
    results::CleanupReport finish();

private:
    using Remove = docker::EngineResult<void> (docker::Engine::*)(const std::string&);
    // True when it is gone (removed now, or already).
    bool remove(std::string_view kind, const docker::ResourceSummary& resource, Remove how, int& count);
    void containers();
    void networks();
    void volumes();
    std::vector<docker::ResourceSummary>
    list(std::string_view kind, const docker::EngineResult<std::vector<docker::ResourceSummary>>& listed);
    void drop_last_leftover(const docker::ResourceSummary& volume);
    docker::LabelFilter label() const;

    docker::Engine& m_engine;
    std::string m_run_id;
    results::CleanupReport m_report;
    std::vector<std::string> m_in_flight; // containers whose removal the daemon was already doing
    std::mutex m_mutex;                   // guards m_report and m_in_flight while removals run together
};

// Everything labelled with this run id.
results::CleanupReport remove_run(docker::Engine& engine, const std::string& run_id);

struct SweepReport {
    std::vector<std::string> runs_removed; // run ids whose owner was dead
    std::vector<std::string> runs_alive;   // run ids left alone: their owner is still running
    // Resources left alone because no owner can be read from them (the io.rehearsa.owner label is
    // missing or malformed), and the runs they belong to: "volume x: no readable io.rehearsa.owner label".
    std::vector<std::string> left_alone;
    results::CleanupReport removed;
};

enum class SweepMode { Remove, DryRun };

// Every run whose owner process is gone (plan::owner_alive); never a live run's resources.
// DryRun lists what Remove would remove (counted in `removed`) and removes nothing.
SweepReport sweep(docker::Engine& engine, SweepMode mode = SweepMode::Remove);

} // namespace rehearsa::sandbox
