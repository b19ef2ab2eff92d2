#pragma once
// A compose project on disk for the rule tests: rules read the compose files' text (how a bind was
// written, `# rehearsa-ignore`) and check that paths exist, so in-memory sources are not enough.
#include "compose/loader.hpp"
#include "preflight/analyze.hpp"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <stdlib.h>
#include <string>
#include <vector>

namespace rehearsa::test {

class ProjectDir {
public:
    ProjectDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "rehearsa-rules-XXXXXX").string();
        m_path = mkdtemp(pattern.data());
    }
    ~ProjectDir() { std::filesystem::remove_all(m_path); }
    ProjectDir(const ProjectDir&) = delete;
    ProjectDir& operator=(const ProjectDir&) = delete;

    // Writes a file (creating its directories) and returns its absolute path.
    std::string write(const std::string& name, const std::string& text) const {
        std::filesystem::path file = m_path / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file) << text;
        return file.string();
    }
    std::string path() const { return m_path.string(); }
    std::string path(const std::string& name) const { return (m_path / name).string(); }

    // Loads compose.yaml leniently, as `rehearsa lint` does.
    compose::Project load(compose::Environment environment = {{"HOME", "/root"}}) const {
        compose::LoadOptions options;
        options.files = {path("compose.yaml")};
        options.leniency = compose::Leniency::Lint;
        options.environment = std::move(environment);
        auto project = compose::load_project(options);
        if (!project) FAIL(project.error().front().to_string());
        return std::move(*project);
    }

    // The unsuppressed findings of one rule for compose.yaml.
    std::vector<results::Finding> findings(std::string_view rule) const {
        std::vector<results::Finding> out;
        for (results::Finding& finding : preflight::analyze(load()).findings)
            if (finding.rule->id == rule && !finding.suppressed()) out.push_back(std::move(finding));
        return out;
    }
    std::vector<results::Finding> findings(std::string_view rule, const std::string& compose) const {
        write("compose.yaml", compose);
        return findings(rule);
    }

private:
    std::filesystem::path m_path;
};

} // namespace rehearsa::test
