#pragma once
// What the steps of make_plan share: the inputs, the plan being filled, and the errors found so
// far (every step runs, so that one run reports every problem). Internal to src/plan.
#include "plan/plan.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::plan {

struct Builder {
    const compose::Project& project;
    const PlanOptions& options;
    Plan& plan;
    util::Errors& errors;

    // The services in model order, and one by name (nullptr when the project has none such).
    std::span<const compose::Entry> services() const;
    const compose::Entry* service(std::string_view name) const;
    // A top-level section ("networks", "volumes", "secrets", "configs"), or nullptr.
    const compose::Node* section(std::string_view name) const;

    // `rehearsa-<run>-<key>` in Docker's name charset: never a live resource's name.
    std::string name(std::string_view key) const;
    // The plan's labels plus a definition's own `labels:`, minus compose's.
    docker::Labels labels(const compose::Node* own) const;

    void adjust(std::string service, std::string yaml_path, util::Location where, std::string rule_id,
                std::string message);
    void fail(util::Location where, std::string yaml_path, std::string message,
              util::ErrorKind kind = util::ErrorKind::Input);
};

// Replaces every character Docker refuses in a name with '-'.
std::string sanitize_name(std::string_view name);

// The text of a scalar at `key`, or "" when absent or not a scalar.
std::string text_at(const compose::Node& node, std::string_view key);
bool is_true(const compose::Node* node);
// null or absent: nullopt (the image's); a list as written; a lone string as one word.
std::optional<std::vector<std::string>> words_at(const compose::Node& node, std::string_view key);

// `network_mode: service:x`, `ipc: service:x`: "container:<x's sandbox name>"; nullopt for any
// other mode. (The loader has made x an implicit service_started dependency.)
std::optional<std::string> sandbox_container_mode(const Builder& builder, std::string_view mode);

// plan_order.cpp: services with their dependencies first; peers in the order they are written.
std::vector<const compose::Entry*> service_order(Builder& builder);

// plan_service.cpp: image, process, labels, healthcheck, dependencies, lifetime, timeout, and the
// settings the sandbox drops (ports, container_name).
ServicePlan plan_service(Builder& builder, const compose::Entry& service);

// plan_runtime.cpp: capabilities, resources, kernel settings, name resolution, namespaces; what
// reaches the host (devices, privileged, host namespaces, a shipping log driver) dropped.
void plan_runtime(Builder& builder, const compose::Entry& service, ServicePlan& out);

// plan_health.cpp: the healthcheck, x-rehearsa.timeout, and --inject-failure.
void plan_healthcheck(Builder& builder, const compose::Entry& service, ServicePlan& out);
std::optional<std::chrono::seconds> service_timeout(Builder& builder, const compose::Entry& service);
void inject_failure(ServicePlan& service, results::FailureMode mode);

// plan_networks.cpp
void plan_networks(Builder& builder);
void attach_networks(Builder& builder, const compose::Entry& service, ServicePlan& out);
void add_link_aliases(Builder& builder);

// What a host path is, read with one stat: the only disk access of the plan, because a bind of a
// missing path, a single file or a socket cannot be planned like a directory.
enum class SourceKind { Directory, File, Missing, Special };
SourceKind source_kind(const std::string& path);

// plan_mounts.cpp and plan_files.cpp
void plan_volumes(Builder& builder);
void plan_mounts(Builder& builder, const compose::Entry& service, ServicePlan& out);
void plan_file_mounts(Builder& builder, const compose::Entry& service, ServicePlan& out);

} // namespace rehearsa::plan
