#include "store/event_log.hpp"

#include "util/duration.hpp"
#include "util/json_writer.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>
#include <utility>

namespace rehearsa::store {

namespace {

util::Error io_error(const std::string& path, std::string_view doing) {
    return util::Error{util::ErrorKind::Io, util::Location::of_file(path), "",
                       fmt::format("cannot {}: {}", doing, std::strerror(errno))};
}

} // namespace

std::string event_line(const std::string& run_id, std::uint64_t seq, const results::ProgressEvent& event) {
    util::JsonWriter w(util::JsonStyle::Compact);
    {
        util::JsonObject o(w);
        w.field("schema_version", 1);
        w.field("run_id", run_id);
        w.field("seq", seq);
        w.field("time", util::rfc3339_utc(event.time));
        w.field("phase", results::to_string(event.phase));
        w.field("service", event.service);
        w.field("message", event.message);
    }
    return w.take();
}

util::Result<EventLog> EventLog::open(const std::string& path, std::string run_id) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return std::unexpected(io_error(path, "open the events file"));
    return EventLog(fd, path, std::move(run_id));
}

EventLog::EventLog(int fd, std::string path, std::string run_id)
    : m_fd(fd), m_path(std::move(path)), m_run_id(std::move(run_id)) {}

EventLog::EventLog(EventLog&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)),
      m_run_id(std::move(other.m_run_id)), m_seq(other.m_seq) {}

EventLog::~EventLog() {
    if (m_fd >= 0) ::close(m_fd);
}

util::Result<void> EventLog::append(const results::ProgressEvent& event) {
    std::string line = event_line(m_run_id, ++m_seq, event) + "\n";
    // One write: in O_APPEND mode the line lands whole after whatever another writer appended.
    if (::write(m_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        return std::unexpected(io_error(m_path, "append to the events file"));
    return {};
}

} // namespace rehearsa::store
