#pragma once
// What the scheduler loop waits on: the engine's events (from the events thread) and the results
// of the blocking create/start/inspect calls (from boot workers), in one queue, so the loop sleeps
// on a condition variable until something happens or its next timer is due.
#include "docker/engine.hpp"
#include "sandbox/tracker.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

namespace rehearsa::sandbox {

struct Created {
    std::size_t service = 0;
    docker::EngineResult<std::string> id;
};

struct Started {
    std::size_t service = 0;
    docker::EngineResult<void> result;
    Clock::time_point requested; // just before the start call: the container cannot run earlier
};

struct Inspected {
    std::size_t service = 0;
    docker::EngineResult<docker::ContainerInfo> info;
};

// The events stream returned: cancelled (expected at the end) or broken (a run problem).
struct StreamEnded {
    docker::EngineResult<void> result;
};

using Message = std::variant<docker::Event, Created, Started, Inspected, StreamEnded>;

class MessageQueue {
public:
    void push(Message message) {
        {
            std::lock_guard lock(m_mutex);
            m_messages.push_back(std::move(message));
        }
        m_ready.notify_one();
    }

    // The oldest message, waiting for one until `deadline`; nullopt when none came.
    std::optional<Message> pop_until(Clock::time_point deadline) {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_until(lock, deadline, [this] { return !m_messages.empty(); })) return std::nullopt;
        Message message = std::move(m_messages.front());
        m_messages.pop_front();
        return message;
    }

    // The oldest message if one is there, without waiting.
    std::optional<Message> try_pop() {
        std::lock_guard lock(m_mutex);
        if (m_messages.empty()) return std::nullopt;
        Message message = std::move(m_messages.front());
        m_messages.pop_front();
        return message;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Message> m_messages;
};

} // namespace rehearsa::sandbox
