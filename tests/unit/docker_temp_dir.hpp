#pragma once
// A temporary directory for the docker tests (config dirs, sockets, fake helpers), removed with
// everything in it when the test ends.
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace rehearsa::docker::testing {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "rehearsa-docker-XXXXXX").string();
        m_path = ::mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::filesystem::path& relative) const { return (m_path / relative).string(); }
    // Writes `text` to `relative`, creating its directories.
    void write(const std::filesystem::path& relative, const std::string& text) const {
        std::filesystem::create_directories((m_path / relative).parent_path());
        std::ofstream(m_path / relative) << text;
    }

private:
    std::filesystem::path m_path;
};

} // namespace rehearsa::docker::testing
