#pragma once
// Readers of the engine's JSON replies and stream records into the plain data of specs.hpp.
// Lenient about what is optional (fields come and go between API versions), strict about what a
// caller relies on (an Id): a reply without it is a Protocol error, never a silent empty string.
#include "docker/errors.hpp"
#include "docker/specs.hpp"
#include "docker/version.hpp"

#include <string_view>
#include <vector>

namespace rehearsa::docker {

// One events line, in Docker's form ({"Action":"health_status: healthy", "Actor":{"Attributes":
// {"exitCode":"1",...}}}) or Podman's ({"Action":"health_status","HealthStatus":"healthy",
// "containerExitCode":1}); "died" becomes "die".
EngineResult<Event> parse_event(std::string_view line);

// One pull progress line; {"errorDetail":{"message":...}} or {"error":...} sets `error`.
EngineResult<PullProgress> parse_pull_progress(std::string_view line);

// GET /version. `podman` comes from /_ping's Libpod-API-Version header, not from here.
EngineResult<ServerInfo> parse_server_info(std::string_view body);

EngineResult<ContainerInfo> parse_container_inspect(std::string_view body);
EngineResult<ImageInfo> parse_image_inspect(std::string_view body);

// {"Id": "..."} from a create call; `what` names the reply in errors.
EngineResult<std::string> parse_id(std::string_view body, std::string_view what);

// POST /volumes/create: the volume's name and labels as the daemon has them.
EngineResult<ResourceSummary> parse_volume(std::string_view body);

enum class ListKind { Containers, Networks, Volumes };
EngineResult<std::vector<ResourceSummary>> parse_list(std::string_view body, ListKind kind);

EngineResult<WaitResult> parse_wait(std::string_view body);

// GET /exec/{id}/json: the exit code, or nullopt while the process still runs.
EngineResult<std::optional<int>> parse_exec_exit(std::string_view body);

} // namespace rehearsa::docker
