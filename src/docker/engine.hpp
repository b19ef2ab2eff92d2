#pragma once
// The Docker Engine as a sandbox run needs it. src/sandbox depends on this interface only, so its
// unit tests drive it with a fake engine; DockerEngine (docker_engine.hpp) is the real one.
// Every call returns the daemon's answer or a typed EngineError; none retries or sleeps.
#include "docker/cancel.hpp"
#include "docker/errors.hpp"
#include "docker/http.hpp"
#include "docker/specs.hpp"
#include "docker/version.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rehearsa::docker {

// Label filters, each "key" or "key=value"; a resource must match all of them.
using LabelFilter = std::vector<std::string>;

struct EventQuery {
    // Replay from here: the daemon flushes the reply headers before it subscribes, so a caller
    // passes a time from before its first create and handles replayed events idempotently.
    std::optional<std::chrono::system_clock::time_point> since;
    LabelFilter labels;
    std::vector<std::string> types; // "container", "network"...; empty: all
};

using EventSink = std::function<StreamControl(const Event&)>;
using ProgressSink = std::function<void(const PullProgress&)>;

enum class WaitCondition { NotRunning, NextExit, Removed };

struct LogQuery {
    std::optional<int> tail; // the last N lines; nullopt: all
};

class Engine {
public:
    virtual ~Engine() = default;

    // What the daemon is and the API version negotiated with it, to gate features
    // (k_api_start_interval, k_api_multiple_networks).
    virtual const ServerInfo& server() const = 0;
    virtual ApiVersion api_version() const = 0;
    virtual EngineResult<void> ping(const CancelToken& cancel) = 0;

    // Creates the container (and, below API 1.44, connects its extra networks) and returns its id.
    // NotFound when the image is missing, Conflict when the name is taken.
    virtual EngineResult<std::string> create_container(const ContainerSpec& spec) = 0;
    virtual EngineResult<void> connect_network(const std::string& container,
                                               const NetworkAttachment& attachment) = 0;
    // NotModified when it is already running.
    virtual EngineResult<void> start_container(const std::string& id) = 0;
    virtual EngineResult<ContainerInfo> inspect_container(const std::string& id) = 0;
    // Blocks until the condition holds; send NextExit *before* start.
    virtual EngineResult<WaitResult> wait_container(const std::string& id, WaitCondition condition,
                                                    const CancelToken& cancel) = 0;
    // Sends SIGKILL and returns once it is dead. Conflict when it is not running.
    virtual EngineResult<void> kill_container(const std::string& id) = 0;
    // Force-removes the container and its anonymous volumes.
    virtual EngineResult<void> remove_container(const std::string& id) = 0;
    virtual EngineResult<std::vector<ResourceSummary>> list_containers(const LabelFilter& labels) = 0;

    virtual EngineResult<std::string> create_network(const NetworkSpec& spec) = 0;
    // Forbidden while containers are attached: remove them first.
    virtual EngineResult<void> remove_network(const std::string& id) = 0;
    virtual EngineResult<std::vector<ResourceSummary>> list_networks(const LabelFilter& labels) = 0;

    // Conflict when a volume of that name exists with other labels: the daemon answers 201 with
    // the OLD volume, and rehearsa must never write into a volume it did not create.
    virtual EngineResult<std::string> create_volume(const VolumeSpec& spec) = 0;
    // Conflict while a container uses it.
    virtual EngineResult<void> remove_volume(const std::string& name) = 0;
    virtual EngineResult<std::vector<ResourceSummary>> list_volumes(const LabelFilter& labels) = 0;

    virtual EngineResult<ImageInfo> inspect_image(const std::string& image) = 0;
    // Pulls image (tag "latest" when it names none), with credentials from the docker config. A
    // failure reported inside the 200 stream is an error too.
    virtual EngineResult<void> pull_image(const std::string& image, const ProgressSink& progress,
                                          const CancelToken& cancel) = 0;

    // Streams events to `sink` until it returns Stop (success), `cancel` fires (Cancelled), or
    // the daemon ends the stream (an error: events streams do not end on their own).
    virtual EngineResult<void> events(const EventQuery& query, const EventSink& sink,
                                      const CancelToken& cancel) = 0;
    virtual EngineResult<Output> logs(const std::string& id, const LogQuery& query) = 0;
    // Runs a command in a running container and returns its output and exit code.
    virtual EngineResult<ExecResult> exec(const std::string& id, const ExecSpec& spec,
                                          const CancelToken& cancel) = 0;
};

} // namespace rehearsa::docker
