#pragma once
// Everything a run needs before the first service boots: its images (by the pull policy), its
// networks and volumes, and the copies that fill volumes from host paths (--binds copy).
#include "docker/engine.hpp"
#include "sandbox/progress_log.hpp"
#include "sandbox/run.hpp"
#include "sandbox/tracker.hpp"

#include <optional>
#include <vector>

namespace rehearsa::sandbox {

// A service whose image or copy fails is settled Failed, and the run goes on: its dependents are
// blocked. A network or volume that cannot be created is a problem for the whole run. Stops early,
// with no problem, when the run is cancelled.
std::optional<results::RunProblem> prepare(const plan::Plan& plan, docker::Engine& engine,
                                           const RunOptions& options, std::vector<Tracker>& trackers,
                                           const ProgressLog& progress);

// The repo digest of `info` for the repository `image` names ("postgres@sha256:..."), else the
// first one; nullopt for an image that was never pushed or pulled.
std::optional<std::string> repo_digest(const docker::ImageInfo& info, std::string_view image);

} // namespace rehearsa::sandbox
