// util::write_file_atomic: a whole file or none, and never a regular file put where a device node,
// a FIFO or a symlink was (a report sent to /dev/stdout must not replace /dev/stdout).
#include "util/files.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace rehearsa;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "rehearsa-files-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("a regular file is replaced whole, with no temporary file left beside it") {
    TempDir dir;
    const fs::path file = dir.path / "report.json";
    std::ofstream(file) << "old";
    REQUIRE(util::write_file_atomic(file.string(), "new", util::Durability::Replaceable));
    CHECK(slurp(file) == "new");
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator{}) == 1);
}

TEST_CASE("through a symlink, the file it names is replaced and the link stays") {
    TempDir dir;
    const fs::path target = dir.path / "real.xml", link = dir.path / "link.xml";
    std::ofstream(target) << "old";
    fs::create_symlink(target, link);
    REQUIRE(util::write_file_atomic(link.string(), "new", util::Durability::Durable));
    CHECK(fs::is_symlink(link));
    CHECK(slurp(target) == "new");
}

TEST_CASE("a FIFO is written into, not replaced") {
    TempDir dir;
    const fs::path fifo = dir.path / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // A reader that never blocks: the write finds it open, and a write that went elsewhere (a
    // rename over the FIFO) leaves it empty instead of hanging the test.
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    REQUIRE(reader >= 0);
    auto written = util::write_file_atomic(fifo.string(), "through the pipe", util::Durability::Replaceable);
    char buffer[64] = {};
    ssize_t n = ::read(reader, buffer, sizeof buffer);
    ::close(reader);
    CHECK(written);
    CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0) == "through the pipe");
    CHECK(fs::is_fifo(fifo));
}

TEST_CASE("a device that refuses the write is an error naming it, and stays a device") {
    struct stat before {};
    if (::stat("/dev/full", &before) != 0 || !S_ISCHR(before.st_mode))
        SKIP("no /dev/full character device here");
    auto written = util::write_file_atomic("/dev/full", "report", util::Durability::Replaceable);
    struct stat after {};
    REQUIRE(::stat("/dev/full", &after) == 0);
    CHECK(S_ISCHR(after.st_mode));
    REQUIRE_FALSE(written);
    CHECK_THAT(written.error().to_string(),
               ContainsSubstring("/dev/full") && ContainsSubstring("No space left"));
}
