#pragma once
// Cancellation of long engine calls (an events stream, a pull, a wait): a flag shared by copies,
// which the transport polls at least every 100 ms, so the call returns Cancelled promptly.
// cancel() is a lock-free atomic store and nothing else, so a signal handler may call it.
#include <atomic>
#include <memory>

namespace rehearsa::docker {

class CancelToken {
public:
    CancelToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}

    void cancel() const noexcept { m_flag->store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return m_flag->load(std::memory_order_relaxed); }

private:
    static_assert(std::atomic<bool>::is_always_lock_free, "cancel() must be async-signal-safe");
    std::shared_ptr<std::atomic<bool>> m_flag;
};

} // namespace rehearsa::docker
