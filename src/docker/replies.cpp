#include "docker/replies.hpp"

#include "docker/json_read.hpp"

#include <charconv>
#include <fmt/format.h>
#include <limits>

namespace rehearsa::docker {

using simdjson::dom::element;

namespace {

constexpr std::string_view k_health_action = "health_status";

std::string strip_slash(std::string name) {
    if (name.starts_with('/')) name.erase(0, 1);
    return name;
}

std::optional<int> to_int(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// An int field that some daemons write as a string ("exitCode":"1").
std::optional<int> int_or_string_at(element object, std::string_view key) {
    if (auto n = int_at(object, key)) return static_cast<int>(*n);
    return to_int(string_at(object, key));
}

// Whole seconds (the "time" field) in nanoseconds, 0 when out of range.
std::int64_t seconds_to_ns(std::int64_t seconds) {
    constexpr std::int64_t k_ns = 1'000'000'000;
    constexpr std::int64_t k_limit = std::numeric_limits<std::int64_t>::max() / k_ns;
    return seconds > k_limit || seconds < -k_limit ? 0 : seconds * k_ns;
}

util::Nanoseconds ns_at(element object, std::string_view key) {
    return util::Nanoseconds(int_at(object, key).value_or(0));
}

std::optional<HealthcheckSpec> healthcheck_at(element config, std::string_view key) {
    auto hc = object_at(config, key);
    if (!hc) return std::nullopt;
    HealthcheckSpec spec;
    spec.test = strings_at(*hc, "Test").value_or(std::vector<std::string>{});
    spec.interval = ns_at(*hc, "Interval");
    spec.timeout = ns_at(*hc, "Timeout");
    spec.start_period = ns_at(*hc, "StartPeriod");
    spec.start_interval = ns_at(*hc, "StartInterval");
    spec.retries = static_cast<int>(int_at(*hc, "Retries").value_or(0));
    return spec;
}

std::optional<HealthState> health_at(element state) {
    auto health = object_at(state, "Health");
    if (!health) return std::nullopt;
    HealthState out{
        string_at(*health, "Status"), static_cast<int>(int_at(*health, "FailingStreak").value_or(0)), {}};
    simdjson::dom::array log;
    if ((*health)["Log"].get_array().get(log) != simdjson::SUCCESS) return out;
    for (element entry : log) {
        out.log.push_back(HealthLogEntry{static_cast<int>(int_at(entry, "ExitCode").value_or(0)),
                                         string_at(entry, "Output"), string_at(entry, "Start"),
                                         string_at(entry, "End")});
    }
    return out;
}

ContainerState state_at(element root) {
    ContainerState out;
    auto state = object_at(root, "State");
    if (!state) return out;
    out.status = string_at(*state, "Status");
    out.running = bool_at(*state, "Running");
    out.oom_killed = bool_at(*state, "OOMKilled");
    out.exit_code = static_cast<int>(int_at(*state, "ExitCode").value_or(0));
    out.error = string_at(*state, "Error");
    out.started_at = string_at(*state, "StartedAt");
    out.finished_at = string_at(*state, "FinishedAt");
    out.health = health_at(*state);
    return out;
}

EngineResult<std::string> required_string(element object, std::string_view key, std::string_view what) {
    std::string value = string_at(object, key);
    if (value.empty()) return engine_fail(EngineErrorKind::Protocol, fmt::format("{} has no {}", what, key));
    return value;
}

// "health_status: healthy" (Docker) or "health_status" + HealthStatus (Podman).
void normalize_health(Event& event, element root) {
    if (!event.action.starts_with(k_health_action)) return;
    std::string_view rest = std::string_view(event.action).substr(k_health_action.size());
    if (rest.starts_with(':')) rest.remove_prefix(1);
    while (rest.starts_with(' '))
        rest.remove_prefix(1);
    event.health_status = rest.empty() ? string_at(root, "HealthStatus") : std::string(rest);
    event.action = k_health_action;
}

EngineResult<Event> read_event(element root) {
    Event event;
    event.type = string_at(root, "Type");
    event.action = string_at(root, "Action");
    if (event.action.empty()) event.action = string_at(root, "status"); // before API 1.22
    auto actor = object_at(root, "Actor");
    event.id = actor ? string_at(*actor, "ID") : string_at(root, "id");
    if (actor) event.attributes = string_map_at(*actor, "Attributes");
    normalize_health(event, root);
    if (event.action == "died") event.action = "die";
    event.exit_code = to_int(event.attributes.contains("exitCode") ? event.attributes["exitCode"] : "");
    if (!event.exit_code) event.exit_code = int_or_string_at(root, "containerExitCode");
    if (!event.exit_code && event.attributes.contains("containerExitCode"))
        event.exit_code = to_int(event.attributes["containerExitCode"]);
    event.time_nano = int_at(root, "timeNano").value_or(seconds_to_ns(int_at(root, "time").value_or(0)));
    return event;
}

EngineResult<PullProgress> read_pull_progress(element root) {
    PullProgress out{string_at(root, "status"), string_at(root, "id"), string_at(root, "progress"), {}};
    auto detail = object_at(root, "errorDetail");
    std::string error = detail ? string_at(*detail, "message") : std::string();
    if (error.empty()) error = string_at(root, "error");
    if (detail || !error.empty()) out.error = error.empty() ? std::string("unknown error") : error;
    return out;
}

EngineResult<ServerInfo> read_server_info(element root) {
    auto api = ApiVersion::parse(string_at(root, "ApiVersion"));
    if (!api)
        return engine_fail(EngineErrorKind::Protocol, "the reply to GET /version has no valid ApiVersion");
    ServerInfo info;
    info.api = *api;
    // No minimum stated: assume the daemon accepts whatever it speaks.
    info.min_api = ApiVersion::parse(string_at(root, "MinAPIVersion")).value_or(ApiVersion{1, 0});
    info.version = string_at(root, "Version");
    info.os = string_at(root, "Os");
    info.arch = string_at(root, "Arch");
    return info;
}

EngineResult<ContainerInfo> read_container_inspect(element root) {
    auto id = required_string(root, "Id", "a container inspect reply");
    if (!id) return std::unexpected(id.error());
    ContainerInfo info;
    info.id = std::move(*id);
    info.name = strip_slash(string_at(root, "Name"));
    info.image_id = string_at(root, "Image");
    info.state = state_at(root);
    info.restart_count = static_cast<int>(int_at(root, "RestartCount").value_or(0));
    if (auto config = object_at(root, "Config")) {
        info.image = string_at(*config, "Image");
        info.labels = string_map_at(*config, "Labels");
        info.healthcheck = healthcheck_at(*config, "Healthcheck");
        info.tty = bool_at(*config, "Tty");
    }
    if (auto settings = object_at(root, "NetworkSettings")) info.networks = keys_at(*settings, "Networks");
    return info;
}

EngineResult<ImageInfo> read_image_inspect(element root) {
    auto id = required_string(root, "Id", "an image inspect reply");
    if (!id) return std::unexpected(id.error());
    ImageInfo info;
    info.id = std::move(*id);
    info.repo_tags = strings_at(root, "RepoTags").value_or(std::vector<std::string>{});
    info.repo_digests = strings_at(root, "RepoDigests").value_or(std::vector<std::string>{});
    if (auto config = object_at(root, "Config")) {
        info.env = strings_at(*config, "Env").value_or(std::vector<std::string>{});
        info.cmd = strings_at(*config, "Cmd");
        info.entrypoint = strings_at(*config, "Entrypoint");
        info.healthcheck = healthcheck_at(*config, "Healthcheck");
        info.exposed_ports = keys_at(*config, "ExposedPorts");
        info.volumes = keys_at(*config, "Volumes");
        info.user = string_at(*config, "User");
    }
    return info;
}

EngineResult<ResourceSummary> read_volume(element root) {
    auto name = required_string(root, "Name", "a volume reply");
    if (!name) return std::unexpected(name.error());
    return ResourceSummary{*name, *name, string_map_at(root, "Labels"), {}};
}

EngineResult<WaitResult> read_wait(element root) {
    auto code = int_at(root, "StatusCode");
    if (!code) return engine_fail(EngineErrorKind::Protocol, "a wait reply has no StatusCode");
    auto error = object_at(root, "Error");
    return WaitResult{*code, error ? string_at(*error, "Message") : std::string()};
}

EngineResult<std::optional<int>> read_exec_exit(element root) {
    if (bool_at(root, "Running")) return std::optional<int>();
    auto code = int_at(root, "ExitCode");
    if (!code) return engine_fail(EngineErrorKind::Protocol, "an exec inspect reply has no ExitCode");
    return std::optional<int>(static_cast<int>(*code));
}

} // namespace

EngineResult<Event> parse_event(std::string_view line) {
    return read_object(line, "an events line", read_event);
}

EngineResult<PullProgress> parse_pull_progress(std::string_view line) {
    return read_object(line, "a pull progress line", read_pull_progress);
}

EngineResult<ServerInfo> parse_server_info(std::string_view body) {
    return read_object(body, "the reply to GET /version", read_server_info);
}

EngineResult<ContainerInfo> parse_container_inspect(std::string_view body) {
    return read_object(body, "a container inspect reply", read_container_inspect);
}

EngineResult<ImageInfo> parse_image_inspect(std::string_view body) {
    return read_object(body, "an image inspect reply", read_image_inspect);
}

EngineResult<std::string> parse_id(std::string_view body, std::string_view what) {
    return read_object(body, what, [what](element root) { return required_string(root, "Id", what); });
}

EngineResult<ResourceSummary> parse_volume(std::string_view body) {
    return read_object(body, "a volume reply", read_volume);
}

EngineResult<WaitResult> parse_wait(std::string_view body) {
    return read_object(body, "a wait reply", read_wait);
}

EngineResult<std::optional<int>> parse_exec_exit(std::string_view body) {
    return read_object(body, "an exec inspect reply", read_exec_exit);
}

EngineResult<std::vector<ResourceSummary>> parse_list(std::string_view body, ListKind kind) {
    auto doc = JsonDoc::parse(body, "a list reply");
    if (!doc) return std::unexpected(doc.error());
    element items = doc->root();
    if (kind == ListKind::Volumes && items["Volumes"].get(items) != simdjson::SUCCESS)
        return engine_fail(EngineErrorKind::Protocol, "a volume list reply has no Volumes");
    if (items.is_null()) return std::vector<ResourceSummary>{}; // "Volumes": null when there are none
    simdjson::dom::array rows;
    if (items.get_array().get(rows) != simdjson::SUCCESS)
        return engine_fail(EngineErrorKind::Protocol, "a list reply is not a JSON array");
    std::vector<ResourceSummary> out;
    for (element row : rows) {
        ResourceSummary r{string_at(row, "Id"), string_at(row, "Name"), string_map_at(row, "Labels"),
                          string_at(row, "State")};
        const auto names = strings_at(row, "Names");
        if (kind == ListKind::Containers && names && !names->empty()) r.name = strip_slash(names->front());
        if (kind == ListKind::Volumes) r.id = r.name;
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace rehearsa::docker
