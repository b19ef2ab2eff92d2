#pragma once
// Emits ProgressEvents to the run's sink, when it has one. Only the thread that runs the
// scheduler emits, so a sink needs no locking of its own.
#include "results/progress.hpp"

#include <string>
#include <string_view>

namespace rehearsa::sandbox {

class ProgressLog {
public:
    explicit ProgressLog(const results::ProgressSink& sink) : m_sink(sink) {}

    void operator()(results::Phase phase, std::string_view service, std::string message) const {
        if (!m_sink) return;
        m_sink(results::ProgressEvent{std::chrono::system_clock::now(), phase, std::string(service),
                                      std::move(message)});
    }

private:
    const results::ProgressSink& m_sink;
};

} // namespace rehearsa::sandbox
