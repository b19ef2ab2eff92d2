// The transport without a daemon: errors for a missing socket, a refused connection and a socket
// without permission; replies from a fake engine on a unix socket (status mapping, captured
// headers, chunked streams); and cancellation of a blocked stream within a second.
#include "docker/docker_engine.hpp"
#include "docker/http.hpp"
#include "docker_temp_dir.hpp"

#include <atomic>
#include <catch2/catch_test_macros.hpp>
#include <cerrno>
#include <chrono>
#include <curl/curl.h>
#include <filesystem>
#include <fmt/format.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace rehearsa::docker;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using testing::TempDir;

int bind_socket(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof addr.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    return fd;
}

// What the fake engine does after its last reply.
enum class Hold { Close, UntilClientCloses };

// A fake engine: answers the i-th connection with replies[i] (raw HTTP) and closes it; after the
// last reply it waits for the client to close first when told to hold.
class FakeEngine {
public:
    FakeEngine(std::vector<std::string> replies, Hold hold) : m_socket(m_dir.file("engine.sock")) {
        m_fd = bind_socket(m_socket);
        ::listen(m_fd, 4);
        m_thread = std::thread([this, replies = std::move(replies), hold] {
            for (std::size_t i = 0; i < replies.size(); ++i)
                serve(replies[i], i + 1 == replies.size() ? hold : Hold::Close);
        });
    }
    FakeEngine(std::string reply, Hold hold) : FakeEngine(std::vector<std::string>{std::move(reply)}, hold) {}
    ~FakeEngine() {
        m_thread.join();
        ::close(m_fd);
    }
    FakeEngine(const FakeEngine&) = delete;
    FakeEngine& operator=(const FakeEngine&) = delete;

    Endpoint endpoint() const { return *parse_host("unix://" + m_socket, TlsMode::Off); }
    HttpTransport transport() const { return HttpTransport(endpoint()); }
    // The request heads received, in order (read after the client is done).
    const std::vector<std::string>& requests() const { return m_requests; }

private:
    void serve(const std::string& reply, Hold hold) {
        int client = ::accept(m_fd, nullptr, nullptr);
        char buffer[4096];
        std::string request;
        while (request.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::read(client, buffer, sizeof buffer);
            if (n <= 0) break;
            request.append(buffer, static_cast<std::size_t>(n));
        }
        m_requests.push_back(std::move(request));
        (void)::write(client, reply.data(), reply.size());
        while (hold == Hold::UntilClientCloses && ::read(client, buffer, sizeof buffer) > 0) {
        }
        ::close(client);
    }

    TempDir m_dir;
    std::string m_socket;
    int m_fd = -1;
    std::vector<std::string> m_requests;
    std::thread m_thread;
};

std::string http_reply(std::string_view status, std::string_view body, std::string_view headers = "") {
    return fmt::format("HTTP/1.1 {}\r\nContent-Type: application/json\r\n{}Content-Length: {}\r\n\r\n{}",
                       status, headers, body.size(), body);
}

std::string chunk(std::string_view data) {
    return fmt::format("{:x}\r\n{}\r\n", data.size(), data);
}

constexpr std::string_view k_stream_head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Transfer-Encoding: chunked\r\n\r\n";

} // namespace

TEST_CASE("a missing socket is Unreachable, in one line that says what to do") {
    HttpTransport http(*parse_host("unix:///nonexistent.sock", TlsMode::Off));
    auto reply = http.send(Request{.target = "/_ping"});
    REQUIRE_FALSE(reply);
    CHECK(reply.error().kind == EngineErrorKind::Unreachable);
    CHECK(reply.error().message ==
          "cannot connect to the Docker Engine at unix:///nonexistent.sock: no such file "
          "(is the daemon running? set DOCKER_HOST or a context)");
}

TEST_CASE("a socket nobody listens on is Unreachable: connection refused") {
    TempDir dir;
    const int fd = bind_socket(dir.file("dead.sock")); // bound, never listening
    HttpTransport http(*parse_host("unix://" + dir.file("dead.sock"), TlsMode::Off));
    auto reply = http.send(Request{.target = "/_ping", .doing = "pinging"});
    ::close(fd);
    REQUIRE_FALSE(reply);
    CHECK(reply.error().kind == EngineErrorKind::Unreachable);
    CHECK(reply.error().message.starts_with("pinging: cannot connect to the Docker Engine at unix://"));
    CHECK(reply.error().message.find("connection refused") != std::string::npos);
}

TEST_CASE("a socket without permission is PermissionDenied") {
    // Root passes any file permission, so as root the connect runs in a child that became nobody.
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::all);
    const std::string socket = dir.file("locked.sock");
    const int fd = bind_socket(socket);
    ::listen(fd, 1);
    ::chmod(socket.c_str(), 0);
    auto attempt = [&] {
        HttpTransport http(*parse_host("unix://" + socket, TlsMode::Off));
        auto reply = http.send(Request{.target = "/_ping"});
        return reply ? -1 : static_cast<int>(reply.error().kind);
    };
    int kind = -1;
    if (::geteuid() != 0) {
        kind = attempt();
    } else {
        const pid_t child = ::fork();
        if (child == 0) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(100);
            ::_exit(attempt());
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        REQUIRE(WIFEXITED(status));
        kind = WEXITSTATUS(status);
        REQUIRE(kind != 100); // could not drop root: the test proves nothing then
    }
    ::close(fd);
    CHECK(kind == static_cast<int>(EngineErrorKind::PermissionDenied));
}

TEST_CASE("EACCES on a socket reads as one line with the fix") {
    auto ep = *parse_host("unix:///var/run/docker.sock", TlsMode::Off);
    auto error = transport_error(ep, CURLE_COULDNT_CONNECT, EACCES, "Permission denied");
    CHECK(error.kind == EngineErrorKind::PermissionDenied);
    CHECK(error.message ==
          "permission denied on /var/run/docker.sock (add your user to the docker group or run with sudo)");
    CHECK(transport_error(ep, CURLE_ABORTED_BY_CALLBACK, 0, "").kind == EngineErrorKind::Cancelled);
    CHECK(transport_error(ep, CURLE_GOT_NOTHING, 0, "Empty reply").kind == EngineErrorKind::Protocol);
}

TEST_CASE("a 404 carries the daemon's message and the request's context") {
    FakeEngine engine(http_reply("404 Not Found", R"({"message":"No such image: nope:1"})"), Hold::Close);
    auto reply = engine.transport().send(Request{.method = Method::Post,
                                                 .target = "/v1.41/containers/create",
                                                 .body = "{}",
                                                 .doing = "creating container x"});
    REQUIRE(reply);
    CHECK(reply->status == 404);
    auto error = status_error(Request{.doing = "creating container x"}, *reply);
    CHECK(error.kind == EngineErrorKind::NotFound);
    CHECK(error.http_status == 404);
    CHECK(error.message == "creating container x: No such image: nope:1");
    CHECK(engine.requests().at(0).starts_with("POST /v1.41/containers/create HTTP/1.1\r\n"));
    CHECK(engine.requests().at(0).find("Content-Type: application/json") != std::string::npos);
}

TEST_CASE("reply headers named in capture are kept") {
    FakeEngine engine(http_reply("200 OK", "OK", "Api-Version: 1.41\r\nLibpod-API-Version: 4.3.1\r\n"),
                      Hold::Close);
    auto reply = engine.transport().send(
        Request{.target = "/_ping", .capture = {"Api-Version", "Libpod-API-Version"}});
    REQUIRE(reply);
    CHECK(reply->body == "OK");
    CHECK(reply->headers.at("Api-Version") == "1.41");
    CHECK(reply->headers.at("Libpod-API-Version") == "4.3.1");
}

TEST_CASE("a streamed error status becomes a typed error; a non-JSON body is shown raw") {
    FakeEngine engine(http_reply("500 Internal Server Error", "<html>proxy\nerror</html>"), Hold::Close);
    auto streamed = engine.transport().stream(Request{.target = "/events", .doing = "reading events"},
                                              [](std::string_view) { return StreamControl::Continue; }, {});
    REQUIRE_FALSE(streamed);
    CHECK(streamed.error().kind == EngineErrorKind::ServerError);
    CHECK(streamed.error().message == "reading events: <html>proxy error</html>");
}

TEST_CASE("chunks reach the sink as they come; Stop ends the stream successfully") {
    FakeEngine engine(std::string(k_stream_head) + chunk("{\"a\":1}\n{\"b\"") + chunk(":2}\n"),
                      Hold::UntilClientCloses);
    std::string seen;
    auto streamed = engine.transport().stream(Request{.target = "/events"},
                                              [&](std::string_view data) {
                                                  seen += data;
                                                  return seen.ends_with("}\n") && seen.size() > 10
                                                             ? StreamControl::Stop
                                                             : StreamControl::Continue;
                                              },
                                              {});
    REQUIRE(streamed);
    CHECK(seen == "{\"a\":1}\n{\"b\":2}\n");
}

TEST_CASE("cancelling a blocked stream from another thread returns within a second") {
    FakeEngine engine(std::string(k_stream_head) + chunk("{}\n"), Hold::UntilClientCloses); // then silence
    CancelToken cancel;
    std::atomic<bool> got_data = false;
    std::chrono::steady_clock::time_point cancelled_at;
    std::thread canceller([&] {
        while (!got_data)
            std::this_thread::sleep_for(10ms);
        std::this_thread::sleep_for(300ms);
        cancelled_at = std::chrono::steady_clock::now();
        cancel.cancel();
    });
    auto streamed = engine.transport().stream(
        Request{.target = "/events"},
        [&](std::string_view) {
            got_data = true;
            return StreamControl::Continue;
        },
        cancel);
    const auto returned_at = std::chrono::steady_clock::now();
    canceller.join();
    REQUIRE_FALSE(streamed);
    CHECK(streamed.error().kind == EngineErrorKind::Cancelled);
    CHECK(returned_at - cancelled_at < 1s);
}

TEST_CASE("url and path escaping") {
    CHECK(url_escape(R"({"label":["a=b"]})") == "%7B%22label%22%3A%5B%22a%3Db%22%5D%7D");
    CHECK(path_escape("ghcr.io/org/app:1@sha256:ab cd") == "ghcr.io/org/app:1@sha256:ab%20cd");
}

TEST_CASE("a fake Podman: flavor and version from /_ping and /version; a pull error inside a 200 stream") {
    TempDir config;
    config.write("config.json", R"({"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"}}})");
    const std::string progress = R"({"status":"Pulling from library/busybox","id":"latest"})"
                                 "\n";
    const std::string failure = R"({"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"})"
                                "\n";
    FakeEngine engine(
        {http_reply("200 OK", "OK", "Api-Version: 1.41\r\nLibpod-Api-Version: 4.3.1\r\n"),
         http_reply("200 OK", R"({"ApiVersion":"1.41","MinAPIVersion":"1.12","Version":"4.3.1"})"),
         std::string(k_stream_head) + chunk(progress.substr(0, 20)) + chunk(progress.substr(20)) +
             chunk(failure) + "0\r\n\r\n"},
        Hold::Close);
    auto docker = DockerEngine::connect_to(engine.endpoint(), config.path().string());
    REQUIRE(docker);
    CHECK((*docker)->api_version() == ApiVersion{1, 41});
    CHECK((*docker)->server().flavor == EngineFlavor::Podman);
    CHECK((*docker)->server().version == "4.3.1");
    std::vector<std::string> seen;
    auto pulled =
        (*docker)->pull_image("busybox", [&](const PullProgress& p) { seen.push_back(p.status); }, {});
    REQUIRE_FALSE(pulled);
    CHECK(pulled.error().kind == EngineErrorKind::ServerError);
    CHECK(pulled.error().http_status == 200);
    CHECK(
        pulled.error().message.starts_with("pulling busybox:latest: manifest unknown (check the image name"));
    CHECK(seen == std::vector<std::string>{"Pulling from library/busybox"});
    REQUIRE(engine.requests().size() == 3);
    CHECK(
        engine.requests()[2].starts_with("POST /v1.41/images/create?fromImage=busybox&tag=latest HTTP/1.1"));
    CHECK(engine.requests()[2].find("X-Registry-Auth: ") != std::string::npos);
}
