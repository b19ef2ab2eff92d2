// Loads every compose file named on the command line ROUNDS times in one process, as the loader
// benchmark's in-process half, and prints one JSON line: files, bytes, seconds, peak RSS.
// Usage: load_corpus ROUNDS FILE...
#include "compose/config_output.hpp"
#include "compose/loader.hpp"
#include "util/files.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace rehearsa;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: load_corpus ROUNDS FILE...\n");
        return 64;
    }
    int rounds = std::atoi(argv[1]);
    std::vector<std::string> files(argv + 2, argv + argc);
    size_t bytes = 0, loaded = 0, failed = 0;
    for (const auto& f : files)
        bytes += util::read_file(f).value_or("").size();
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r)
        for (const auto& f : files) {
            compose::LoadOptions o;
            o.files = {f};
            o.project_directory = util::dir_name(f);
            o.environment = {{"PATH", "/usr/bin:/bin"}, {"HOME", "/nonexistent"}};
            auto p = compose::load_project(o);
            if (p) {
                loaded += compose::config_json(*p).size() > 0;
            } else {
                ++failed;
            }
        }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("{\"files\": %zu, \"rounds\": %d, \"loads\": %zu, \"failed\": %zu, \"bytes\": %zu, "
                "\"seconds\": %.6f, \"peak_rss_kb\": %ld}\n",
                files.size(), rounds, loaded, failed, bytes * static_cast<size_t>(rounds), seconds,
                ru.ru_maxrss);
    return failed ? 1 : 0;
}
