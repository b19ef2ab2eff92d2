#pragma once
// Glue between the transport and an NDJSON reply (events, pull progress): splits chunks into
// lines, hands each to a handler, and keeps the first error, which stops the stream.
#include "docker/errors.hpp"
#include "docker/http.hpp"
#include "docker/streams.hpp"

#include <functional>
#include <optional>
#include <string>

namespace rehearsa::docker {

class LineStream {
public:
    using Handler = std::function<EngineResult<StreamControl>(const std::string& line)>;

    LineStream(Handler handler, std::string doing)
        : m_handler(std::move(handler)), m_doing(std::move(doing)) {}

    // For HttpTransport::stream; `this` must outlive the call.
    ChunkSink sink() {
        return [this](std::string_view chunk) {
            for (const auto& line : m_lines.feed(chunk))
                if (handle(line) == StreamControl::Stop) return StreamControl::Stop;
            if (m_lines.failed())
                m_failure = EngineError{EngineErrorKind::Protocol, "a reply line is too long", 0};
            return m_failure ? StreamControl::Stop : StreamControl::Continue;
        };
    }

    // The outcome once the transport returned: the handler's first error, else the transport's,
    // else success after the unterminated last line (if any) was handled.
    EngineResult<void> finish(EngineResult<void> streamed) {
        if (streamed && !m_failure && !m_stopped)
            if (auto last = m_lines.finish()) handle(*last);
        if (m_failure) return std::unexpected(m_failure->context(m_doing));
        return streamed;
    }

    // The handler asked to stop (not an error).
    bool stopped() const { return m_stopped && !m_failure; }

private:
    StreamControl handle(const std::string& line) {
        auto control = m_handler(line);
        if (!control)
            m_failure = control.error();
        else
            m_stopped = *control == StreamControl::Stop;
        return m_failure || m_stopped ? StreamControl::Stop : StreamControl::Continue;
    }

    Handler m_handler;
    std::string m_doing;
    LineSplitter m_lines;
    std::optional<EngineError> m_failure;
    bool m_stopped = false;
};

} // namespace rehearsa::docker
