// make_plan: labels, names, stripped settings, the process and healthcheck of each container,
// dependencies and their order, x-rehearsa.timeout, failure injection, and errors with locations.
#include "plan/builder.hpp"
#include "plan_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <regex>

using namespace rehearsa;
using namespace rehearsa::test;
using namespace std::chrono_literals;
using Catch::Matchers::ContainsSubstring;

namespace {

constexpr const char* k_web_stack = R"(services:
  web:
    image: ghcr.io/example/web:1.2.3
    container_name: shop-web
    ports:
      - "8080:80"
      - "127.0.0.1:5353:53/udp"
    labels:
      com.docker.compose.project: live
      com.docker.compose.service: web
      io.rehearsa.run: someone-else
      traefik.enable: "true"
    volumes:
      - data:/data
      - /cache
      - ./site:/srv
    pid: host
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres
    networks: [back]
volumes:
  data:
networks:
  back:
)";

bool labelled(const docker::Labels& labels) {
    return labels.at(plan::k_label_run) == k_run && labels.at(plan::k_label_stack) == k_project &&
           labels.at(plan::k_label_owner) == "test-host:4242:777";
}

} // namespace

TEST_CASE("every resource carries the run, stack and owner labels; containers their service") {
    PlanStack stack(k_web_stack);
    stack.dir().write("site/index.html", "hi");
    plan::PlanOptions options = plan_options();
    options.binds = plan::BindPolicy::Copy;
    plan::Plan plan = stack.plan(options);
    REQUIRE(plan.networks.size() == 2);
    REQUIRE(plan.volumes.size() == 3); // data, web's anonymous volume, the copy of ./site
    CHECK(plan.labels.size() == 3);
    CHECK(labelled(plan.labels));
    for (const docker::NetworkSpec& network : plan.networks)
        CHECK(labelled(network.labels));
    for (const docker::VolumeSpec& volume : plan.volumes)
        CHECK(labelled(volume.labels));
    for (const plan::ServicePlan& service : plan.services) {
        CHECK(labelled(service.container.labels));
        CHECK(service.container.labels.at(plan::k_label_service) == service.name);
    }
}

TEST_CASE("compose's labels are stripped, the service's own are kept, and ours cannot be overridden") {
    plan::Plan plan = PlanStack(k_web_stack).plan();
    const docker::Labels& labels = service_of(plan, "web").container.labels;
    for (const auto& [key, value] : labels)
        CHECK_FALSE(key.starts_with("com.docker.compose"));
    CHECK(labels.at("traefik.enable") == "true");
    CHECK(labels.at(plan::k_label_run) == k_run);
}

TEST_CASE("names are run-unique, in Docker's charset, and container_name is ignored") {
    plan::Plan plan = PlanStack(k_web_stack).plan();
    const plan::ServicePlan& web = service_of(plan, "web");
    CHECK(web.container.name == sandbox_name("web"));
    CHECK(service_of(plan, "db").container.name == sandbox_name("db"));
    std::regex docker_name("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    for (const plan::ServicePlan& service : plan.services)
        CHECK(std::regex_match(service.container.name, docker_name));
    for (const docker::NetworkSpec& network : plan.networks)
        CHECK(std::regex_match(network.name, docker_name));
    for (const docker::VolumeSpec& volume : plan.volumes)
        CHECK(std::regex_match(volume.name, docker_name));
    auto renamed = adjustments_of(plan, "container-name");
    REQUIRE(renamed.size() == 1);
    CHECK(renamed[0].service == "web");
    CHECK(renamed[0].yaml_path == "services.web.container_name");
    CHECK_THAT(renamed[0].message, ContainsSubstring("shop-web"));
}

TEST_CASE("sanitize_name replaces what Docker refuses in a name") {
    CHECK(plan::sanitize_name("rehearsa-ab-my app/x") == "rehearsa-ab-my-app-x");
    CHECK(plan::sanitize_name("rehearsa-ab-a_b.c-d") == "rehearsa-ab-a_b.c-d");
}

TEST_CASE("published ports are reported, not published") {
    PlanStack stack(k_web_stack);
    plan::Plan plan = stack.plan();
    auto ports = adjustments_at(plan, "services.web.ports");
    REQUIRE(ports.size() == 1);
    CHECK_THAT(ports[0].message, ContainsSubstring("8080:80") && ContainsSubstring("127.0.0.1:5353:53/udp") &&
                                     ContainsSubstring("not published"));
    CHECK(ports[0].where.to_string() == stack.file() + ":5:5");
    CHECK(adjustments_at(plan, "services.db.ports").empty());
}

TEST_CASE("pid: host is dropped with a finding") {
    plan::Plan plan = PlanStack(k_web_stack).plan();
    auto pid = adjustments_of(plan, "host-pid");
    REQUIRE(pid.size() == 1);
    CHECK(pid[0].service == "web");
    CHECK(pid[0].yaml_path == "services.web.pid");
}

TEST_CASE("the process settings are copied; unset variables are left out") {
    PlanStack stack(R"(services:
  app:
    image: app:1
    command: ["serve", "--port", "80"]
    entrypoint: []
    user: "1000:1000"
    working_dir: /app
    hostname: app-host
    environment:
      MODE: production
      EMPTY: ""
      UNSET:
  plain:
    image: app:1
)");
    plan::Plan plan = stack.plan();
    const docker::ContainerSpec& app = service_of(plan, "app").container;
    CHECK(app.cmd == std::vector<std::string>{"serve", "--port", "80"});
    CHECK(app.entrypoint == std::vector<std::string>{});
    CHECK(app.user == "1000:1000");
    CHECK(app.working_dir == "/app");
    CHECK(app.hostname == "app-host");
    std::vector<std::string> env = app.env;
    std::ranges::sort(env);
    CHECK(env == std::vector<std::string>{"EMPTY=", "MODE=production"});
    const docker::ContainerSpec& plain = service_of(plan, "plain").container;
    CHECK_FALSE(plain.cmd);
    CHECK_FALSE(plain.entrypoint);
    CHECK_FALSE(plain.user);
    CHECK(plain.env.empty());
}

TEST_CASE("images always name a tag or digest") {
    PlanStack stack(R"(services:
  a: {image: postgres}
  b: {image: "localhost:5000/team/app"}
  c: {image: "redis:7.2"}
  d: {image: "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000"}
)");
    plan::Plan plan = stack.plan();
    CHECK(service_of(plan, "a").image == "postgres:latest");
    CHECK(service_of(plan, "a").container.image == "postgres:latest");
    CHECK(service_of(plan, "b").image == "localhost:5000/team/app:latest");
    CHECK(service_of(plan, "c").image == "redis:7.2");
    CHECK(service_of(plan, "d").image.ends_with(
        "@sha256:0000000000000000000000000000000000000000000000000000000000000000"));
    CHECK(service_of(plan, "d").image.find(":latest") == std::string::npos);
}

TEST_CASE("a built service without an image runs the image compose would build") {
    PlanStack stack("services:\n  api:\n    build: ./api\n");
    plan::Plan plan = stack.plan();
    CHECK(service_of(plan, "api").image == "live-api:latest");
    auto built = adjustments_of(plan, "build-without-image");
    REQUIRE(built.size() == 1);
    CHECK(built[0].service == "api");
}

TEST_CASE("healthchecks: compose's, a shell string, disabled, timings only, or the image's") {
    PlanStack stack(R"(services:
  list:
    image: a:1
    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 1m30s
      timeout: 5s
      start_period: 10s
      start_interval: 500ms
      retries: 7
  shell:
    image: a:1
    healthcheck:
      test: curl -f http://localhost/ || exit 1
  off:
    image: a:1
    healthcheck:
      disable: true
  timings:
    image: a:1
    healthcheck:
      interval: 3s
  image:
    image: a:1
)");
    plan::Plan plan = stack.plan();
    const plan::ServicePlan& list = service_of(plan, "list");
    REQUIRE(list.container.healthcheck);
    CHECK(list.health == plan::HealthSource::Compose);
    CHECK(list.container.healthcheck->test == std::vector<std::string>{"CMD", "pg_isready"});
    CHECK(list.container.healthcheck->interval == 90s);
    CHECK(list.container.healthcheck->timeout == 5s);
    CHECK(list.container.healthcheck->start_period == 10s);
    CHECK(list.container.healthcheck->start_interval == 500ms);
    CHECK(list.container.healthcheck->retries == 7);
    const plan::ServicePlan& shell = service_of(plan, "shell");
    CHECK(shell.container.healthcheck->test ==
          std::vector<std::string>{"CMD-SHELL", "curl -f http://localhost/ || exit 1"});
    const plan::ServicePlan& off = service_of(plan, "off");
    CHECK(off.health == plan::HealthSource::Disabled);
    CHECK(off.container.healthcheck->test == std::vector<std::string>{"NONE"});
    const plan::ServicePlan& timings = service_of(plan, "timings");
    CHECK(timings.health == plan::HealthSource::Image);
    CHECK(timings.container.healthcheck->test.empty());
    CHECK(timings.container.healthcheck->interval == 3s);
    CHECK(service_of(plan, "image").health == plan::HealthSource::Image);
    CHECK_FALSE(service_of(plan, "image").container.healthcheck);
}

TEST_CASE("depends_on becomes dependencies with their condition, requirement and location") {
    PlanStack stack(R"(services:
  web:
    image: a:1
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
      cache:
        condition: service_started
        required: false
  db: {image: a:1}
  migrate: {image: a:1}
  cache: {image: a:1}
)");
    plan::Plan plan = stack.plan();
    const auto& deps = service_of(plan, "web").depends_on;
    REQUIRE(deps.size() == 3);
    auto find = [&](std::string_view name) {
        auto it = std::ranges::find(deps, name, &plan::Dependency::service);
        REQUIRE(it != deps.end());
        return *it;
    };
    CHECK(find("db").condition == plan::Condition::Healthy);
    CHECK(find("db").required);
    CHECK(find("db").where.to_string() == stack.file() + ":5:7");
    CHECK(find("migrate").condition == plan::Condition::CompletedSuccessfully);
    CHECK(find("cache").condition == plan::Condition::Started);
    CHECK_FALSE(find("cache").required);
}

TEST_CASE("services are ordered by dependency, peers in the order they are written") {
    PlanStack stack(R"(services:
  web:
    image: a:1
    depends_on: [db, migrate]
  worker: {image: a:1}
  db: {image: a:1}
  migrate:
    image: a:1
    depends_on: [db]
)");
    plan::Plan plan = stack.plan();
    std::vector<std::string> order;
    for (const plan::ServicePlan& service : plan.services)
        order.push_back(service.name);
    CHECK(order == std::vector<std::string>{"worker", "db", "migrate", "web"});
}

TEST_CASE("each service points at its key in the compose file") {
    PlanStack stack("services:\n  db:\n    image: a:1\n  web:\n    image: a:1\n");
    plan::Plan plan = stack.plan();
    CHECK(service_of(plan, "web").where.to_string() == stack.file() + ":4:3");
}

TEST_CASE("one-shot services: a job by its name, or one waited on to complete") {
    PlanStack stack(R"(services:
  migrate: {image: a:1}
  loader: {image: a:1}
  web:
    image: a:1
    restart: always
    depends_on:
      loader: {condition: service_completed_successfully}
)");
    plan::Plan plan = stack.plan();
    CHECK(service_of(plan, "migrate").lifetime == plan::Lifetime::OneShot);
    CHECK(service_of(plan, "loader").lifetime == plan::Lifetime::OneShot);
    CHECK(service_of(plan, "web").lifetime == plan::Lifetime::LongRunning);
}

TEST_CASE("x-rehearsa.timeout: a duration or seconds; the stack's from the options") {
    PlanStack stack(R"(services:
  a: {image: a:1, x-rehearsa: {timeout: 90s}}
  b: {image: a:1, x-rehearsa: {timeout: 120}}
  c: {image: a:1, x-rehearsa: {timeout: 1m30s}}
  d: {image: a:1, x-rehearsa: {timeout: 1500ms}}
  e: {image: a:1}
)");
    plan::PlanOptions options = plan_options();
    options.timeout = 42s;
    plan::Plan plan = stack.plan(options);
    CHECK(plan.timeout == 42s);
    CHECK(service_of(plan, "a").timeout == 90s);
    CHECK(service_of(plan, "b").timeout == 120s);
    CHECK(service_of(plan, "c").timeout == 90s);
    CHECK(service_of(plan, "d").timeout == 2s);
    CHECK_FALSE(service_of(plan, "e").timeout);
    CHECK(plan.stack == "live");
    CHECK(plan.project_dir == stack.dir().path());
}

TEST_CASE("an invalid x-rehearsa.timeout is an input error at its location; every one is reported") {
    PlanStack stack(R"(services:
  a:
    image: a:1
    x-rehearsa:
      timeout: 5x
  b:
    image: a:1
    x-rehearsa: {timeout: 0}
  c: {image: a:1, x-rehearsa: {timeout: 9999999999999999s}}
  d: {image: a:1, x-rehearsa: {timeout: 9999999999999999}}
  e: {image: a:1, x-rehearsa: {timeout: 24h0m1s}}
  f: {image: a:1, x-rehearsa: {timeout: 24h}}
)");
    auto planned = stack.try_plan();
    REQUIRE_FALSE(planned);
    // Past a day (or past what a clock can hold) is out of range; 24h itself is the limit.
    REQUIRE(planned.error().size() == 5);
    CHECK_THAT(planned.error().back().to_string(),
               ContainsSubstring("services.e.x-rehearsa.timeout") && ContainsSubstring("from 1s to 24h"));
    const util::Error& error = planned.error().front();
    CHECK(error.kind == util::ErrorKind::Input);
    CHECK(error.where.to_string() == stack.file() + ":5:16");
    CHECK_THAT(error.to_string(),
               ContainsSubstring("services.a.x-rehearsa.timeout") && ContainsSubstring("5x"));
}

TEST_CASE("--inject-failure must name a service") {
    PlanStack stack("services:\n  web: {image: a:1}\n  db: {image: a:1}\n");
    plan::PlanOptions options = plan_options();
    options.injections = {{"wbe", results::FailureMode::Exit}};
    auto planned = stack.try_plan(options);
    REQUIRE_FALSE(planned);
    REQUIRE(planned.error().size() == 1);
    CHECK(planned.error()[0].kind == util::ErrorKind::Usage);
    CHECK(planned.error()[0].message == "--inject-failure: no service named 'wbe' (services: db, web)");
}

TEST_CASE("injected failures break the service as asked") {
    PlanStack stack(R"(services:
  exit: {image: a:1, command: ["serve"]}
  kill: {image: a:1, entrypoint: ["/init"]}
  sick:
    image: a:1
    healthcheck: {test: ["CMD", "true"], interval: 30s}
  fine: {image: a:1, command: ["serve"]}
)");
    plan::PlanOptions options = plan_options();
    options.injections = {{"exit", results::FailureMode::Exit},
                          {"kill", results::FailureMode::Kill},
                          {"sick", results::FailureMode::Unhealthy}};
    plan::Plan plan = stack.plan(options);

    const plan::ServicePlan& exit = service_of(plan, "exit");
    CHECK(exit.injected == results::FailureMode::Exit);
    CHECK(exit.container.entrypoint ==
          std::vector<std::string>{"/bin/sh", "-c", "echo 'rehearsa: injected failure (exit)' >&2; exit 1"});
    CHECK(exit.container.cmd == std::vector<std::string>{});

    const plan::ServicePlan& kill = service_of(plan, "kill");
    CHECK(kill.injected == results::FailureMode::Kill);
    REQUIRE(kill.container.entrypoint);
    REQUIRE(kill.container.entrypoint->size() == 3);
    CHECK_THAT(kill.container.entrypoint->at(2), ContainsSubstring("kill -KILL $$"));
    CHECK(kill.container.cmd == std::vector<std::string>{});

    const plan::ServicePlan& sick = service_of(plan, "sick");
    CHECK(sick.injected == results::FailureMode::Unhealthy);
    CHECK(sick.health == plan::HealthSource::Compose);
    docker::HealthcheckSpec expected{
        .test = {"CMD-SHELL", "echo 'rehearsa: injected failure (unhealthy)'; exit 1"},
        .interval = 1s,
        .timeout = 1s,
        .start_period = 0s,
        .retries = 1};
    CHECK(sick.container.healthcheck == expected);

    const plan::ServicePlan& fine = service_of(plan, "fine");
    CHECK_FALSE(fine.injected);
    CHECK(fine.container.cmd == std::vector<std::string>{"serve"});
}
