#include "plan/plan.hpp"

#include "plan/builder.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::plan {

namespace {

constexpr std::string_view k_name_prefix = "rehearsa-";
constexpr std::string_view k_compose_label_prefix = "com.docker.compose.";

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

std::string service_list(std::span<const compose::Entry> services) {
    std::string out;
    for (const compose::Entry& service : services)
        out += (out.empty() ? "" : ", ") + service.key;
    return out;
}

// Every --inject-failure must name a service: a typo would otherwise rehearse nothing broken.
void check_injections(Builder& builder) {
    for (const Injection& injection : builder.options.injections)
        if (!builder.service(injection.service))
            builder.fail({}, "",
                         fmt::format("--inject-failure: no service named '{}' (services: {})",
                                     injection.service, service_list(builder.services())),
                         util::ErrorKind::Usage);
}

void apply_injections(Builder& builder) {
    for (const Injection& injection : builder.options.injections)
        for (ServicePlan& service : builder.plan.services)
            if (service.name == injection.service) inject_failure(service, injection.mode);
}

Plan empty_plan(const compose::Project& project, const PlanOptions& options) {
    Plan plan;
    plan.identity = options.identity;
    plan.stack = project.name;
    plan.project_dir = project.working_dir;
    plan.labels = {{k_label_run, options.identity.run_id},
                   {k_label_stack, project.name},
                   {k_label_owner, options.identity.owner.to_label()}};
    plan.timeout = options.timeout;
    return plan;
}

} // namespace

std::span<const compose::Entry> Builder::services() const {
    const compose::Node* services = project.model.find("services");
    if (!services) return {};
    return services->entries;
}

const compose::Entry* Builder::service(std::string_view service_name) const {
    const compose::Node* services = project.model.find("services");
    return services ? services->find_entry(service_name) : nullptr;
}

const compose::Node* Builder::section(std::string_view section_name) const {
    const compose::Node* node = project.model.find(section_name);
    return node && node->is_mapping() ? node : nullptr;
}

std::string Builder::name(std::string_view key) const {
    return sanitize_name(fmt::format("{}{}-{}", k_name_prefix, options.identity.run_id, key));
}

docker::Labels Builder::labels(const compose::Node* own) const {
    docker::Labels out;
    if (own && own->is_mapping())
        for (const compose::Entry& label : own->entries)
            if (!label.key.starts_with(k_compose_label_prefix)) out[label.key] = label.value.text;
    for (const auto& [key, value] : plan.labels)
        out[key] = value; // ours win: a compose label must not pose as another run's
    return out;
}

void Builder::adjust(std::string service, std::string yaml_path, util::Location where, std::string rule_id,
                     std::string message) {
    plan.adjustments.push_back(Adjustment{std::move(service), std::move(yaml_path), std::move(where),
                                          std::move(rule_id), std::move(message)});
}

void Builder::fail(util::Location where, std::string yaml_path, std::string message, util::ErrorKind kind) {
    errors.push_back(util::Error{kind, std::move(where), std::move(yaml_path), std::move(message)});
}

std::string sanitize_name(std::string_view name) {
    std::string out(name);
    std::ranges::replace_if(
        out, [](char c) { return !is_name_char(c); }, '-');
    return out;
}

std::string text_at(const compose::Node& node, std::string_view key) {
    const compose::Node* value = node.find(key);
    return value && value->is_scalar() ? value->text : std::string{};
}

bool is_true(const compose::Node* node) {
    return node && node->is_scalar() && node->text == "true";
}

std::optional<std::vector<std::string>> words_at(const compose::Node& node, std::string_view key) {
    const compose::Node* value = node.find(key);
    if (!value || value->is_null()) return std::nullopt;
    if (value->is_scalar()) return std::vector<std::string>{value->text};
    std::vector<std::string> out;
    for (const compose::Node& item : value->items)
        out.push_back(item.text);
    return out;
}

std::optional<std::string> sandbox_container_mode(const Builder& builder, std::string_view mode) {
    constexpr std::string_view k_service_prefix = "service:";
    if (!mode.starts_with(k_service_prefix)) return std::nullopt;
    return "container:" + builder.name(mode.substr(k_service_prefix.size()));
}

const ServicePlan* Plan::find(std::string_view service) const {
    auto it = std::ranges::find(services, service, &ServicePlan::name);
    return it == services.end() ? nullptr : &*it;
}

std::expected<Plan, util::Errors> make_plan(const compose::Project& project, const PlanOptions& options) {
    Plan plan = empty_plan(project, options);
    util::Errors errors;
    Builder builder{project, options, plan, errors};
    check_injections(builder);
    plan_networks(builder);
    plan_volumes(builder);
    // In dependency order, so that volumes_from and network_mode: service:x find their target planned.
    for (const compose::Entry* service : service_order(builder))
        plan.services.push_back(plan_service(builder, *service));
    add_link_aliases(builder);
    apply_injections(builder);
    if (!errors.empty()) return std::unexpected(std::move(errors));
    return plan;
}

} // namespace rehearsa::plan
