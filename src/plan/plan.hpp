#pragma once
// The isolation transform (DESIGN.md, the sandbox invariants): from the loaded compose model to
// the exact resources a rehearsal creates. It never talks to Docker and reads the disk only to
// stat bind, secret and config sources, so every invariant is unit-tested on the plan alone.
#include "compose/loader.hpp"
#include "docker/specs.hpp"
#include "plan/identity.hpp"
#include "plan/options.hpp"
#include "util/duration.hpp"
#include "util/error.hpp"

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace rehearsa::plan {

struct PlanOptions {
    Identity identity;               // run id and owner: every label and name derives from it
    std::optional<BindPolicy> binds; // nullopt: ReadOnly inside the project dir, Empty outside
    Egress egress = Egress::Internal;
    std::vector<Injection> injections; // each must name a service of the project
    std::chrono::seconds timeout{300}; // the whole stack; x-rehearsa.timeout may set one per service
};

// depends_on conditions, compose's names.
enum class Condition { Started, Healthy, CompletedSuccessfully };

struct Dependency {
    std::string service;
    Condition condition = Condition::Started;
    bool required = true; // required: false only warns when the dependency fails
    util::Location where; // the depends_on entry
};

// Whether the service's container is expected to keep running or to finish (preflight's
// one-shot heuristic, docs/rules/unadopted-one-shot.md, plus being waited on with
// service_completed_successfully).
enum class Lifetime { LongRunning, OneShot };

// Where the healthcheck comes from: compose's, the image's (known only at run time), or none.
enum class HealthSource { Compose, Image, Disabled };

// Something the plan changed or refused to keep the live stack safe, shown in the report.
struct Adjustment {
    std::string service;   // empty for project-level ones (networks, volumes)
    std::string yaml_path; // "services.web.ports", "services.app.volumes[1]"
    util::Location where;
    std::string rule_id; // the preflight rule that describes the risk, e.g. "docker-socket-mount"
    std::string message; // "published port 8080:80 not published in the sandbox"
};

// Fill a sandbox volume with a copy of a host path before anything starts (--binds copy): a
// short-lived helper container of `image` mounts `source` read-only and the volume read-write.
struct CopyStep {
    std::string service; // whose image runs the copy
    std::string image;
    std::string source; // absolute host path
    std::string volume; // sandbox volume name
};

struct ServicePlan {
    std::string name;     // the compose service name
    util::Location where; // its key in the compose file: where JUnit and SARIF point
    std::string image;    // as written, always with a tag or digest (":latest" added when none)
    docker::ContainerSpec container;
    std::vector<Dependency> depends_on; // including implicit ones (network_mode: service:x)
    Lifetime lifetime = Lifetime::LongRunning;
    HealthSource health = HealthSource::Image;
    std::optional<std::chrono::seconds> timeout; // x-rehearsa.timeout
    std::optional<results::FailureMode> injected;
};

struct Plan {
    Identity identity;
    std::string stack;       // the compose project name
    std::string project_dir; // absolute
    docker::Labels labels;   // the labels every resource carries (run, stack, owner)
    std::vector<docker::NetworkSpec> networks;
    std::vector<docker::VolumeSpec> volumes;
    std::vector<CopyStep> copies;
    std::vector<ServicePlan> services; // in a dependency (topological) order
    std::vector<Adjustment> adjustments;
    std::chrono::seconds timeout{300};

    const ServicePlan* find(std::string_view service) const;
};

// Label keys (docs/sandbox.md). Values of io.rehearsa.owner: "host:pid:start-time".
inline constexpr const char* k_label_run = "io.rehearsa.run";
inline constexpr const char* k_label_stack = "io.rehearsa.stack";
inline constexpr const char* k_label_owner = "io.rehearsa.owner";
inline constexpr const char* k_label_service = "io.rehearsa.service";

// Errors (kind Usage for a bad --inject-failure service, Input for a model the sandbox cannot
// run) carry the compose file location where there is one.
std::expected<Plan, util::Errors> make_plan(const compose::Project& project, const PlanOptions& options);

} // namespace rehearsa::plan
