#pragma once
// The HTTP transport to the Docker Engine over libcurl: a unix socket (CURLOPT_UNIX_SOCKET_PATH) or
// TCP with optional TLS. Each request runs on its own curl handle in its own multi loop that wakes
// at least every 100 ms to check the CancelToken, so a blocked stream ends promptly when
// cancelled, and no connection is ever reused after a hijacked stream (exec start).
#include "docker/cancel.hpp"
#include "docker/endpoint.hpp"
#include "docker/errors.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::docker {

enum class Method { Get, Head, Post, Put, Delete };

// Every member has an initializer, so designated initializers may name only what they set.
struct Request {
    Method method = Method::Get;
    std::string target{};               // path and query: /v1.41/containers/json?all=1
    std::string body{};                 // sent as application/json when not empty (or for a POST)
    std::vector<std::string> headers{}; // extra "Name: value" lines, e.g. X-Registry-Auth
    std::vector<std::string> capture{}; // names of reply headers to keep in Response::headers
    std::string doing{};                // "creating container x": prefixed to error messages
};

struct Response {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // only those named in Request::capture
};

// What a stream consumer wants after a chunk.
enum class StreamControl { Continue, Stop };
using ChunkSink = std::function<StreamControl(std::string_view)>;

class HttpTransport {
public:
    explicit HttpTransport(Endpoint endpoint);

    const Endpoint& endpoint() const { return m_endpoint; }

    // The whole reply, whatever its status: callers map statuses in context (304 on start means
    // "already started", 201 with old labels on volume create...). Errors are transport errors.
    EngineResult<Response> send(const Request& request, const CancelToken& cancel = {}) const;

    // A 2xx reply's body goes to `sink` chunk by chunk as it arrives; the call returns when the
    // daemon closes the stream, the sink says Stop (success), or `cancel` fires (Cancelled). A
    // non-2xx reply becomes an error from its body, via reply_error().
    EngineResult<void> stream(const Request& request, const ChunkSink& sink, const CancelToken& cancel) const;

private:
    Endpoint m_endpoint;
};

// Percent-encodes a query value (curl_easy_escape).
std::string url_escape(std::string_view text);
// Percent-encodes a path segment that may hold '/', ':' and '@' (an image reference), which
// the daemon's routes take literally.
std::string path_escape(std::string_view text);

// The error for a failed transfer: curl's code plus the socket's errno decide the kind; the
// message says how to fix it. Exposed for tests: EACCES is hard to provoke as root.
EngineError transport_error(const Endpoint& endpoint, int curl_code, long os_errno, std::string_view detail);

// The error for a non-2xx reply: reply_error() plus the request's context.
EngineError status_error(const Request& request, const Response& response);

} // namespace rehearsa::docker
