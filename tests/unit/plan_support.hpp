#pragma once
// A compose project on disk (binds are stat'ed, so their sources must exist for real), loaded the way
// `rehearsa stack test` loads it, and planned with a fixed identity so names can be predicted.
#include "compose/loader.hpp"
#include "plan/plan.hpp"
#include "preflight_project.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::test {

constexpr std::string_view k_run = "0123456789ab";
constexpr std::string_view k_project = "live";

inline plan::PlanOptions plan_options() {
    plan::PlanOptions options;
    options.identity = plan::Identity{std::string(k_run), plan::Owner{"test-host", 4242, 777}};
    return options;
}

// "rehearsa-0123456789ab-<key>"
inline std::string sandbox_name(std::string_view key) {
    return "rehearsa-" + std::string(k_run) + "-" + std::string(key);
}

class PlanStack {
public:
    explicit PlanStack(std::string_view compose) { m_dir.write("compose.yaml", std::string(compose)); }

    const ProjectDir& dir() const { return m_dir; }
    std::string file() const { return m_dir.path("compose.yaml"); }

    compose::Project load() const {
        compose::LoadOptions options;
        options.files = {file()};
        options.project_name = std::string(k_project);
        options.environment = {{"HOME", "/root"}};
        auto project = compose::load_project(options);
        if (!project) FAIL(project.error().front().to_string());
        return std::move(*project);
    }
    std::expected<plan::Plan, util::Errors>
    try_plan(const plan::PlanOptions& options = plan_options()) const {
        return plan::make_plan(load(), options);
    }
    plan::Plan plan(const plan::PlanOptions& options = plan_options()) const {
        auto planned = try_plan(options);
        if (!planned) FAIL(planned.error().front().to_string());
        return std::move(*planned);
    }

private:
    ProjectDir m_dir;
};

inline const plan::ServicePlan& service_of(const plan::Plan& plan, std::string_view name) {
    const plan::ServicePlan* service = plan.find(name);
    REQUIRE(service);
    return *service;
}

inline std::vector<plan::Adjustment> adjustments_of(const plan::Plan& plan, std::string_view rule_id) {
    std::vector<plan::Adjustment> out;
    std::ranges::copy_if(plan.adjustments, std::back_inserter(out),
                         [&](const plan::Adjustment& a) { return a.rule_id == rule_id; });
    return out;
}

inline std::vector<plan::Adjustment> adjustments_at(const plan::Plan& plan, std::string_view yaml_path) {
    std::vector<plan::Adjustment> out;
    std::ranges::copy_if(plan.adjustments, std::back_inserter(out),
                         [&](const plan::Adjustment& a) { return a.yaml_path == yaml_path; });
    return out;
}

// The mount at `target`, or nullptr.
inline const docker::MountSpec* mount_at(const plan::ServicePlan& service, std::string_view target) {
    auto& mounts = service.container.mounts;
    auto it = std::ranges::find(mounts, target, &docker::MountSpec::target);
    return it == mounts.end() ? nullptr : &*it;
}

inline bool has_volume(const plan::Plan& plan, std::string_view name) {
    return std::ranges::find(plan.volumes, name, &docker::VolumeSpec::name) != plan.volumes.end();
}

} // namespace rehearsa::test
