#include "cli/signals.hpp"

#include <atomic>
#include <optional>
#include <unistd.h>

namespace rehearsa::cli {

namespace {

// A signal handler may only touch lock-free atomics: these are set before the handlers go in.
std::optional<docker::CancelToken> g_cancel;
std::optional<docker::CancelToken> g_force;
std::atomic<int> g_first_signal{0};
std::atomic<int> g_count{0};

void write_stderr(const char* text, std::size_t size) {
    // Best effort: nothing can be done from a handler if stderr is gone.
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, text, size);
}

void on_signal(int signal) {
    int count = ++g_count;
    if (count == 1) {
        g_first_signal = signal;
        g_cancel->cancel();
        constexpr char k_text[] = "\nrehearsa: interrupted: stopping the rehearsal and removing the sandbox "
                                  "(interrupt again to skip collecting logs)\n";
        write_stderr(k_text, sizeof k_text - 1);
    } else if (count == 2) {
        g_force->cancel();
        constexpr char k_text[] = "\nrehearsa: removing the sandbox now\n";
        write_stderr(k_text, sizeof k_text - 1);
    }
}

} // namespace

SignalGuard::SignalGuard(docker::CancelToken cancel, docker::CancelToken force) {
    g_cancel = std::move(cancel);
    g_force = std::move(force);
    g_first_signal = 0;
    g_count = 0;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &m_old_int);
    ::sigaction(SIGTERM, &action, &m_old_term);
}

SignalGuard::~SignalGuard() {
    ::sigaction(SIGINT, &m_old_int, nullptr);
    ::sigaction(SIGTERM, &m_old_term, nullptr);
}

int SignalGuard::signal_received() const {
    return g_first_signal.load();
}

} // namespace rehearsa::cli
