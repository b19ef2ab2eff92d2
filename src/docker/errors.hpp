#pragma once
// Typed errors from the Docker Engine. The kind decides what a caller does (a missing image is a
// finding, an unreachable daemon ends the run); the message is ONE line that says what failed and,
// where rehearsa can tell, how to fix it: it ends up in a CI log next to nothing else.
#include "util/error.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace rehearsa::docker {

enum class EngineErrorKind {
    Unreachable,      // no daemon: socket missing, connection refused, host unknown, TLS handshake
    PermissionDenied, // EACCES on the socket
    Config,           // DOCKER_HOST, a context or config.json is malformed or names what is missing
    NotFound,         // 404
    Conflict,         // 409
    NotModified,      // 304: e.g. starting a started container
    BadRequest,       // 400
    Forbidden,        // 403: e.g. removing a network that still has endpoints
    ServerError,      // 5xx, or an error reported inside a 200 stream (pull errorDetail)
    Protocol,         // a reply rehearsa cannot read
    Cancelled,        // the caller's CancelToken fired
    VersionTooOld,    // no API version both sides speak
};

// "not found", "permission denied"...: for logs and test names.
std::string_view kind_name(EngineErrorKind kind);

struct EngineError {
    EngineErrorKind kind = EngineErrorKind::Protocol;
    std::string message; // one line, no trailing period
    int http_status = 0; // 0 when no HTTP reply came (transport errors, cancellation)

    const std::string& to_string() const { return message; }
    // The project-wide error (kind Engine: exit code 3), for layers that mix engine and input errors.
    util::Error to_error() const;
    // Prepends what was being done: "creating container rehearsa-x-db: " + message.
    EngineError& context(std::string_view doing);
};

template <typename T>
using EngineResult = std::expected<T, EngineError>;

// Builds an error; the message is flattened to one line.
std::unexpected<EngineError> engine_fail(EngineErrorKind kind, std::string_view message, int http_status = 0);

// The error kind a non-2xx status means.
EngineErrorKind kind_for_status(int status);

// The daemon's {"message": "..."} from an error body, or the body itself (capped) when it is not
// JSON, flattened to one line.
std::string daemon_message(std::string_view body);

// The error for a non-2xx reply: "<doing>: <daemon message>", with a hint for the kinds that
// have one.
EngineError reply_error(int status, std::string_view body, std::string_view doing);

// Text as one line: control characters and line breaks become single spaces, trimmed.
std::string one_line(std::string_view text);

} // namespace rehearsa::docker
