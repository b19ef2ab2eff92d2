#include "docker/docker_engine.hpp"

#include "docker/auth.hpp"
#include "docker/json_spec.hpp"
#include "docker/line_stream.hpp"
#include "docker/streams.hpp"

#include <fmt/format.h>

namespace rehearsa::docker {

namespace {

constexpr std::string_view k_pull_hint =
    "(check the image name and tag, the network, and `docker login` for a private registry)";

// Output past this is dropped, so a chatty container cannot exhaust memory (the stream is still
// read to its end, for an exec's exit code).
constexpr std::size_t k_output_cap = 16u << 20;

void append_capped(std::string& text, std::string_view more) {
    text.append(more.substr(0, k_output_cap - std::min(k_output_cap, text.size())));
}

std::string label_query(const LabelFilter& labels) {
    if (labels.empty()) return {};
    return "filters=" + url_escape(filters_json({{"label", labels}}));
}

} // namespace

EngineResult<std::unique_ptr<DockerEngine>> DockerEngine::connect(const Getenv& env,
                                                                  const CancelToken& cancel) {
    auto endpoint = resolve_endpoint(env);
    if (!endpoint) return std::unexpected(endpoint.error());
    return connect_to(std::move(*endpoint), docker_config_dir(env), cancel);
}

EngineResult<std::unique_ptr<DockerEngine>>
DockerEngine::connect_to(Endpoint endpoint, std::string config_dir, const CancelToken& cancel) {
    std::unique_ptr<DockerEngine> engine(
        new DockerEngine(HttpTransport(std::move(endpoint)), std::move(config_dir)));
    if (auto shaken = engine->handshake(cancel); !shaken) return std::unexpected(shaken.error());
    return engine;
}

EngineResult<Response> DockerEngine::send_ping(const CancelToken& cancel) const {
    auto pong =
        m_http.send(Request{.target = "/_ping", .capture = {"Api-Version", "Libpod-API-Version"}}, cancel);
    if (pong && pong->status != 200)
        return engine_fail(EngineErrorKind::Protocol,
                           fmt::format("{} does not answer like a Docker Engine (GET /_ping: HTTP {})",
                                       m_http.endpoint().host, pong->status),
                           pong->status);
    return pong;
}

EngineResult<void> DockerEngine::ping(const CancelToken& cancel) {
    auto pong = send_ping(cancel);
    if (!pong) return std::unexpected(pong.error());
    return {};
}

// /_ping says whether this is Podman; /version gives the range to negotiate in. Both unversioned.
EngineResult<void> DockerEngine::handshake(const CancelToken& cancel) {
    auto pong = send_ping(cancel);
    if (!pong) return std::unexpected(pong.error());
    auto info =
        call_and_parse(Request{.target = "/version", .doing = "GET /version"}, parse_server_info, cancel);
    if (!info) return std::unexpected(info.error());
    info->flavor = pong->headers.contains("Libpod-API-Version") ? EngineFlavor::Podman : EngineFlavor::Docker;
    auto api = negotiate(*info, m_http.endpoint().host);
    if (!api) return std::unexpected(api.error());
    m_server = std::move(*info);
    m_api = *api;
    return {};
}

std::string DockerEngine::versioned(std::string_view path) const {
    return fmt::format("/v{}{}", m_api.to_string(), path);
}

EngineResult<Response> DockerEngine::call(Request request, const CancelToken& cancel) const {
    auto response = m_http.send(request, cancel);
    if (!response) return response;
    if (response->status < 200 || response->status >= 300)
        return std::unexpected(status_error(request, *response));
    return response;
}

EngineResult<void> DockerEngine::demux(Request request, Output& out, const CancelToken& cancel) const {
    StdcopyDemuxer demuxer;
    std::string system_error;
    auto sink = [&](std::string_view chunk) {
        for (auto& frame : demuxer.feed(chunk)) {
            if (frame.kind == StreamKind::SystemErr) {
                system_error = frame.payload;
                continue;
            }
            append_capped(frame.kind == StreamKind::Stderr ? out.err : out.out, frame.payload);
            append_capped(out.combined, frame.payload);
        }
        return demuxer.failed() || demuxer.ended() ? StreamControl::Stop : StreamControl::Continue;
    };
    if (auto streamed = m_http.stream(request, sink, cancel); !streamed) return streamed;
    if (demuxer.ended())
        return engine_fail(EngineErrorKind::ServerError, fmt::format("{}: {}", request.doing, system_error));
    if (!demuxer.clean_end())
        return engine_fail(
            EngineErrorKind::Protocol,
            fmt::format("{}: the output stream is not in the multiplexed format", request.doing));
    return {};
}

EngineResult<void> DockerEngine::run(Request request, const CancelToken& cancel) const {
    auto response = call(std::move(request), cancel);
    if (!response) return std::unexpected(response.error());
    return {};
}

EngineResult<std::vector<ResourceSummary>>
DockerEngine::list(std::string_view path, const LabelFilter& labels, ListKind kind) const {
    std::string query = label_query(labels);
    if (kind == ListKind::Containers) query = query.empty() ? "all=1" : "all=1&" + query;
    const std::string target = versioned(path) + (query.empty() ? "" : "?" + query);
    return call_and_parse(Request{.target = target, .doing = fmt::format("listing {}", path.substr(1))},
                          [kind](std::string_view body) { return parse_list(body, kind); });
}

EngineResult<ImageInfo> DockerEngine::inspect_image(const std::string& image) {
    return call_and_parse(Request{.target = versioned(fmt::format("/images/{}/json", path_escape(image))),
                                  .doing = fmt::format("inspecting image {}", image)},
                          parse_image_inspect);
}

EngineResult<void> DockerEngine::pull_image(const std::string& image, const ProgressSink& progress,
                                            const CancelToken& cancel) {
    const ImageName name = parse_image_name(image);
    Request request{.method = Method::Post,
                    .target = versioned(fmt::format("/images/create?fromImage={}&tag={}",
                                                    url_escape(name.repository), url_escape(name.reference))),
                    .doing = fmt::format("pulling {}", name.to_string())};
    auto credentials = find_credentials(m_config_dir, name);
    if (!credentials) return std::unexpected(credentials.error().context(request.doing));
    if (*credentials) request.headers.push_back("X-Registry-Auth: " + registry_auth_header(**credentials));
    LineStream lines(
        [&](const std::string& line) -> EngineResult<StreamControl> {
            auto record = parse_pull_progress(line);
            if (!record) return std::unexpected(record.error());
            // An error after streaming began still comes with HTTP 200.
            if (record->error) return engine_fail(EngineErrorKind::ServerError, *record->error, 200);
            if (progress) progress(*record);
            return StreamControl::Continue;
        },
        request.doing);
    auto pulled = lines.finish(m_http.stream(request, lines.sink(), cancel));
    if (!pulled && pulled.error().kind != EngineErrorKind::Cancelled)
        pulled.error().message += fmt::format(" {}", k_pull_hint);
    return pulled;
}

} // namespace rehearsa::docker
