// DockerEngine: containers, networks and volumes.
#include "docker/docker_engine.hpp"
#include "docker/json_spec.hpp"

#include <fmt/format.h>

namespace rehearsa::docker {

namespace {

std::string_view condition_name(WaitCondition condition) {
    switch (condition) {
    case WaitCondition::NotRunning:
        return "not-running";
    case WaitCondition::NextExit:
        return "next-exit";
    case WaitCondition::Removed:
        return "removed";
    }
    return "not-running";
}

// The labels of `wanted` that `actual` lacks or holds with another value, as "k=v" text.
std::string label_mismatch(const Labels& wanted, const Labels& actual) {
    std::string out;
    for (const auto& [k, v] : wanted) {
        auto it = actual.find(k);
        if (it == actual.end() || it->second != v)
            out += fmt::format("{}{}={} (has {})", out.empty() ? "" : ", ", k, v,
                               it == actual.end() ? "none" : fmt::format("\"{}\"", it->second));
    }
    return out;
}

} // namespace

EngineResult<std::string> DockerEngine::create_container(const ContainerSpec& spec) {
    auto id = call_and_parse(
        Request{.method = Method::Post,
                .target = versioned("/containers/create?name=" + url_escape(spec.name)),
                .body = container_create_body(spec, m_api),
                .doing = fmt::format("creating container {} from {}", spec.name, spec.image)},
        [](std::string_view body) { return parse_id(body, "the reply to POST /containers/create"); });
    if (!id) return id;
    // Below API 1.44 only one network joins at create; the rest connect before start, as compose does.
    const std::size_t joined = networks_at_create(spec, m_api).size();
    for (std::size_t i = joined; i < spec.networks.size(); ++i) {
        if (auto connected = connect_network(*id, spec.networks[i]); !connected) {
            (void)remove_container(*id); // all or nothing: no half-connected container left behind
            return std::unexpected(connected.error());
        }
    }
    return id;
}

EngineResult<void> DockerEngine::connect_network(const std::string& container,
                                                 const NetworkAttachment& attachment) {
    return run(
        Request{.method = Method::Post,
                .target = versioned(fmt::format("/networks/{}/connect", url_escape(attachment.network))),
                .body = network_connect_body(container, attachment),
                .doing = fmt::format("connecting {} to network {}", container, attachment.network)});
}

EngineResult<void> DockerEngine::start_container(const std::string& id) {
    return run(Request{.method = Method::Post,
                       .target = versioned(fmt::format("/containers/{}/start", url_escape(id))),
                       .doing = fmt::format("starting container {}", id)});
}

EngineResult<ContainerInfo> DockerEngine::inspect_container(const std::string& id) {
    return call_and_parse(Request{.target = versioned(fmt::format("/containers/{}/json", url_escape(id))),
                                  .doing = fmt::format("inspecting container {}", id)},
                          parse_container_inspect);
}

EngineResult<WaitResult> DockerEngine::wait_container(const std::string& id, WaitCondition condition,
                                                      const CancelToken& cancel) {
    const std::string target =
        versioned(fmt::format("/containers/{}/wait?condition={}", url_escape(id), condition_name(condition)));
    return call_and_parse(Request{.method = Method::Post,
                                  .target = target,
                                  .doing = fmt::format("waiting for container {}", id)},
                          parse_wait, cancel);
}

EngineResult<void> DockerEngine::kill_container(const std::string& id) {
    return run(Request{.method = Method::Post,
                       .target = versioned(fmt::format("/containers/{}/kill", url_escape(id))),
                       .doing = fmt::format("killing container {}", id)});
}

EngineResult<void> DockerEngine::remove_container(const std::string& id) {
    return run(Request{.method = Method::Delete,
                       .target = versioned(fmt::format("/containers/{}?force=1&v=1", url_escape(id))),
                       .doing = fmt::format("removing container {}", id)});
}

EngineResult<std::vector<ResourceSummary>> DockerEngine::list_containers(const LabelFilter& labels) {
    return list("/containers/json", labels, ListKind::Containers);
}

EngineResult<std::string> DockerEngine::create_network(const NetworkSpec& spec) {
    return call_and_parse(
        Request{.method = Method::Post,
                .target = versioned("/networks/create"),
                .body = network_create_body(spec, m_api),
                .doing = fmt::format("creating network {}", spec.name)},
        [](std::string_view body) { return parse_id(body, "the reply to POST /networks/create"); });
}

EngineResult<void> DockerEngine::remove_network(const std::string& id) {
    return run(Request{.method = Method::Delete,
                       .target = versioned(fmt::format("/networks/{}", url_escape(id))),
                       .doing = fmt::format("removing network {}", id)});
}

EngineResult<std::vector<ResourceSummary>> DockerEngine::list_networks(const LabelFilter& labels) {
    return list("/networks", labels, ListKind::Networks);
}

EngineResult<std::string> DockerEngine::create_volume(const VolumeSpec& spec) {
    const std::string doing = fmt::format("creating volume {}", spec.name);
    auto volume = call_and_parse(Request{.method = Method::Post,
                                         .target = versioned("/volumes/create"),
                                         .body = volume_create_body(spec),
                                         .doing = doing},
                                 parse_volume);
    if (!volume) return std::unexpected(volume.error());
    // An existing name answers 201 with the OLD volume: its labels tell it is not ours.
    if (auto mismatch = label_mismatch(spec.labels, volume->labels); !mismatch.empty())
        return engine_fail(EngineErrorKind::Conflict,
                           fmt::format("{}: a volume of that name already exists with other labels: {} "
                                       "(rehearsa never writes into a volume it did not create)",
                                       doing, mismatch),
                           201);
    return volume->name;
}

EngineResult<void> DockerEngine::remove_volume(const std::string& name) {
    return run(Request{.method = Method::Delete,
                       .target = versioned(fmt::format("/volumes/{}", url_escape(name))),
                       .doing = fmt::format("removing volume {}", name)});
}

EngineResult<std::vector<ResourceSummary>> DockerEngine::list_volumes(const LabelFilter& labels) {
    return list("/volumes", labels, ListKind::Volumes);
}

} // namespace rehearsa::docker
