// plan_runtime: how each container runs. What compose sets is kept (capabilities, resources and
// their deploy twins, kernel settings, name resolution, init, a read-only root); what would reach
// the host is dropped, each with a finding at its line.
#include "plan_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace rehearsa;
using namespace rehearsa::test;
using Catch::Matchers::ContainsSubstring;

namespace {

const docker::RuntimeSpec& runtime_of(const plan::Plan& plan, std::string_view service) {
    return service_of(plan, service).container.runtime;
}

} // namespace

TEST_CASE("privileges, resources, kernel settings and name resolution are kept") {
    PlanStack stack(R"(services:
  app:
    image: app:1
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    group_add: [mail, "123"]
    dns: 10.9.9.9
    dns_search: [rehearsa.test]
    dns_opt: ["ndots:3"]
    extra_hosts: ["db.example:10.0.0.5", "v6=::1"]
    sysctls: ["net.core.somaxconn=1024"]
    ulimits:
      nproc: 65535
      nofile: {soft: 1024, hard: 2048}
    shm_size: 256m
    mem_limit: 64m
    memswap_limit: -1
    mem_reservation: 32m
    cpus: 0.5
    cpu_shares: 512
    pids_limit: 100
    oom_score_adj: -100
    init: true
    read_only: true
    stdin_open: true
    ipc: shareable
    stop_signal: SIGINT
    domainname: example.org
  plain:
    image: app:1
)");
    plan::Plan plan = stack.plan();
    const docker::RuntimeSpec& r = runtime_of(plan, "app");
    CHECK(r.cap_add == std::vector<std::string>{"NET_ADMIN"});
    CHECK(r.cap_drop == std::vector<std::string>{"ALL"});
    CHECK(r.security_opt == std::vector<std::string>{"no-new-privileges:true"});
    CHECK(r.group_add == std::vector<std::string>{"mail", "123"});
    CHECK(r.dns == std::vector<std::string>{"10.9.9.9"});
    CHECK(r.dns_search == std::vector<std::string>{"rehearsa.test"});
    CHECK(r.dns_options == std::vector<std::string>{"ndots:3"});
    CHECK(r.extra_hosts == std::vector<std::string>{"db.example:10.0.0.5", "v6:::1"});
    CHECK(r.sysctls == docker::Labels{{"net.core.somaxconn", "1024"}});
    CHECK(r.ulimits == std::vector<docker::Ulimit>{{"nproc", 65535, 65535}, {"nofile", 1024, 2048}});
    CHECK(r.shm_size == 256 << 20);
    CHECK(r.memory == 64 << 20);
    CHECK(r.memory_swap == -1);
    CHECK(r.memory_reservation == 32 << 20);
    CHECK(r.nano_cpus == 500'000'000);
    CHECK(r.cpu_shares == 512);
    CHECK(r.pids_limit == 100);
    CHECK(r.oom_score_adj == -100);
    CHECK(r.init);
    CHECK(r.read_only);
    CHECK(r.open_stdin);
    CHECK(r.ipc_mode == "shareable");
    CHECK(r.stop_signal == "SIGINT");
    CHECK(r.domainname == "example.org");
    CHECK(plan.adjustments.empty());

    const docker::RuntimeSpec& plain = runtime_of(plan, "plain");
    CHECK(plain.cap_add.empty());
    CHECK(plain.ulimits.empty());
    CHECK(plain.memory == 0);
    CHECK(plain.nano_cpus == 0);
    CHECK_FALSE(plain.oom_score_adj);
    CHECK_FALSE(plain.init);
    CHECK_FALSE(plain.read_only);
    CHECK(plain.ipc_mode.empty());
}

TEST_CASE("deploy.resources limits apply when the legacy keys are not set, as compose applies them") {
    PlanStack stack(R"(services:
  app:
    image: app:1
    deploy:
      resources:
        limits: {cpus: "1.5", memory: 1g, pids: 50}
        reservations: {memory: 256m}
  both:
    image: app:1
    mem_limit: 128m
    deploy:
      resources:
        limits: {memory: 128m}
)");
    plan::Plan plan = stack.plan();
    const docker::RuntimeSpec& r = runtime_of(plan, "app");
    CHECK(r.nano_cpus == 1'500'000'000);
    CHECK(r.memory == std::int64_t{1} << 30);
    CHECK(r.pids_limit == 50);
    CHECK(r.memory_reservation == 256 << 20);
    CHECK(runtime_of(plan, "both").memory == 128 << 20);
}

TEST_CASE("ipc: service:x joins x's sandbox container, which must have started first") {
    PlanStack stack(R"(services:
  shm:
    image: app:1
    ipc: shareable
  app:
    image: app:1
    ipc: service:shm
)");
    plan::Plan plan = stack.plan();
    const plan::ServicePlan& app = service_of(plan, "app");
    CHECK(app.container.runtime.ipc_mode == "container:" + sandbox_name("shm"));
    REQUIRE(app.depends_on.size() == 1);
    CHECK(app.depends_on[0].service == "shm");
    CHECK(app.depends_on[0].condition == plan::Condition::Started);
    CHECK(app.depends_on[0].where.to_string() == stack.file() + ":7:10");
}

TEST_CASE("what reaches the host is dropped, each with a finding at its line") {
    PlanStack stack(R"(services:
  app:
    image: app:1
    privileged: true
    pid: host
    ipc: host
    uts: host
    devices: ["/dev/fuse:/dev/fuse", "/dev/kvm"]
    cgroup_parent: live.slice
    logging:
      driver: syslog
      options: {syslog-address: "udp://10.0.0.1:514"}
    tty: true
    security_opt: ["seccomp:./profile.json", "seccomp=unconfined", "label:disable"]
    deploy:
      resources:
        reservations:
          devices: [{capabilities: [gpu]}]
  local-logs:
    image: app:1
    logging: {driver: local}
    ipc: container:live-db
)");
    plan::Plan plan = stack.plan();
    const docker::RuntimeSpec& r = runtime_of(plan, "app");
    CHECK(r.ipc_mode.empty());
    CHECK(r.security_opt == std::vector<std::string>{"seccomp=unconfined", "label:disable"});

    auto one = [&](std::string_view path, std::string_view line_col, std::string_view says) {
        auto found = adjustments_at(plan, path);
        REQUIRE(found.size() == 1);
        CHECK(found[0].service == "app");
        CHECK(found[0].where.to_string() == stack.file() + ":" + std::string(line_col));
        CHECK_THAT(found[0].message, ContainsSubstring(std::string(says)));
        return found[0];
    };
    CHECK(one("services.app.privileged", "4:17", "privileged: true dropped").rule_id ==
          "privileged-container");
    CHECK(one("services.app.pid", "5:10", "pid: host dropped").rule_id == "host-pid");
    one("services.app.ipc", "6:10", "ipc: host dropped");
    one("services.app.uts", "7:10", "uts: host dropped");
    one("services.app.devices", "8:5", "devices /dev/fuse:/dev/fuse, /dev/kvm not passed in");
    one("services.app.cgroup_parent", "9:20", "cgroup_parent live.slice dropped");
    one("services.app.logging.driver", "11:15", "logging driver syslog replaced by json-file");
    one("services.app.tty", "13:10", "tty: true not given");
    one("services.app.security_opt", "14:5", "security_opt seccomp:./profile.json not applied");
    one("services.app.deploy.resources.reservations.devices", "18:11", "(GPUs) dropped");
    CHECK(runtime_of(plan, "local-logs").ipc_mode.empty());
    auto live = adjustments_at(plan, "services.local-logs.ipc");
    REQUIRE(live.size() == 1);
    CHECK_THAT(live[0].message, ContainsSubstring("ipc: container:live-db dropped"));
    CHECK(plan.adjustments.size() == 11);
}
