#include "docker/http.hpp"

#include "docker/curl_library.hpp"
#include "rehearsa_config.hpp"

#include <cerrno>
#include <cstring>
#include <curl/curl.h>
#include <fmt/format.h>
#include <memory>
#include <mutex>

#if LIBCURL_VERSION_NUM < 0x075400
#error "libcurl 7.84 or newer is needed (curl_easy_header)"
#endif

namespace rehearsa::docker {

namespace {

constexpr int k_poll_ms = 100;           // the longest a cancel waits to be seen
constexpr long k_connect_timeout_s = 15; // a TCP daemon that does not answer
constexpr std::size_t k_error_body_cap = 64 * 1024;

// Every call below runs after perform() or url_escape() has loaded the library.
const CurlLibrary& curl() {
    return *curl_library();
}

// CURL and CURLM are both void: one deleter type each.
struct EasyDeleter {
    void operator()(CURL* easy) const { curl().easy_cleanup(easy); }
};
struct MultiDeleter {
    void operator()(CURLM* multi) const { curl().multi_cleanup(multi); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl().slist_free_all(list); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using MultiPtr = std::unique_ptr<CURLM, MultiDeleter>;
using ListPtr = std::unique_ptr<curl_slist, ListDeleter>;

// State the callbacks share with the request: a sink for 2xx bodies, a buffer for the rest.
struct Transfer {
    CURL* easy = nullptr;
    const ChunkSink* sink = nullptr; // null: keep the whole body, whatever the status
    const CancelToken* cancel = nullptr;
    std::string body;
    bool stopped = false; // the sink asked to stop: a success, not a write error
};

long response_code(CURL* easy) {
    long status = 0;
    curl().easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t len = size * count;
    const long status = t.sink ? response_code(t.easy) : 0;
    if (!t.sink || status < 200 || status >= 300) {
        if (!t.sink || t.body.size() < k_error_body_cap) t.body.append(data, len);
        return len;
    }
    if ((*t.sink)(std::string_view(data, len)) == StreamControl::Stop) {
        t.stopped = true;
        return 0; // makes curl end the transfer with CURLE_WRITE_ERROR
    }
    return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Transfer*>(user)->cancel->cancelled() ? 1 : 0;
}

void set_method(CURL* easy, const Request& request) {
    switch (request.method) {
    case Method::Get:
        break;
    case Method::Head:
        curl().easy_setopt(easy, CURLOPT_NOBODY, 1L);
        break;
    case Method::Post:
        curl().easy_setopt(easy, CURLOPT_POST, 1L);
        break;
    case Method::Put:
        curl().easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "PUT");
        break;
    case Method::Delete:
        curl().easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "DELETE");
        break;
    }
    if (request.method == Method::Post || !request.body.empty()) {
        curl().easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
        curl().easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
}

ListPtr header_list(const Request& request) {
    curl_slist* list = curl().slist_append(nullptr, "Expect:"); // no 100-continue round trip
    if (!request.body.empty()) list = curl().slist_append(list, "Content-Type: application/json");
    for (const auto& h : request.headers)
        list = curl().slist_append(list, h.c_str());
    return ListPtr(list);
}

void set_endpoint(CURL* easy, const Endpoint& ep) {
    if (ep.transport == Transport::Unix)
        curl().easy_setopt(easy, CURLOPT_UNIX_SOCKET_PATH, ep.socket_path.c_str());
    if (ep.tls == TlsMode::Off) return;
    curl().easy_setopt(easy, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
    if (!ep.tls_files.ca.empty()) curl().easy_setopt(easy, CURLOPT_CAINFO, ep.tls_files.ca.c_str());
    if (!ep.tls_files.cert.empty()) curl().easy_setopt(easy, CURLOPT_SSLCERT, ep.tls_files.cert.c_str());
    if (!ep.tls_files.key.empty()) curl().easy_setopt(easy, CURLOPT_SSLKEY, ep.tls_files.key.c_str());
    const long verify = ep.tls == TlsMode::Verify ? 1L : 0L;
    curl().easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, verify);
    curl().easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, verify * 2);
}

// Runs the transfer in a private multi loop, checking `cancel` between polls.
CURLcode run(CURL* easy, const CancelToken& cancel) {
    MultiPtr multi(curl().multi_init());
    curl().multi_add_handle(multi.get(), easy);
    CURLcode result = CURLE_OK;
    for (int running = 1;;) {
        if (curl().multi_perform(multi.get(), &running) != CURLM_OK) {
            result = CURLE_OUT_OF_MEMORY;
            break;
        }
        if (running == 0) {
            int queued = 0;
            CURLMsg* msg = curl().multi_info_read(multi.get(), &queued);
            result = msg && msg->msg == CURLMSG_DONE ? msg->data.result : CURLE_GOT_NOTHING;
            break;
        }
        if (cancel.cancelled()) {
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl().multi_poll(multi.get(), nullptr, 0, k_poll_ms, nullptr);
    }
    curl().multi_remove_handle(multi.get(), easy);
    return result;
}

void capture_headers(CURL* easy, const Request& request, Response& response) {
    for (const auto& name : request.capture) {
        curl_header* header = nullptr;
        if (curl().easy_header(easy, name.c_str(), 0, CURLH_HEADER, -1, &header) == CURLHE_OK)
            response.headers[name] = header->value;
    }
}

// One request: the reply, or a transport error. `sink` null keeps the whole body.
EngineResult<Response> perform(const Endpoint& ep, const Request& request, const ChunkSink* sink,
                               const CancelToken& cancel) {
    std::string missing;
    if (!curl_library(&missing))
        return engine_fail(EngineErrorKind::Config,
                           fmt::format("{}: {} (install libcurl4)", request.doing, missing));
    EasyPtr easy(curl().easy_init());
    if (!easy) return engine_fail(EngineErrorKind::Protocol, "libcurl could not start a request");
    Transfer t{easy.get(), sink, &cancel, {}, false};
    char error_buffer[CURL_ERROR_SIZE] = {};
    const std::string url = ep.base_url() + request.target;
    const std::string agent = fmt::format("rehearsa/{}", REHEARSA_VERSION);
    ListPtr headers = header_list(request);
    CURL* e = easy.get();
    curl().easy_setopt(e, CURLOPT_URL, url.c_str());
    curl().easy_setopt(e, CURLOPT_USERAGENT, agent.c_str());
    curl().easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
    curl().easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT, k_connect_timeout_s);
    curl().easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer);
    curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
    curl().easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl().easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl().easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl().easy_setopt(e, CURLOPT_XFERINFODATA, &t);
    set_method(e, request);
    set_endpoint(e, ep);
    const CURLcode code = run(e, cancel);
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && t.stopped)) {
        long os_errno = 0;
        curl().easy_getinfo(e, CURLINFO_OS_ERRNO, &os_errno);
        const char* detail = error_buffer[0] ? error_buffer : curl().easy_strerror(code);
        return std::unexpected(transport_error(ep, code, os_errno, detail).context(request.doing));
    }
    Response response{static_cast<int>(response_code(e)), std::move(t.body), {}};
    capture_headers(e, request, response);
    return response;
}

std::string where(const Endpoint& ep) {
    const bool quiet = ep.origin.empty() || ep.origin == "the default context";
    return quiet ? ep.host : fmt::format("{} ({})", ep.host, ep.origin);
}

std::string errno_text(long os_errno, std::string_view detail) {
    switch (os_errno) {
    case ENOENT:
        return "no such file";
    case ECONNREFUSED:
        return "connection refused";
    case 0:
        return std::string(detail);
    default:
        return std::strerror(static_cast<int>(os_errno));
    }
}

} // namespace

HttpTransport::HttpTransport(Endpoint endpoint) : m_endpoint(std::move(endpoint)) {}

EngineResult<Response> HttpTransport::send(const Request& request, const CancelToken& cancel) const {
    return perform(m_endpoint, request, nullptr, cancel);
}

EngineResult<void> HttpTransport::stream(const Request& request, const ChunkSink& sink,
                                         const CancelToken& cancel) const {
    auto response = perform(m_endpoint, request, &sink, cancel);
    if (!response) return std::unexpected(response.error());
    if (response->status < 200 || response->status >= 300)
        return std::unexpected(status_error(request, *response));
    return {};
}

std::string url_escape(std::string_view text) {
    if (!curl_library()) return std::string(text); // no request can be made anyway
    char* escaped = curl().easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
    std::string out = escaped ? escaped : "";
    curl().free(escaped);
    return out;
}

std::string path_escape(std::string_view text) {
    std::string out = url_escape(text);
    for (auto [code, literal] : {std::pair{"%2F", '/'}, std::pair{"%3A", ':'}, std::pair{"%40", '@'}}) {
        for (auto at = out.find(code); at != std::string::npos; at = out.find(code, at + 1))
            out.replace(at, 3, 1, literal);
    }
    return out;
}

EngineError transport_error(const Endpoint& ep, int curl_code, long os_errno, std::string_view detail) {
    const auto code = static_cast<CURLcode>(curl_code);
    const std::string at = where(ep);
    if (code == CURLE_ABORTED_BY_CALLBACK) return {EngineErrorKind::Cancelled, "cancelled", 0};
    if ((os_errno == EACCES || os_errno == EPERM) && ep.transport == Transport::Unix)
        return {EngineErrorKind::PermissionDenied,
                fmt::format("permission denied on {} (add your user to the docker group or run with sudo)",
                            ep.socket_path),
                0};
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
        return {EngineErrorKind::Unreachable,
                one_line(fmt::format("cannot connect to the Docker Engine at {}: {} (is the daemon running? "
                                     "set DOCKER_HOST or a context)",
                                     at, errno_text(os_errno, detail))),
                0};
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CIPHER:
        return {
            EngineErrorKind::Unreachable,
            one_line(fmt::format("TLS with the Docker Engine at {} failed: {} (check DOCKER_CERT_PATH and "
                                 "DOCKER_TLS_VERIFY, or the context's TLS files)",
                                 at, detail)),
            0};
    default:
        return {EngineErrorKind::Protocol,
                one_line(fmt::format("the Docker Engine at {} broke off or sent an unreadable reply: {}", at,
                                     detail)),
                0};
    }
}

EngineError status_error(const Request& request, const Response& response) {
    return reply_error(response.status, response.body, request.doing);
}

} // namespace rehearsa::docker
