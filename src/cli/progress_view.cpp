#include "cli/progress_view.hpp"

#include "util/text.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <string_view>
#include <unistd.h>

namespace rehearsa::cli {

namespace {

bool settles(results::Phase phase) {
    return phase == results::Phase::Ready || phase == results::Phase::Fail || phase == results::Phase::Block;
}

std::string clock_time(std::chrono::system_clock::time_point at) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count() % 1000;
    return fmt::format("{:%H:%M:%S}.{:03}", fmt::gmtime(std::chrono::system_clock::to_time_t(at)), ms);
}

} // namespace

ProgressStyle progress_style_for(int fd, const char* term) {
    bool dumb = term == nullptr || std::string_view(term) == "dumb";
    return ::isatty(fd) == 1 && !dumb ? ProgressStyle::Live : ProgressStyle::Lines;
}

ProgressView::ProgressView(std::ostream& err, ProgressStyle style, std::size_t services,
                           std::optional<store::EventLog> events)
    : m_err(err), m_style(style), m_services(services), m_events(std::move(events)) {}

void ProgressView::on_event(const results::ProgressEvent& event) {
    std::lock_guard lock(m_mutex);
    if (m_events) (void)m_events->append(event); // the run matters more than its event file
    if (settles(event.phase) && !event.service.empty()) ++m_settled;
    print_line(event);
    if (m_style == ProgressStyle::Live) draw_status();
}

void ProgressView::print_line(const results::ProgressEvent& event) {
    std::string who = event.service.empty() ? "" : util::sanitize(event.service) + ": ";
    std::string line = fmt::format("[{}] {:<8} {}{}", clock_time(event.time), results::to_string(event.phase),
                                   who, util::sanitize(event.message));
    if (m_status_shown) m_err << "\r\x1b[K";
    m_err << line << '\n';
    m_status_shown = false;
}

void ProgressView::draw_status() {
    auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - m_started);
    m_err << fmt::format("\r\x1b[K{}/{} services settled, {} s", std::min(m_settled, m_services), m_services,
                         elapsed.count())
          << std::flush;
    m_status_shown = true;
}

void ProgressView::finish() {
    std::lock_guard lock(m_mutex);
    if (m_status_shown) m_err << "\r\x1b[K" << std::flush;
    m_status_shown = false;
}

} // namespace rehearsa::cli
