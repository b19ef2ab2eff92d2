// Networks: each compose network becomes a fresh sandbox network, internal unless --egress allows
// a route out, and services find each other there by name through aliases. Nothing joins a network
// or namespace outside the run: external networks, the host's, the engine's default bridge and live
// containers' are all replaced by the sandbox's own.
#include "plan/builder.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::plan {

namespace {

constexpr std::string_view k_default_network = "default";

void add_unique(std::vector<std::string>& names, const std::string& name) {
    if (std::ranges::find(names, name) == names.end()) names.push_back(name);
}

// The sandbox network standing for the compose network `key`, created on first use (the
// `default` network when a rewritten network_mode needs one the project does not use).
docker::NetworkSpec& network_for(Builder& builder, std::string_view key) {
    std::string name = builder.name(key);
    auto& networks = builder.plan.networks;
    auto it = std::ranges::find(networks, name, &docker::NetworkSpec::name);
    if (it != networks.end()) return *it;
    docker::NetworkSpec spec;
    spec.name = std::move(name);
    spec.labels = builder.labels(nullptr);
    spec.scope = builder.options.egress == Egress::Allowed ? docker::NetworkScope::External
                                                           : docker::NetworkScope::Internal;
    return networks.emplace_back(std::move(spec));
}

void report_replaced(Builder& builder, const compose::Entry& network) {
    std::string path = fmt::format("networks.{}", network.key);
    if (is_true(network.value.find("external")))
        builder.adjust(
            "", path + ".external", network.key_loc, "",
            fmt::format("external network '{}' not joined: the sandbox network {} stands in for it",
                        text_at(network.value, "name"), builder.name(network.key)));
    if (std::string driver = text_at(network.value, "driver"); !driver.empty() && driver != "bridge")
        builder.adjust("", path + ".driver", network.value.find("driver")->loc, "",
                       fmt::format("network driver '{}' replaced by a sandbox bridge network", driver));
}

docker::NetworkAttachment attachment(Builder& builder, const compose::Entry& service,
                                     const compose::Entry& network) {
    docker::NetworkAttachment out{network_for(builder, network.key).name, {service.key}};
    if (const compose::Node* aliases = network.value.find("aliases"))
        for (const compose::Node& alias : aliases->items)
            add_unique(out.aliases, alias.text);
    return out;
}

// host, bridge, container:<live>, or a network by name: each would leave the sandbox.
void rewrite_network_mode(Builder& builder, const compose::Entry& service, const compose::Node& mode,
                          ServicePlan& out) {
    std::string network = network_for(builder, k_default_network).name;
    builder.adjust(service.key, fmt::format("services.{}.network_mode", service.key), mode.loc,
                   mode.text == "host" ? "host-network-mode" : "",
                   fmt::format("network_mode: {} rewritten: the service joins the sandbox network {} instead",
                               mode.text, network));
    out.container.networks.push_back({std::move(network), {service.key}});
}

void apply_network_mode(Builder& builder, const compose::Entry& service, const compose::Node& mode,
                        ServicePlan& out) {
    if (mode.text == "none") {
        out.container.network_mode = "none";
    } else if (auto joined = sandbox_container_mode(builder, mode.text)) {
        out.container.network_mode = std::move(*joined);
    } else {
        rewrite_network_mode(builder, service, mode, out);
    }
}

// The alias on each of the target's networks that the linking service is on too.
void add_alias_on_shared_networks(ServicePlan& target, const ServicePlan& linker, const std::string& alias) {
    for (docker::NetworkAttachment& attached : target.container.networks)
        if (std::ranges::find(linker.container.networks, attached.network,
                              &docker::NetworkAttachment::network) != linker.container.networks.end())
            add_unique(attached.aliases, alias);
}

} // namespace

void plan_networks(Builder& builder) {
    const compose::Node* networks = builder.section("networks");
    if (!networks) return;
    for (const compose::Entry& network : networks->entries) {
        network_for(builder, network.key).labels = builder.labels(network.value.find("labels"));
        report_replaced(builder, network);
    }
}

void attach_networks(Builder& builder, const compose::Entry& service, ServicePlan& out) {
    if (const compose::Node* mode = service.value.find("network_mode"))
        return apply_network_mode(builder, service, *mode, out);
    const compose::Node* networks = service.value.find("networks");
    if (!networks || networks->entries.empty()) {
        out.container.networks.push_back({network_for(builder, k_default_network).name, {service.key}});
        return;
    }
    for (const compose::Entry& network : networks->entries)
        out.container.networks.push_back(attachment(builder, service, network));
}

// `links: [db:database]` makes db answer to `database` too; on a user network Docker scopes that
// alias to the linking container, the sandbox gives it on the networks the two share.
void add_link_aliases(Builder& builder) {
    for (const ServicePlan& linker : builder.plan.services) {
        const compose::Entry* service = builder.service(linker.name);
        const compose::Node* links = service ? service->value.find("links") : nullptr;
        if (!links) continue;
        for (const compose::Node& link : links->items) {
            std::string target = link.text.substr(0, link.text.find(':'));
            std::string alias =
                link.text.find(':') == std::string::npos ? target : link.text.substr(target.size() + 1);
            for (ServicePlan& plan : builder.plan.services)
                if (plan.name == target) add_alias_on_shared_networks(plan, linker, alias);
        }
    }
}

} // namespace rehearsa::plan
