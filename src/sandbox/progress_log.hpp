#pragma once
// Emits ProgressEvents to the run's sink, when it has one. Only the thread that runs the
// scheduler emits, so a sink needs no locking of its own.
#include "sandbox/progress.hpp"

#include <string>
#include <string_view>

namespace rehearsa::sandbox {

class ProgressLog {
public:
    explicit ProgressLog(const ProgressSink& sink) : m_sink(sink) {}

    void operator()(Phase phase, std::string_view service, std::string message) const {
        if (!m_sink) return;
        m_sink(
            ProgressEvent{std::chrono::system_clock::now(), phase, std::string(service), std::move(message)});
    }

private:
    const ProgressSink& m_sink;
};

} // namespace rehearsa::sandbox
