// Healthchecks that tell a restore nothing: disabled, or so slow that the first check comes late.
#include "preflight/rules_boot_order_health.hpp"

#include "compose/service_traits.hpp"
#include "util/duration.hpp"

#include <array>
#include <chrono>
#include <fmt/format.h>
#include <optional>

namespace rehearsa::preflight {

namespace {

using namespace std::chrono_literals;

constexpr results::Rule k_healthcheck_disabled{
    "healthcheck-disabled",
    "HealthcheckDisabled",
    "boot-order",
    results::Severity::Warning,
    "A long-running service disables its healthcheck.",
    "With the healthcheck off, neither compose nor a rehearsal can tell a restored service that is ready "
    "from one that is up but broken (empty data directory, failed recovery), and dependents cannot wait "
    "for it to be healthy.",
    "Remove `disable: true` (or `test: [\"NONE\"]`) and give the service a `healthcheck` whose test proves "
    "it serves its data."};

constexpr results::Rule k_slow_first_healthcheck{
    "slow-first-healthcheck",
    "SlowFirstHealthcheck",
    "boot-order",
    results::Severity::Note,
    "A healthcheck's first check comes more than 30 seconds after the container starts.",
    "Docker runs the first check one `interval` after start (one `start_interval` during `start_period` "
    "on Docker Engine 25+). Until then the service is `starting`, so dependents waiting for it to be "
    "healthy, a restore and the rehearsal all wait at least that long.",
    "Keep a long `interval` for steady state but add `start_period` with a short `start_interval` (for "
    "example 5s), or shorten `interval`."};

// Docker's defaults (moby daemon/health.go) and the point past which a first check is "late":
// anything slower than Docker's own default interval was chosen, not inherited.
constexpr util::Nanoseconds k_default_interval = 30s;
constexpr util::Nanoseconds k_default_start_interval = 5s;
constexpr util::Nanoseconds k_late_first_check = 30s;

const compose::Node* disabling_node(const compose::Node& healthcheck) {
    if (const compose::Node* disable = healthcheck.find("disable"); disable && disable->text == "true")
        return disable;
    const compose::Node* test = healthcheck.find("test");
    if (test && test->is_sequence() && !test->items.empty()) return &test->items.front();
    return test;
}

void check_healthcheck_disabled(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        if (compose::healthcheck_of(service.value) != compose::Healthcheck::Disabled) continue;
        if (compose::lifetime(context.services(), service) == compose::Lifetime::OneShot)
            continue; // a job needs none
        const compose::Node* node = disabling_node(*service.value.find("healthcheck"));
        bool by_disable = node == service.value.find("healthcheck")->find("disable");
        context.report(k_healthcheck_disabled, service.key,
                       compose::service_path(service.key) +
                           (by_disable ? ".healthcheck.disable" : ".healthcheck.test"),
                       node->loc,
                       fmt::format("service '{}' disables its healthcheck ({}): nothing can tell when it is "
                                   "ready; remove it and define a healthcheck test",
                                   service.key, by_disable ? "disable: true" : "test: [\"NONE\"]"));
    }
}

std::optional<util::Nanoseconds> duration_of(const compose::Node* node) {
    return node && node->is_scalar() ? util::parse_duration(node->text) : std::nullopt;
}

// When the first check runs and which written key decided it (nullptr: a default decided).
struct FirstCheck {
    util::Nanoseconds after;
    const compose::Entry* source;
};

FirstCheck first_check(const compose::Node& healthcheck) {
    bool starting = duration_of(healthcheck.find("start_period")).value_or(0s) > 0s;
    const compose::Entry* source = healthcheck.find_entry(starting ? "start_interval" : "interval");
    util::Nanoseconds fallback = starting ? k_default_start_interval : k_default_interval;
    return {duration_of(source ? &source->value : nullptr).value_or(fallback), source};
}

std::string slow_message(const compose::Entry& service, const FirstCheck& first, bool awaited) {
    std::string after = util::format_duration(first.after);
    std::string why = first.source->key == "interval" ? "interval " + after + " and no start_period"
                                                      : "start_interval " + after;
    return fmt::format("service '{}' runs its first healthcheck {} after it starts ({}){}; add start_period "
                       "with a short start_interval",
                       service.key, after, why,
                       awaited ? ": the services waiting for it to be healthy wait that long" : "");
}

void check_slow_first_healthcheck(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        if (compose::healthcheck_of(service.value) != compose::Healthcheck::Defined) continue;
        FirstCheck first = first_check(*service.value.find("healthcheck"));
        if (!first.source || first.after <= k_late_first_check) continue;
        bool awaited = compose::waited_on(compose::dependents_of(context.services(), service.key),
                                          compose::k_service_healthy);
        context.report(
            k_slow_first_healthcheck, awaited ? results::Severity::Warning : results::Severity::Note,
            service.key,
            fmt::format("{}.healthcheck.{}", compose::service_path(service.key), first.source->key),
            first.source->value.loc, slow_message(service, first, awaited));
    }
}

constexpr std::array<RuleCheck, 2> k_checks = {{
    {k_healthcheck_disabled, check_healthcheck_disabled},
    {k_slow_first_healthcheck, check_slow_first_healthcheck},
}};

} // namespace

std::span<const RuleCheck> healthcheck_rules() {
    return k_checks;
}

} // namespace rehearsa::preflight
