// Hygiene: definitions that work today but leave a restored stack fragile or harder to reason about.
#include "compose/service_traits.hpp"
#include "preflight/rules.hpp"

#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_no_restart_policy{
    "no-restart-policy",
    "NoRestartPolicy",
    "hygiene",
    results::Severity::Warning,
    "A long-running service has no restart policy.",
    "Without one, a crash after the restore leaves the service down, and after the next daemon restart or "
    "host reboot nothing brings the restored stack back: the restore looks done and quietly is not.",
    "Set `restart: unless-stopped` (or `always`). A one-shot job needs none: mark it with `x-rehearsa: "
    "{one_shot: true}` if rehearsa does not recognise it."};

constexpr results::Rule k_links{
    "links",
    "LegacyLinks",
    "hygiene",
    results::Severity::Note,
    "A service uses legacy `links`.",
    "`links` is a legacy Docker feature. On compose networks it only adds an alias and an implicit "
    "`depends_on`, which readers of the file miss, so a restore procedure or a refactor that drops it "
    "changes the boot order and name resolution without anyone noticing.",
    "Remove `links`: services reach each other by service name on a shared network. State the boot order "
    "with `depends_on` and extra names with `networks: {NET: {aliases: [...]}}`."};

bool has_restart_policy(const compose::Node& service) {
    const compose::Node* restart = service.find("restart");
    if (restart && restart->is_scalar() && restart->text != "no") return true;
    const compose::Node* deploy = service.find("deploy");
    const compose::Node* policy = deploy ? deploy->find("restart_policy") : nullptr;
    const compose::Node* condition = policy ? policy->find("condition") : nullptr;
    return policy && !(condition && condition->text == "none");
}

void check_no_restart_policy(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        if (has_restart_policy(service.value)) continue;
        if (compose::lifetime(context.services(), service) == compose::Lifetime::OneShot) continue;
        const compose::Entry* restart = service.value.find_entry("restart");
        context.report(
            k_no_restart_policy, service.key,
            compose::service_path(service.key) + (restart ? ".restart" : ""),
            restart ? restart->value.loc : service.key_loc,
            fmt::format("service '{}' {}: after a crash or a host reboot it stays down; set restart: "
                        "unless-stopped",
                        service.key, restart ? "sets restart: \"no\"" : "has no restart policy"));
    }
}

void check_links(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        const compose::Entry* links = service.value.find_entry("links");
        if (!links || !links->value.is_sequence() || links->value.items.empty()) continue;
        std::vector<std::string_view> names;
        for (const compose::Node& link : links->value.items)
            names.push_back(link.text);
        context.report(k_links, service.key, compose::service_path(service.key) + ".links", links->key_loc,
                       fmt::format("service '{}' uses legacy links ({}): reach services by name on a shared "
                                   "network and state the boot order with depends_on",
                                   service.key, fmt::join(names, ", ")));
    }
}

constexpr std::array<RuleCheck, 2> k_checks = {{
    {k_no_restart_policy, check_no_restart_policy},
    {k_links, check_links},
}};

} // namespace

std::span<const RuleCheck> hygiene_rules() {
    return k_checks;
}

} // namespace rehearsa::preflight
