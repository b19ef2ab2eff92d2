#pragma once
// The real engine: the Engine API over HttpTransport, every path prefixed with the negotiated
// version (/v1.41/...). Calls are independent requests on fresh connections, so one DockerEngine
// may serve several threads (an events stream on one, creates on another).
#include "docker/endpoint.hpp"
#include "docker/engine.hpp"
#include "docker/http.hpp"
#include "docker/replies.hpp"

#include <memory>

namespace rehearsa::docker {

class DockerEngine final : public Engine {
public:
    // Resolves the endpoint (DOCKER_HOST, contexts), pings it and negotiates the API version.
    static EngineResult<std::unique_ptr<DockerEngine>> connect(const Getenv& env,
                                                               const CancelToken& cancel = {});
    // The same with an endpoint already resolved; `config_dir` is where registry credentials live.
    static EngineResult<std::unique_ptr<DockerEngine>> connect_to(Endpoint endpoint, std::string config_dir,
                                                                  const CancelToken& cancel = {});

    const Endpoint& endpoint() const { return m_http.endpoint(); }
    const ServerInfo& server() const override { return m_server; }
    ApiVersion api_version() const override { return m_api; }
    // A liveness check (GET /_ping); the version stays what connect() negotiated.
    EngineResult<void> ping(const CancelToken& cancel) override;

    EngineResult<std::string> create_container(const ContainerSpec& spec) override;
    EngineResult<void> connect_network(const std::string& container,
                                       const NetworkAttachment& attachment) override;
    EngineResult<void> start_container(const std::string& id) override;
    EngineResult<ContainerInfo> inspect_container(const std::string& id) override;
    EngineResult<WaitResult> wait_container(const std::string& id, WaitCondition condition,
                                            const CancelToken& cancel) override;
    EngineResult<void> kill_container(const std::string& id) override;
    EngineResult<void> remove_container(const std::string& id) override;
    EngineResult<std::vector<ResourceSummary>> list_containers(const LabelFilter& labels) override;

    EngineResult<std::string> create_network(const NetworkSpec& spec) override;
    EngineResult<void> remove_network(const std::string& id) override;
    EngineResult<std::vector<ResourceSummary>> list_networks(const LabelFilter& labels) override;

    EngineResult<std::string> create_volume(const VolumeSpec& spec) override;
    EngineResult<void> remove_volume(const std::string& name) override;
    EngineResult<std::vector<ResourceSummary>> list_volumes(const LabelFilter& labels) override;

    EngineResult<ImageInfo> inspect_image(const std::string& image) override;
    EngineResult<void> pull_image(const std::string& image, const ProgressSink& progress,
                                  const CancelToken& cancel) override;

    EngineResult<void> events(const EventQuery& query, const EventSink& sink,
                              const CancelToken& cancel) override;
    EngineResult<Output> logs(const std::string& id, const LogQuery& query) override;
    EngineResult<ExecResult> exec(const std::string& id, const ExecSpec& spec,
                                  const CancelToken& cancel) override;

private:
    DockerEngine(HttpTransport http, std::string config_dir)
        : m_http(std::move(http)), m_config_dir(std::move(config_dir)) {}

    // Once, before the engine is shared: /_ping, /version, negotiation.
    EngineResult<void> handshake(const CancelToken& cancel);
    EngineResult<Response> send_ping(const CancelToken& cancel) const;
    // "/v1.41" + path.
    std::string versioned(std::string_view path) const;
    // A request expecting a 2xx reply; any other status becomes an error with `request.doing`.
    EngineResult<Response> call(Request request, const CancelToken& cancel = {}) const;
    // call() for its effect only.
    EngineResult<void> run(Request request, const CancelToken& cancel = {}) const;
    // call(), then `parse` on the body; a reply it cannot read names what was being done.
    template <typename Parse>
    auto call_and_parse(Request request, Parse&& parse, const CancelToken& cancel = {}) const
        -> decltype(parse(std::string_view())) {
        auto response = call(request, cancel);
        if (!response) return std::unexpected(response.error());
        auto parsed = parse(std::string_view(response->body));
        if (!parsed) return std::unexpected(parsed.error().context(request.doing));
        return parsed;
    }
    // A streamed request whose multiplexed body (Tty=false) is demultiplexed into `out`.
    EngineResult<void> demux(Request request, Output& out, const CancelToken& cancel) const;
    EngineResult<std::vector<ResourceSummary>> list(std::string_view path, const LabelFilter& labels,
                                                    ListKind kind) const;
    EngineResult<std::optional<int>> exec_exit_code(const std::string& exec_id,
                                                    const CancelToken& cancel) const;

    HttpTransport m_http;
    std::string m_config_dir;
    ServerInfo m_server;
    ApiVersion m_api = k_oldest_api;
};

} // namespace rehearsa::docker
