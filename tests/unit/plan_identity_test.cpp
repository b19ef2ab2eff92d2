// The run id and the owner label: what lets a sweep tell a dead run's orphans from a live run's
// resources, even when the dead run's pid has been reused.
#include "plan/identity.hpp"

#include <array>
#include <catch2/catch_test_macros.hpp>
#include <climits>
#include <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace rehearsa::plan;

namespace {

std::string this_host() {
    std::array<char, HOST_NAME_MAX + 1> name{};
    REQUIRE(gethostname(name.data(), name.size() - 1) == 0);
    return name.data();
}

// A pid that no process has: a child that has exited and been reaped.
long reaped_pid() {
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) _exit(0);
    int status = 0;
    waitpid(child, &status, 0);
    return child;
}

} // namespace

TEST_CASE("a run id is 12 random lowercase hex characters") {
    std::string first = current_identity().run_id;
    CHECK(first.size() == 12);
    CHECK(first.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(current_identity().run_id != first);
}

TEST_CASE("the owner is this host, this process and its start time") {
    Owner owner = current_identity().owner;
    CHECK(owner.host == this_host());
    CHECK(owner.pid == getpid());
    CHECK(owner.start_time > 0);
    CHECK(process_start_time(getpid()) == owner.start_time);
}

TEST_CASE("the owner label round-trips as host:pid:start") {
    Owner owner{"build-01.example", 31337, 123456789};
    CHECK(owner.to_label() == "build-01.example:31337:123456789");
    CHECK(Owner::from_label(owner.to_label()) == owner);
}

TEST_CASE("malformed owner labels are refused") {
    for (std::string_view label : {"", "host", "host:1", "host:1:", "host::2", ":1:2", "h:0:2", "h:-1:2",
                                   "h:1:2x", "h:x:2", "a:b:1:2", "h:1:-2"}) {
        INFO(label);
        CHECK_FALSE(Owner::from_label(label));
    }
}

TEST_CASE("the start time is read past a process name holding spaces and parentheses") {
    std::array<int, 2> go{}, renamed{};
    REQUIRE(pipe(go.data()) == 0);
    REQUIRE(pipe(renamed.data()) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        char byte = 0;
        (void)!read(go[0], &byte, 1);
        prctl(PR_SET_NAME, "a) b c d) e", 0, 0, 0); // two extra "fields" for a naive parser
        (void)!write(renamed[1], &byte, 1);
        pause();
        _exit(0);
    }
    auto before = process_start_time(child);
    char byte = 0;
    REQUIRE(write(go[1], &byte, 1) == 1);
    REQUIRE(read(renamed[0], &byte, 1) == 1);
    auto after = process_start_time(child);
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    REQUIRE(before);
    CHECK(after == before);
    CHECK(*before >= *process_start_time(getpid()));
}

TEST_CASE("a process that does not exist has no start time") {
    CHECK_FALSE(process_start_time(reaped_pid()));
    CHECK_FALSE(process_start_time(0));
    CHECK_FALSE(process_start_time(-5));
}

TEST_CASE("an owner is alive only while its very process runs") {
    Owner self = current_identity().owner;
    CHECK(owner_alive(self));

    Owner reused = self; // same pid, another start time: the pid was reused
    reused.start_time += 1;
    CHECK_FALSE(owner_alive(reused));

    Owner gone = self;
    gone.pid = reaped_pid();
    CHECK_FALSE(owner_alive(gone));
}

TEST_CASE("another host's owner is assumed alive") {
    Owner elsewhere{this_host() + "-elsewhere", static_cast<long>(reaped_pid()), 1};
    CHECK(owner_alive(elsewhere));
}
