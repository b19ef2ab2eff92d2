// Boot order: whether a restored stack starts its services in an order that works, waiting for
// each dependency to be ready (healthy, or finished for a job) rather than merely started.
#include "compose/service_traits.hpp"
#include "preflight/rule_table.hpp"
#include "preflight/rules.hpp"
#include "preflight/rules_boot_order_health.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_healthy_without_healthcheck{
    "healthy-dependency-without-healthcheck",
    "HealthyDependencyWithoutHealthcheck",
    "boot-order",
    results::Severity::Error,
    "A service waits for a dependency to be healthy, but the dependency has no healthcheck.",
    "`condition: service_healthy` needs a healthcheck to report health. Without one, compose gives up at "
    "once "
    "(`dependency failed to start: container db has no healthcheck configured`), so neither the restored "
    "stack nor the rehearsal gets past the dependency.",
    "Give the dependency a `healthcheck` that tests real readiness, or wait with `condition: "
    "service_started` if starting is enough."};

constexpr results::Rule k_dependency_without_healthcheck{
    "dependency-without-healthcheck",
    "DependencyWithoutHealthcheck",
    "boot-order",
    results::Severity::Warning,
    "Other services depend on a service that has no healthcheck.",
    "Without a healthcheck, dependents start as soon as the dependency's container starts, not when it "
    "accepts connections. After a restore a database may replay its log for minutes, so dependents crash or "
    "cache a failed connection, and a rehearsal cannot tell a ready service from a starting one.",
    "Add a `healthcheck` to the dependency and have dependents wait with `condition: service_healthy`."};

constexpr results::Rule k_unadopted_one_shot{
    "unadopted-one-shot",
    "UnadoptedOneShot",
    "boot-order",
    results::Severity::Warning,
    "A one-shot job (migration, seed, init) is not awaited with `service_completed_successfully`.",
    "Nothing waits for the job to finish, so after a restore the services it prepares start against "
    "an un-migrated or unseeded store, and a failed job goes unnoticed while the stack reports itself up.",
    "Make the services that need the job depend on it with `condition: service_completed_successfully`, "
    "or mark a long-running service with `x-rehearsa: {one_shot: false}`."};

constexpr results::Rule k_depends_on_disabled{
    "depends-on-disabled-service",
    "DependsOnDisabledService",
    "boot-order",
    results::Severity::Error,
    "A service depends on a service that the active profiles disable.",
    "Compose refuses to start a project whose service requires a disabled one, so the restore fails "
    "with the profiles it will be run with; an optional (`required: false`) dependency starts without "
    "its dependency, which the restored stack may not survive.",
    "Enable the dependency's profile (`--profile`, COMPOSE_PROFILES), give both services the same "
    "profiles, or remove the dependency."};

std::string quoted(const std::vector<std::string_view>& names) {
    return fmt::format("'{}'", fmt::join(names, "', '"));
}

std::string dependency_path(const compose::Dependent& d) {
    return fmt::format("{}.depends_on.{}", compose::service_path(d.service->key), d.dependency->key);
}

const compose::Entry* find_service(std::span<const compose::Entry> services, std::string_view name) {
    auto it = std::ranges::find(services, name, &compose::Entry::key);
    return it == services.end() ? nullptr : &*it;
}

void check_healthy_dependency(RuleContext& context) {
    for (const compose::Dependent& d : compose::all_dependencies(context.services())) {
        const compose::Entry* target = find_service(context.services(), d.dependency->key);
        if (compose::condition_of(*d.dependency) != compose::k_service_healthy || !target) continue;
        compose::Healthcheck health = compose::healthcheck_of(target->value);
        if (health == compose::Healthcheck::Defined) continue;
        const compose::Node* condition = d.dependency->value.find("condition");
        context.report(
            k_healthy_without_healthcheck, d.service->key, dependency_path(d) + ".condition",
            condition ? condition->loc : d.dependency->key_loc,
            fmt::format("service '{}' waits for '{}' to be healthy, but '{}' {}: compose fails with "
                        "\"container {} has no healthcheck configured\"",
                        d.service->key, target->key, target->key,
                        health == compose::Healthcheck::Disabled ? "disables its healthcheck"
                                                                 : "has no healthcheck",
                        target->key));
    }
}

// Dependents that wait for health are rule healthy-dependency-without-healthcheck's; those that
// wait for completion need no healthcheck.
std::vector<std::string_view> racing_dependents(std::span<const compose::Entry> services,
                                                std::string_view target) {
    std::vector<std::string_view> names;
    for (const compose::Dependent& d : compose::dependents_of(services, target)) {
        std::string_view condition = compose::condition_of(*d.dependency);
        if (condition != compose::k_service_healthy && condition != compose::k_service_completed)
            names.push_back(d.service->key);
    }
    return names;
}

void check_dependency_healthcheck(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        if (compose::healthcheck_of(service.value) != compose::Healthcheck::Absent) continue;
        if (compose::declared_lifetime(service) == compose::Lifetime::OneShot)
            continue; // unadopted-one-shot's case
        auto dependents = racing_dependents(context.services(), service.key);
        if (dependents.empty()) continue;
        context.report(
            k_dependency_without_healthcheck, service.key, compose::service_path(service.key),
            service.key_loc,
            fmt::format("service '{}' has no healthcheck, but {} {} on it: {} when its container starts, "
                        "not when it is ready; add a healthcheck and wait with condition: service_healthy",
                        service.key, quoted(dependents), dependents.size() == 1 ? "depends" : "depend",
                        dependents.size() == 1 ? "it starts" : "they start"));
    }
}

std::string unadopted_message(std::string_view job, const std::vector<compose::Dependent>& dependents) {
    if (dependents.empty())
        return fmt::format(
            "one-shot job '{}' is awaited by no service: nothing waits for it to finish; make the "
            "services it prepares depend on it with condition: service_completed_successfully",
            job);
    std::vector<std::string_view> names;
    for (const compose::Dependent& d : dependents)
        names.push_back(d.service->key);
    return fmt::format("one-shot job '{}' is awaited by {} only until it starts, not until it finishes; use "
                       "condition: service_completed_successfully",
                       job, quoted(names));
}

void check_unadopted_one_shot(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        if (compose::declared_lifetime(service) != compose::Lifetime::OneShot) continue;
        auto dependents = compose::dependents_of(context.services(), service.key);
        if (compose::waited_on(dependents, compose::k_service_completed)) continue;
        context.report(k_unadopted_one_shot, service.key, compose::service_path(service.key), service.key_loc,
                       unadopted_message(service.key, dependents));
    }
}

// Compose refuses a required dependency on a disabled service; the lenient loader drops the entry
// and records it. An optional one stays in the model, naming a service that is not there.
void check_depends_on_disabled(RuleContext& context) {
    for (const compose::Deferred& deferred : context.project().deferred) {
        if (deferred.kind != compose::Deferred::Kind::DependsOnDisabled) continue;
        context.report(
            k_depends_on_disabled, deferred.service, deferred.yaml_path, deferred.where,
            fmt::format("service '{}' requires '{}', which the active profiles disable: compose "
                        "refuses to start the project; enable its profile or remove the dependency",
                        deferred.service, deferred.subject));
    }
    for (const compose::Dependent& d : compose::all_dependencies(context.services())) {
        if (find_service(context.services(), d.dependency->key)) continue;
        context.report(
            k_depends_on_disabled, results::Severity::Note, d.service->key, dependency_path(d),
            d.dependency->key_loc,
            fmt::format("service '{}' optionally depends on '{}', which the active profiles disable: "
                        "it starts without it",
                        d.service->key, d.dependency->key));
    }
}

constexpr std::array<RuleCheck, 4> k_checks = {{
    {k_healthy_without_healthcheck, check_healthy_dependency},
    {k_dependency_without_healthcheck, check_dependency_healthcheck},
    {k_unadopted_one_shot, check_unadopted_one_shot},
    {k_depends_on_disabled, check_depends_on_disabled},
}};

} // namespace

std::span<const RuleCheck> boot_order_rules() {
    static const std::vector<RuleCheck> checks = join_checks({k_checks, healthcheck_rules()});
    return checks;
}

} // namespace rehearsa::preflight
