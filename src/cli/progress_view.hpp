#pragma once
// How a run's progress looks to people, on stderr (stdout is for the report): on a terminal, each
// step that matters as a line plus one status line redrawn in place ("4/6 ready, 12 s"); in a CI
// log (no terminal), plain timestamped lines and nothing redrawn. Both also feed --events.
#include "results/progress.hpp"
#include "store/event_log.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <ostream>

namespace rehearsa::cli {

enum class ProgressStyle { Live, Lines };

class ProgressView {
public:
    ProgressView(std::ostream& err, ProgressStyle style, std::size_t services,
                 std::optional<store::EventLog> events);

    // Thread-safe: the sandbox reports from its scheduler and worker threads.
    void on_event(const results::ProgressEvent& event);
    // Clears the status line before the report is printed.
    void finish();

private:
    void print_line(const results::ProgressEvent& event);
    void draw_status();

    std::mutex m_mutex;
    std::ostream& m_err;
    ProgressStyle m_style;
    std::size_t m_services;
    std::size_t m_settled = 0;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    std::optional<store::EventLog> m_events;
    bool m_status_shown = false;
};

// Live on a terminal that is not `dumb`, Lines otherwise (CI logs, pipes, files).
ProgressStyle progress_style_for(int fd, const char* term);

} // namespace rehearsa::cli
