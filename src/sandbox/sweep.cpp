// sweep: the runs whose owner process is gone, found by label and removed by label. A run is
// removed only when every one of its resources names an owner and none of them is alive.
#include "plan/plan.hpp"
#include "sandbox/cleanup.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace rehearsa::sandbox {

namespace {

struct RunOwners {
    std::vector<plan::Owner> owners;
    bool unreadable = false;      // some resource of the run names no owner rehearsa can check
    results::CleanupReport found; // what it holds: what a dry run reports as removable
};

void count(results::CleanupReport& found, std::string_view kind) {
    if (kind == "container")
        ++found.containers;
    else if (kind == "network")
        ++found.networks;
    else
        ++found.volumes;
}

using Runs = std::map<std::string, RunOwners>;

std::string label_of(const docker::Labels& labels, const char* key) {
    auto it = labels.find(key);
    return it == labels.end() ? std::string() : it->second;
}

void collect(std::string_view kind, const docker::EngineResult<std::vector<docker::ResourceSummary>>& listed,
             Runs& runs, SweepReport& report) {
    if (!listed) {
        report.removed.leftovers.push_back(
            fmt::format("{}: could not list them: {}", kind, listed.error().message));
        return;
    }
    for (const docker::ResourceSummary& resource : *listed) {
        const std::string run = label_of(resource.labels, plan::k_label_run);
        const std::string name = resource.name.empty() ? resource.id : resource.name;
        auto owner = plan::Owner::from_label(label_of(resource.labels, plan::k_label_owner));
        if (run.empty() || !owner) {
            report.left_alone.push_back(fmt::format("{} {}: no readable {} label", kind, name,
                                                    run.empty() ? plan::k_label_run : plan::k_label_owner));
            if (!run.empty()) runs[run].unreadable = true;
            continue;
        }
        runs[run].owners.push_back(std::move(*owner));
        count(runs[run].found, kind);
    }
}

void merge(results::CleanupReport& into, results::CleanupReport from) {
    into.containers += from.containers;
    into.networks += from.networks;
    into.volumes += from.volumes;
    for (std::string& leftover : from.leftovers)
        into.leftovers.push_back(std::move(leftover));
}

} // namespace

SweepReport sweep(docker::Engine& engine, SweepMode mode) {
    SweepReport report;
    Runs runs;
    const docker::LabelFilter any_run{plan::k_label_run};
    collect("container", engine.list_containers(any_run), runs, report);
    collect("network", engine.list_networks(any_run), runs, report);
    collect("volume", engine.list_volumes(any_run), runs, report);
    for (const auto& [run, owners] : runs) {
        if (owners.unreadable) {
            report.left_alone.push_back(fmt::format("run {}: some of its resources name no owner", run));
        } else if (std::ranges::any_of(owners.owners,
                                       [](const plan::Owner& o) { return plan::owner_alive(o); })) {
            report.runs_alive.push_back(run);
        } else {
            merge(report.removed, mode == SweepMode::DryRun ? owners.found : remove_run(engine, run));
            report.runs_removed.push_back(run);
        }
    }
    return report;
}

} // namespace rehearsa::sandbox
