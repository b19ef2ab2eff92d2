// DockerEngine: the streaming calls (events, logs, exec).
#include "docker/docker_engine.hpp"
#include "docker/json_spec.hpp"
#include "docker/line_stream.hpp"

#include <chrono>
#include <fmt/format.h>
#include <thread>

namespace rehearsa::docker {

namespace {

// The exec stream can close a moment before the daemon records the exit code.
constexpr int k_exit_polls = 100;
constexpr auto k_exit_poll_interval = std::chrono::milliseconds(20);

// The daemon's `since`: seconds.nanoseconds since the epoch.
std::string timestamp(std::chrono::system_clock::time_point t) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    return fmt::format("{}.{:09}", ns / 1'000'000'000, ns % 1'000'000'000);
}

std::string events_target(const EventQuery& query) {
    Filters filters;
    if (!query.labels.empty()) filters["label"] = query.labels;
    if (!query.types.empty()) filters["type"] = query.types;
    std::string target = "/events?";
    if (query.since) target += fmt::format("since={}&", timestamp(*query.since));
    return target + "filters=" + url_escape(filters_json(filters));
}

} // namespace

EngineResult<void> DockerEngine::events(const EventQuery& query, const EventSink& sink,
                                        const CancelToken& cancel) {
    LineStream lines(
        [&](const std::string& line) -> EngineResult<StreamControl> {
            auto event = parse_event(line);
            if (!event) return std::unexpected(event.error());
            return sink(*event);
        },
        "reading events");
    const Request request{.target = versioned(events_target(query)), .doing = "reading events"};
    auto streamed = lines.finish(m_http.stream(request, lines.sink(), cancel));
    if (!streamed || lines.stopped()) return streamed;
    return engine_fail(
        EngineErrorKind::Unreachable,
        fmt::format("the Docker Engine at {} ended the events stream (did the daemon restart?)",
                    m_http.endpoint().host));
}

EngineResult<Output> DockerEngine::logs(const std::string& id, const LogQuery& query) {
    // The framing follows the container's Tty, not the Content-Type.
    auto info = inspect_container(id);
    if (!info) return std::unexpected(info.error());
    const std::string tail = query.tail ? std::to_string(*query.tail) : "all";
    Request request{.target = versioned(
                        fmt::format("/containers/{}/logs?stdout=1&stderr=1&tail={}", url_escape(id), tail)),
                    .doing = fmt::format("reading the logs of {}", id)};
    Output out;
    if (info->tty) {
        auto response = call(std::move(request));
        if (!response) return std::unexpected(response.error());
        out.out = out.combined = std::move(response->body);
        return out;
    }
    if (auto read = demux(std::move(request), out, {}); !read) return std::unexpected(read.error());
    return out;
}

EngineResult<ExecResult> DockerEngine::exec(const std::string& id, const ExecSpec& spec,
                                            const CancelToken& cancel) {
    const std::string doing = fmt::format("running {} in {}", spec.cmd.empty() ? "" : spec.cmd.front(), id);
    auto exec_id = call_and_parse(
        Request{.method = Method::Post,
                .target = versioned(fmt::format("/containers/{}/exec", url_escape(id))),
                .body = exec_create_body(spec),
                .doing = doing},
        [](std::string_view body) { return parse_id(body, "the reply to POST /containers/{id}/exec"); });
    if (!exec_id) return std::unexpected(exec_id.error());
    // The reply is a raw hijacked stream that ends when the process does; its connection is never
    // reused, as every request here runs on a fresh handle.
    Output output;
    auto ran = demux(Request{.method = Method::Post,
                             .target = versioned(fmt::format("/exec/{}/start", *exec_id)),
                             .body = exec_start_body(),
                             .doing = doing},
                     output, cancel);
    if (!ran) return std::unexpected(ran.error());
    auto code = exec_exit_code(*exec_id, cancel);
    if (!code) return std::unexpected(code.error().context(doing));
    if (!*code)
        return engine_fail(EngineErrorKind::Protocol,
                           fmt::format("{}: the output ended but the process still runs", doing));
    return ExecResult{**code, std::move(output.out), std::move(output.err)};
}

EngineResult<std::optional<int>> DockerEngine::exec_exit_code(const std::string& exec_id,
                                                              const CancelToken& cancel) const {
    for (int attempt = 0;; ++attempt) {
        auto code = call_and_parse(Request{.target = versioned(fmt::format("/exec/{}/json", exec_id)),
                                           .doing = "inspecting an exec"},
                                   parse_exec_exit, cancel);
        if (!code || *code || attempt == k_exit_polls) return code;
        std::this_thread::sleep_for(k_exit_poll_interval);
    }
}

} // namespace rehearsa::docker
