// Images, networks, volumes and volume copies, before the boot.
#include "sandbox/prepare.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::sandbox {

namespace {

// Where a copy helper sees the host path and the sandbox volume.
constexpr const char* k_copy_source = "/rehearsa/src";
constexpr const char* k_copy_target = "/rehearsa/dst";

void fail_image(std::vector<Tracker>& trackers, const std::string& image, const std::string& why,
                const ProgressLog& progress) {
    for (Tracker& tracker : trackers) {
        if (tracker.result.image != image || tracker.settled) continue;
        never_started(tracker, results::ServiceState::Failed, fmt::format("{}: {}", tracker.name(), why));
        progress(results::Phase::Fail, tracker.name(), tracker.result.cause);
    }
}

void record_image(std::vector<Tracker>& trackers, const std::string& image, const docker::ImageInfo& info) {
    for (Tracker& tracker : trackers) {
        if (tracker.result.image != image) continue;
        tracker.result.image_id = info.id;
        tracker.result.digest = repo_digest(info, image);
    }
}

// The daemon's message, naming the image when it does not already.
std::string pull_failure(const std::string& image, const docker::EngineError& error) {
    if (error.message.find(image) != std::string::npos) return error.message;
    return fmt::format("pulling {}: {}", image, error.message);
}

docker::EngineResult<docker::ImageInfo> pull(docker::Engine& engine, const std::string& image,
                                             const RunOptions& options, const ProgressLog& progress) {
    progress(results::Phase::Pull, {}, fmt::format("pulling {}", image));
    // Per-layer lines are noise in a CI log; the summary lines ("Digest: ...", "Status: ...") are not.
    auto pulled = engine.pull_image(
        image,
        [&](const docker::PullProgress& line) {
            if (line.id.empty() && !line.status.empty()) progress(results::Phase::Pull, {}, line.status);
        },
        options.cancel);
    if (!pulled) return std::unexpected(pulled.error());
    return engine.inspect_image(image);
}

// One image: inspect, pull by policy, record its id and digest or fail its services.
void prepare_image(docker::Engine& engine, const std::string& image, const RunOptions& options,
                   std::vector<Tracker>& trackers, const ProgressLog& progress) {
    auto info = engine.inspect_image(image);
    const bool missing = !info && info.error().kind == docker::EngineErrorKind::NotFound;
    if (!info && !missing) return fail_image(trackers, image, info.error().message, progress);
    if (missing && options.pull == PullPolicy::Never)
        return fail_image(trackers, image,
                          fmt::format("image {} is not present and --pull never forbids pulling", image),
                          progress);
    if (missing || options.pull == PullPolicy::Always) {
        info = pull(engine, image, options, progress);
        if (!info && info.error().kind == docker::EngineErrorKind::Cancelled) return;
        if (!info) return fail_image(trackers, image, pull_failure(image, info.error()), progress);
    }
    record_image(trackers, image, *info);
}

void prepare_images(docker::Engine& engine, const RunOptions& options, std::vector<Tracker>& trackers,
                    const ProgressLog& progress) {
    std::vector<std::string> done;
    for (const Tracker& tracker : trackers) {
        const std::string& image = tracker.result.image;
        if (options.cancel.cancelled()) return;
        if (std::ranges::find(done, image) != done.end()) continue;
        done.push_back(image);
        prepare_image(engine, image, options, trackers, progress);
    }
}

std::optional<results::RunProblem> create_resources(const plan::Plan& plan, docker::Engine& engine,
                                                    const ProgressLog& progress) {
    for (const docker::NetworkSpec& network : plan.networks) {
        progress(results::Phase::Prepare, {}, fmt::format("creating network {}", network.name));
        if (auto created = engine.create_network(network); !created)
            return results::RunProblem{created.error().message};
    }
    for (const docker::VolumeSpec& volume : plan.volumes) {
        progress(results::Phase::Prepare, {}, fmt::format("creating volume {}", volume.name));
        if (auto created = engine.create_volume(volume); !created)
            return results::RunProblem{created.error().message};
    }
    return std::nullopt;
}

docker::ContainerSpec copy_helper(const plan::Plan& plan, const plan::CopyStep& step, std::size_t index) {
    docker::ContainerSpec spec;
    spec.name = fmt::format("rehearsa-{}-copy{}-{}", plan.identity.run_id, index, step.service);
    spec.image = step.image;
    spec.labels = plan.labels;
    spec.labels[plan::k_label_service] = step.service;
    spec.entrypoint = std::vector<std::string>{"cp", "-a", std::string(k_copy_source) + "/.",
                                               std::string(k_copy_target) + "/"};
    spec.cmd = std::vector<std::string>{}; // the image's CMD would become extra arguments to cp
    spec.network_mode = "none";
    spec.mounts = {
        {docker::MountType::Bind, step.source, k_copy_source, docker::Access::ReadOnly},
        {docker::MountType::Volume, step.volume, k_copy_target, docker::Access::ReadWrite,
         docker::VolumeSeed::NoCopy},
    };
    return spec;
}

// Runs the helper to completion: start, then wait for it to stop. Waiting for "not-running" after
// the start returned cannot miss a fast exit, unlike "next-exit", which would have to be sent
// before the start on another thread.
docker::EngineResult<void> run_helper(docker::Engine& engine, const std::string& id,
                                      const docker::CancelToken& cancel) {
    if (auto started = engine.start_container(id); !started) return started;
    auto waited = engine.wait_container(id, docker::WaitCondition::NotRunning, cancel);
    if (!waited) return std::unexpected(waited.error());
    if (waited->status_code != 0 || !waited->error.empty())
        return docker::engine_fail(docker::EngineErrorKind::ServerError,
                                   fmt::format("cp exited {}{}{}", waited->status_code,
                                               waited->error.empty() ? "" : ": ", waited->error));
    return {};
}

docker::EngineResult<void> copy(docker::Engine& engine, const docker::ContainerSpec& spec,
                                const docker::CancelToken& cancel) {
    auto id = engine.create_container(spec);
    if (!id) return std::unexpected(id.error());
    auto copied = run_helper(engine, *id, cancel);
    (void)engine.remove_container(*id); // if this fails, cleanup finds it by its labels
    return copied;
}

void run_copies(const plan::Plan& plan, docker::Engine& engine, const RunOptions& options,
                std::vector<Tracker>& trackers, const ProgressLog& progress) {
    for (std::size_t i = 0; i < plan.copies.size() && !options.cancel.cancelled(); ++i) {
        const plan::CopyStep& step = plan.copies[i];
        auto tracker =
            std::ranges::find_if(trackers, [&](const Tracker& t) { return t.name() == step.service; });
        if (tracker != trackers.end() && tracker->settled) continue; // its image failed already
        progress(results::Phase::Prepare, step.service,
                 fmt::format("copying {} into volume {}", step.source, step.volume));
        auto copied = copy(engine, copy_helper(plan, step, i), options.cancel);
        if (copied || copied.error().kind == docker::EngineErrorKind::Cancelled || tracker == trackers.end())
            continue;
        never_started(*tracker, results::ServiceState::Failed,
                      fmt::format("{}: copying {} into volume {} failed: {}", step.service, step.source,
                                  step.volume, copied.error().message));
        progress(results::Phase::Fail, step.service, tracker->result.cause);
    }
}

} // namespace

std::optional<std::string> repo_digest(const docker::ImageInfo& info, std::string_view image) {
    if (info.repo_digests.empty()) return std::nullopt;
    const std::size_t at = image.find('@');
    std::string_view repository = image.substr(0, at);
    const std::size_t colon = repository.rfind(':');
    if (colon != std::string_view::npos && repository.find('/', colon) == std::string_view::npos)
        repository = repository.substr(0, colon);
    for (const std::string& digest : info.repo_digests)
        if (std::string_view(digest).substr(0, digest.find('@')) == repository) return digest;
    return info.repo_digests.front();
}

std::optional<results::RunProblem> prepare(const plan::Plan& plan, docker::Engine& engine,
                                           const RunOptions& options, std::vector<Tracker>& trackers,
                                           const ProgressLog& progress) {
    prepare_images(engine, options, trackers, progress);
    if (options.cancel.cancelled()) return std::nullopt;
    if (auto problem = create_resources(plan, engine, progress)) return problem;
    run_copies(plan, engine, options, trackers, progress);
    return std::nullopt;
}

} // namespace rehearsa::sandbox
