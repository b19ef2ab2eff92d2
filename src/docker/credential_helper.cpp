#include "docker/credential_helper.hpp"

#include "docker/json_read.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace rehearsa::docker {

namespace {

constexpr int k_timeout_ms = 60'000; // a helper waiting on a desktop keychain prompt
constexpr std::size_t k_max_output = 1 << 20;

struct Child {
    pid_t pid = -1;
    int fd = -1; // our end of the socket that is the helper's stdin and stdout
};

// One socketpair serves as both stdin and stdout: a socket, unlike a pipe, takes MSG_NOSIGNAL, so
// a helper that exits without reading cannot kill rehearsa with SIGPIPE.
EngineResult<Child> spawn(const std::string& program) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return engine_fail(EngineErrorKind::Config,
                           fmt::format("cannot run {}: {}", program, std::strerror(errno)));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>("get"), nullptr};
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        return engine_fail(
            EngineErrorKind::Config,
            fmt::format("cannot run the credential helper {}: {} (install it, or remove it from "
                        "credsStore/credHelpers in config.json)",
                        program, std::strerror(rc)));
    }
    return Child{pid, fds[0]};
}

// Everything the child writes until it closes stdout; false on timeout.
bool read_all(int fd, std::string& out) {
    char buffer[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, k_timeout_ms) <= 0) return false;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return true;
        if (out.size() < k_max_output) out.append(buffer, static_cast<std::size_t>(n));
    }
}

int reap(pid_t pid, bool kill_first) {
    if (kill_first) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

EngineResult<std::optional<HelperCredentials>> read_reply(const std::string& program,
                                                          const std::string& out) {
    auto doc = JsonDoc::parse_object(out, fmt::format("the output of {} get", program));
    if (!doc) return std::unexpected(doc.error());
    HelperCredentials creds{string_at(doc->root(), "Username"), string_at(doc->root(), "Secret")};
    if (creds.username.empty() && creds.secret.empty()) return std::nullopt;
    return creds;
}

} // namespace

EngineResult<std::optional<HelperCredentials>> helper_get(const std::string& helper,
                                                          std::string_view server) {
    const std::string program = "docker-credential-" + helper;
    auto child = spawn(program);
    if (!child) return std::unexpected(child.error());
    (void)::send(child->fd, server.data(), server.size(), MSG_NOSIGNAL);
    ::shutdown(child->fd, SHUT_WR);
    std::string out;
    const bool finished = read_all(child->fd, out);
    ::close(child->fd);
    const int status = reap(child->pid, !finished);
    if (!finished)
        return engine_fail(EngineErrorKind::Config,
                           fmt::format("{} get did not answer within a minute", program));
    if (status != 0) {
        // The helpers' protocol: "credentials not found in native keychain" means no credentials.
        if (out.find("credentials not found") != std::string::npos) return std::nullopt;
        return engine_fail(EngineErrorKind::Config,
                           fmt::format("{} get failed (exit {}): {}", program, status, out));
    }
    return read_reply(program, out);
}

} // namespace rehearsa::docker
