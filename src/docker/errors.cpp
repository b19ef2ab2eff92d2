#include "docker/errors.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace rehearsa::docker {

namespace {

// An error body that is not JSON (a proxy's HTML page, say) is shown up to this size.
constexpr std::size_t k_raw_body_cap = 300;

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

} // namespace

std::string_view kind_name(EngineErrorKind kind) {
    switch (kind) {
    case EngineErrorKind::Unreachable:
        return "unreachable";
    case EngineErrorKind::PermissionDenied:
        return "permission denied";
    case EngineErrorKind::Config:
        return "configuration";
    case EngineErrorKind::NotFound:
        return "not found";
    case EngineErrorKind::Conflict:
        return "conflict";
    case EngineErrorKind::NotModified:
        return "not modified";
    case EngineErrorKind::BadRequest:
        return "bad request";
    case EngineErrorKind::Forbidden:
        return "forbidden";
    case EngineErrorKind::ServerError:
        return "server error";
    case EngineErrorKind::Protocol:
        return "protocol";
    case EngineErrorKind::Cancelled:
        return "cancelled";
    case EngineErrorKind::VersionTooOld:
        return "version too old";
    }
    return "unknown";
}

util::Error EngineError::to_error() const {
    return util::Error{util::ErrorKind::Engine, {}, {}, message};
}

EngineError& EngineError::context(std::string_view doing) {
    if (!doing.empty()) message = fmt::format("{}: {}", one_line(doing), message);
    return *this;
}

std::unexpected<EngineError> engine_fail(EngineErrorKind kind, std::string_view message, int http_status) {
    return std::unexpected(EngineError{kind, one_line(message), http_status});
}

EngineErrorKind kind_for_status(int status) {
    switch (status) {
    case 304:
        return EngineErrorKind::NotModified;
    case 400:
        return EngineErrorKind::BadRequest;
    case 401:
    case 403:
        return EngineErrorKind::Forbidden;
    case 404:
        return EngineErrorKind::NotFound;
    case 409:
        return EngineErrorKind::Conflict;
    default:
        break;
    }
    if (status >= 500) return EngineErrorKind::ServerError;
    if (status >= 400) return EngineErrorKind::BadRequest;
    return EngineErrorKind::Protocol; // 1xx, an unexpected 2xx or 3xx
}

std::string daemon_message(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(body);
    std::string_view message;
    if (parser.parse(padded)["message"].get_string().get(message) == simdjson::SUCCESS)
        return one_line(message);
    return one_line(util::truncate_utf8(body, k_raw_body_cap));
}

EngineError reply_error(int status, std::string_view body, std::string_view doing) {
    EngineError error{kind_for_status(status), daemon_message(body), status};
    if (error.message.empty()) error.message = fmt::format("the Docker Engine answered HTTP {}", status);
    return error.context(doing);
}

std::string one_line(std::string_view text) {
    std::string clean = util::sanitize(text);
    std::string out;
    out.reserve(clean.size());
    for (char c : clean) {
        if (is_blank(c)) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace rehearsa::docker
