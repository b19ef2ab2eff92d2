#pragma once
// SIGINT and SIGTERM during a rehearsal: the first cancels the run, which stops booting, writes
// its reports and removes everything it created; a second forces the cleanup to start at once
// (the run skips collecting logs for the report). While the guard lives, neither kills the
// process, so the sandbox is never left behind by Ctrl-C or a CI job's cancel.
#include "docker/cancel.hpp"

#include <csignal>

namespace rehearsa::cli {

class SignalGuard {
public:
    // `cancel` fires on the first signal, `force` on the second.
    SignalGuard(docker::CancelToken cancel, docker::CancelToken force);
    ~SignalGuard();
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;

    // The first signal received, or 0.
    int signal_received() const;

private:
    struct sigaction m_old_int {};
    struct sigaction m_old_term {};
};

} // namespace rehearsa::cli
