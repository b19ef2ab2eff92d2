#pragma once
// events.jsonl (`--events PATH`): one JSON object a line for each step of a run, for machines.
// Each line carries the run id and a sequence number, so lines of concurrent runs appended to one
// file stay apart, and each is written with a single write(2) in append mode, so a crash leaves
// at most a torn last line, which readers skip.
#include "results/progress.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <string>

namespace rehearsa::store {

class EventLog {
public:
    // Opens (creating) `path` for appending; an Io error names the path.
    static util::Result<EventLog> open(const std::string& path, std::string run_id);
    EventLog(EventLog&& other) noexcept;
    EventLog& operator=(EventLog&&) = delete;
    ~EventLog();

    // {"schema_version":1,"run_id":..,"seq":..,"time":..,"phase":..,"service":..,"message":..}
    util::Result<void> append(const results::ProgressEvent& event);

private:
    EventLog(int fd, std::string path, std::string run_id);
    int m_fd = -1;
    std::string m_path;
    std::string m_run_id;
    std::uint64_t m_seq = 0;
};

// The line append() writes, without its newline.
std::string event_line(const std::string& run_id, std::uint64_t seq, const results::ProgressEvent& event);

} // namespace rehearsa::store
