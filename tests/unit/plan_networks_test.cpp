// Sandbox networks: internal by default, aliases for service names, and nothing joined outside
// the run (external networks, the host's, the engine's bridge, a live container's).
#include "plan_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using namespace rehearsa::test;
using Catch::Matchers::ContainsSubstring;

namespace {

const docker::NetworkSpec& network_of(const plan::Plan& plan, std::string_view key) {
    auto it = std::ranges::find(plan.networks, sandbox_name(key), &docker::NetworkSpec::name);
    REQUIRE(it != plan.networks.end());
    return *it;
}

const docker::NetworkAttachment& attachment_of(const plan::ServicePlan& service, std::string_view key) {
    auto& networks = service.container.networks;
    auto it = std::ranges::find(networks, sandbox_name(key), &docker::NetworkAttachment::network);
    REQUIRE(it != networks.end());
    return *it;
}

constexpr const char* k_two_networks = R"(services:
  api:
    image: a:1
    networks:
      front:
        aliases: [api.internal, backend]
      back:
  db:
    image: a:1
    networks: [back]
  solo:
    image: a:1
networks:
  front:
  back:
    labels:
      com.docker.compose.network: back
      team: data
)";

} // namespace

TEST_CASE("each compose network becomes an internal sandbox network, default included") {
    plan::Plan plan = PlanStack(k_two_networks).plan();
    REQUIRE(plan.networks.size() == 3);
    for (const docker::NetworkSpec& network : plan.networks) {
        CHECK(network.scope == docker::NetworkScope::Internal);
        CHECK(network.driver == "bridge");
        CHECK(network.name.starts_with(sandbox_name("")));
    }
    network_of(plan, "front");
    network_of(plan, "default");
    const docker::NetworkSpec& back = network_of(plan, "back");
    CHECK(back.labels.at("team") == "data");
    CHECK_FALSE(back.labels.contains("com.docker.compose.network"));
    CHECK(back.labels.at(plan::k_label_run) == k_run);
}

TEST_CASE("--egress allowed gives the sandbox networks a route out") {
    plan::PlanOptions options = plan_options();
    options.egress = plan::Egress::Allowed;
    plan::Plan plan = PlanStack(k_two_networks).plan(options);
    for (const docker::NetworkSpec& network : plan.networks)
        CHECK(network.scope == docker::NetworkScope::External);
}

TEST_CASE("services join their networks answering to their name and compose aliases") {
    plan::Plan plan = PlanStack(k_two_networks).plan();
    const plan::ServicePlan& api = service_of(plan, "api");
    REQUIRE(api.container.networks.size() == 2);
    CHECK(attachment_of(api, "front").aliases == std::vector<std::string>{"api", "api.internal", "backend"});
    CHECK(attachment_of(api, "back").aliases == std::vector<std::string>{"api"});
    CHECK(attachment_of(service_of(plan, "db"), "back").aliases == std::vector<std::string>{"db"});
    const plan::ServicePlan& solo = service_of(plan, "solo");
    REQUIRE(solo.container.networks.size() == 1);
    CHECK(attachment_of(solo, "default").aliases == std::vector<std::string>{"solo"});
    CHECK(solo.container.network_mode.empty());
}

TEST_CASE("an external network is never joined: a fresh sandbox network stands in") {
    PlanStack stack(R"(services:
  web:
    image: a:1
    networks: [proxy]
networks:
  proxy:
    external: true
    name: traefik_proxy
)");
    plan::Plan plan = stack.plan();
    REQUIRE(plan.networks.size() == 1);
    CHECK(plan.networks[0].name == sandbox_name("proxy"));
    CHECK(plan.networks[0].scope == docker::NetworkScope::Internal);
    for (const docker::NetworkAttachment& attached : service_of(plan, "web").container.networks)
        CHECK(attached.network != "traefik_proxy");
    auto replaced = adjustments_at(plan, "networks.proxy.external");
    REQUIRE(replaced.size() == 1);
    CHECK_THAT(replaced[0].message, ContainsSubstring("traefik_proxy"));
    CHECK(replaced[0].where.to_string() == stack.file() + ":6:3");
}

TEST_CASE("network_mode host, bridge and container:<live> are rewritten onto the sandbox network") {
    PlanStack stack(R"(services:
  media:
    image: a:1
    network_mode: host
  legacy:
    image: a:1
    network_mode: bridge
  sidecar:
    image: a:1
    network_mode: "container:live-vpn"
)");
    plan::Plan plan = stack.plan();
    for (std::string_view name : {"media", "legacy", "sidecar"}) {
        INFO(name);
        const plan::ServicePlan& service = service_of(plan, name);
        CHECK(service.container.network_mode.empty());
        REQUIRE(service.container.networks.size() == 1);
        CHECK(service.container.networks[0].network == sandbox_name("default"));
        CHECK(service.container.networks[0].aliases == std::vector<std::string>{std::string(name)});
        CHECK(adjustments_at(plan, "services." + std::string(name) + ".network_mode").size() == 1);
    }
    REQUIRE(plan.networks.size() == 1);
    CHECK(plan.networks[0].scope == docker::NetworkScope::Internal);
    auto host = adjustments_of(plan, "host-network-mode");
    REQUIRE(host.size() == 1);
    CHECK(host[0].service == "media");
    CHECK(host[0].where.to_string() == stack.file() + ":4:19");
}

TEST_CASE("network_mode none is kept, service:x shares x's sandbox container and waits for it") {
    plan::Plan plan = PlanStack(R"(services:
  vpn: {image: a:1}
  client:
    image: a:1
    network_mode: "service:vpn"
  offline:
    image: a:1
    network_mode: none
)")
                          .plan();
    const plan::ServicePlan& client = service_of(plan, "client");
    CHECK(client.container.network_mode == "container:" + sandbox_name("vpn"));
    CHECK(client.container.networks.empty());
    REQUIRE(client.depends_on.size() == 1);
    CHECK(client.depends_on[0].service == "vpn");
    CHECK(client.depends_on[0].condition == plan::Condition::Started);
    CHECK(plan.services.front().name == "vpn");
    const plan::ServicePlan& offline = service_of(plan, "offline");
    CHECK(offline.container.network_mode == "none");
    CHECK(offline.container.networks.empty());
    CHECK(plan.adjustments.empty());
}

TEST_CASE("links give the linked service its alias on the networks the two share") {
    plan::Plan plan = PlanStack(R"(services:
  db: {image: a:1}
  app:
    image: a:1
    links: ["db:database"]
)")
                          .plan();
    CHECK(attachment_of(service_of(plan, "db"), "default").aliases ==
          std::vector<std::string>{"db", "database"});
    CHECK(attachment_of(service_of(plan, "app"), "default").aliases == std::vector<std::string>{"app"});
}
