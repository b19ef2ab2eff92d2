// Volumes, binds, secrets and configs: fresh sandbox volumes only, host binds never writable under
// any policy, the engine socket never mounted.
#include "plan_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <optional>
#include <sys/socket.h>
#include <sys/un.h>

using namespace rehearsa;
using namespace rehearsa::test;
using Catch::Matchers::ContainsSubstring;

namespace {

const std::vector<std::optional<plan::BindPolicy>> k_every_policy = {
    std::nullopt, plan::BindPolicy::ReadOnly, plan::BindPolicy::Copy, plan::BindPolicy::Empty,
    plan::BindPolicy::Skip};

plan::PlanOptions with_binds(std::optional<plan::BindPolicy> binds) {
    plan::PlanOptions options = plan_options();
    options.binds = binds;
    return options;
}

// A project with binds of every kind: inside and outside the project, directory and file, missing.
struct BindStack {
    ProjectDir outside;
    PlanStack stack{""};

    BindStack() {
        outside.write("shared/a.txt", "a");
        outside.write("single.conf", "x=1");
        stack.dir().write("site/index.html", "hi");
        stack.dir().write("app.conf", "y=2");
        stack.dir().write("compose.yaml", "services:\n  web:\n    image: a:1\n    volumes:\n"
                                          "      - ./site:/srv\n"
                                          "      - ./app.conf:/etc/app.conf:ro\n"
                                          "      - " +
                                              outside.path("shared") + ":/shared\n" + "      - " +
                                              outside.path("single.conf") + ":/etc/single.conf\n" +
                                              "      - ./missing:/missing\n");
    }
};

} // namespace

TEST_CASE("named volumes become fresh sandbox volumes, never the live ones") {
    PlanStack stack(R"(services:
  db:
    image: a:1
    volumes:
      - db-data:/var/lib/postgresql/data
      - type: volume
        source: seeded
        target: /seed
        volume: {nocopy: true}
      - type: volume
        source: db-data
        target: /ro
        read_only: true
volumes:
  db-data:
    labels: {com.docker.compose.volume: db-data, backup: nightly}
  seeded:
)");
    plan::Plan plan = stack.plan();
    REQUIRE(plan.volumes.size() == 2);
    for (const docker::VolumeSpec& volume : plan.volumes) {
        CHECK(volume.name.starts_with(sandbox_name("")));
        CHECK(volume.name != "live_db-data");
        CHECK(volume.name != "live_seeded");
        CHECK(volume.driver == "local");
    }
    CHECK(plan.volumes[0].labels.at("backup") == "nightly");
    CHECK_FALSE(plan.volumes[0].labels.contains("com.docker.compose.volume"));
    const plan::ServicePlan& db = service_of(plan, "db");
    const docker::MountSpec* data = mount_at(db, "/var/lib/postgresql/data");
    REQUIRE(data);
    CHECK(data->type == docker::MountType::Volume);
    CHECK(data->source == sandbox_name("db-data"));
    CHECK(data->access == docker::Access::ReadWrite);
    CHECK(data->seed == docker::VolumeSeed::CopyImageFiles);
    CHECK(mount_at(db, "/seed")->seed == docker::VolumeSeed::NoCopy);
    CHECK(mount_at(db, "/ro")->access == docker::Access::ReadOnly);
    CHECK(plan.adjustments.empty());
}

TEST_CASE("an external volume is never mounted: an empty sandbox volume stands in") {
    PlanStack stack(R"(services:
  db:
    image: a:1
    volumes: [pgdata:/data]
volumes:
  pgdata:
    external: true
)");
    plan::Plan plan = stack.plan();
    const docker::MountSpec* data = mount_at(service_of(plan, "db"), "/data");
    REQUIRE(data);
    CHECK(data->source == sandbox_name("pgdata"));
    CHECK(has_volume(plan, sandbox_name("pgdata")));
    auto external = adjustments_of(plan, "external-volume");
    REQUIRE(external.size() == 1);
    CHECK(external[0].yaml_path == "volumes.pgdata.external");
    CHECK(external[0].where.to_string() == stack.file() + ":6:3");
}

TEST_CASE("anonymous volumes become labelled sandbox volumes; tmpfs is kept") {
    plan::Plan plan = PlanStack(R"(services:
  app:
    image: a:1
    volumes:
      - /var/cache
      - /var/tmp
      - type: tmpfs
        target: /scratch
    tmpfs: [/run]
)")
                          .plan();
    const plan::ServicePlan& app = service_of(plan, "app");
    CHECK(mount_at(app, "/var/cache")->source == sandbox_name("app-anon-1"));
    CHECK(mount_at(app, "/var/tmp")->source == sandbox_name("app-anon-2"));
    CHECK(has_volume(plan, sandbox_name("app-anon-1")));
    CHECK(has_volume(plan, sandbox_name("app-anon-2")));
    for (const docker::VolumeSpec& volume : plan.volumes)
        CHECK(volume.labels.at(plan::k_label_run) == k_run);
    for (std::string_view target : {"/scratch", "/run"}) {
        const docker::MountSpec* tmpfs = mount_at(app, target);
        REQUIRE(tmpfs);
        CHECK(tmpfs->type == docker::MountType::Tmpfs);
    }
}

TEST_CASE("the engine socket is never mounted, whatever the policy") {
    PlanStack stack(R"(services:
  proxy:
    image: a:1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - /run/docker.sock:/sock
      - /home/u/.docker/run/docker.sock:/other.sock
      - /var/run:/host-run
)");
    for (auto binds : k_every_policy) {
        plan::Plan plan = stack.plan(with_binds(binds));
        const plan::ServicePlan& proxy = service_of(plan, "proxy");
        CHECK(proxy.container.mounts.empty());
        CHECK(plan.copies.empty());
        CHECK(adjustments_of(plan, "docker-socket-mount").size() == 4);
    }
}

TEST_CASE("host binds are never writable, under every policy") {
    BindStack binds;
    for (auto policy : k_every_policy) {
        plan::Plan plan = binds.stack.plan(with_binds(policy));
        for (const plan::ServicePlan& service : plan.services)
            for (const docker::MountSpec& mount : service.container.mounts) {
                if (mount.type == docker::MountType::Bind) CHECK(mount.access == docker::Access::ReadOnly);
                // A volume standing in for a bind is a fresh sandbox volume, never a host path.
                if (mount.type == docker::MountType::Volume) CHECK(has_volume(plan, mount.source));
            }
        for (const plan::CopyStep& copy : plan.copies)
            CHECK(has_volume(plan, copy.volume));
    }
}

TEST_CASE("by default, binds inside the project are read-only and those outside are emptied") {
    BindStack binds;
    plan::Plan plan = binds.stack.plan();
    const plan::ServicePlan& web = service_of(plan, "web");
    const docker::MountSpec* site = mount_at(web, "/srv");
    REQUIRE(site);
    CHECK(site->type == docker::MountType::Bind);
    CHECK(site->source == binds.stack.dir().path("site"));
    CHECK(mount_at(web, "/etc/app.conf")->type == docker::MountType::Bind);
    const docker::MountSpec* shared = mount_at(web, "/shared");
    REQUIRE(shared);
    CHECK(shared->type == docker::MountType::Volume);
    CHECK(shared->seed == docker::VolumeSeed::NoCopy);
    CHECK_FALSE(mount_at(web, "/etc/single.conf")); // a single file outside: not mounted
    CHECK(mount_at(web, "/missing")->type == docker::MountType::Volume);
    CHECK(plan.copies.empty());
    CHECK(adjustments_at(plan, "services.web.volumes[0]").size() == 1); // ./site made read-only
    CHECK(adjustments_at(plan, "services.web.volumes[1]").empty());     // already :ro
    CHECK(adjustments_of(plan, "host-bind-mount").size() == 2);
}

TEST_CASE("--binds copy copies directories into fresh volumes before the run") {
    BindStack binds;
    plan::Plan plan = binds.stack.plan(with_binds(plan::BindPolicy::Copy));
    const plan::ServicePlan& web = service_of(plan, "web");
    REQUIRE(plan.copies.size() == 2);
    CHECK(plan.copies[0].source == binds.stack.dir().path("site"));
    CHECK(plan.copies[0].service == "web");
    CHECK(plan.copies[0].image == "a:1");
    CHECK(plan.copies[1].source == binds.outside.path("shared"));
    const docker::MountSpec* site = mount_at(web, "/srv");
    REQUIRE(site);
    CHECK(site->type == docker::MountType::Volume);
    CHECK(site->source == plan.copies[0].volume);
    CHECK(site->source.starts_with(sandbox_name("web-bind-")));
    // A single file cannot be copied into a volume: it is mounted read-only instead.
    CHECK(mount_at(web, "/etc/single.conf")->type == docker::MountType::Bind);
}

TEST_CASE("--binds readonly mounts even outside paths read-only; --binds skip mounts none") {
    BindStack binds;
    plan::Plan read_only = binds.stack.plan(with_binds(plan::BindPolicy::ReadOnly));
    const docker::MountSpec* shared = mount_at(service_of(read_only, "web"), "/shared");
    REQUIRE(shared);
    CHECK(shared->type == docker::MountType::Bind);
    CHECK(shared->access == docker::Access::ReadOnly);
    // A missing source would be created on the host by Docker: an empty volume stands in.
    CHECK(mount_at(service_of(read_only, "web"), "/missing")->type == docker::MountType::Volume);

    plan::Plan skipped = binds.stack.plan(with_binds(plan::BindPolicy::Skip));
    CHECK(service_of(skipped, "web").container.mounts.empty());
    CHECK(skipped.adjustments.size() == 5);
}

TEST_CASE("--binds empty: directories become empty volumes, single files are left out") {
    BindStack binds;
    plan::Plan plan = binds.stack.plan(with_binds(plan::BindPolicy::Empty));
    const plan::ServicePlan& web = service_of(plan, "web");
    CHECK(mount_at(web, "/srv")->type == docker::MountType::Volume);
    CHECK_FALSE(mount_at(web, "/etc/app.conf"));
    CHECK_FALSE(mount_at(web, "/etc/single.conf"));
    for (const docker::MountSpec& mount : web.container.mounts)
        CHECK(mount.type == docker::MountType::Volume);
}

TEST_CASE("a bind of a socket is never passed into the sandbox") {
    ProjectDir dir;
    std::string socket_path = dir.path("app.sock");
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(socket_path.size() < sizeof(address.sun_path));
    std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    PlanStack stack("services:\n  app:\n    image: a:1\n    volumes: [\"" + socket_path + ":/app.sock\"]\n");
    for (auto binds : k_every_policy)
        CHECK(service_of(stack.plan(with_binds(binds)), "app").container.mounts.empty());
    close(fd);
}

TEST_CASE("file-backed secrets and configs are mounted read-only where compose puts them") {
    PlanStack stack(R"(services:
  db:
    image: a:1
    secrets:
      - db-password
      - source: api-key
        target: key
    configs:
      - nginx
      - source: app
        target: /etc/app.yml
      - outside
secrets:
  db-password: {file: ./password.txt}
  api-key: {file: ./api.key}
configs:
  nginx: {file: ./nginx.conf}
  app: {file: ./app.yml}
  outside: {external: true}
)");
    for (std::string_view name : {"password.txt", "api.key", "nginx.conf", "app.yml"})
        stack.dir().write(std::string(name), "x");
    plan::Plan plan = stack.plan();
    const plan::ServicePlan& db = service_of(plan, "db");
    auto expect_file = [&](std::string_view target, std::string_view file) {
        INFO(target);
        const docker::MountSpec* mount = mount_at(db, target);
        REQUIRE(mount);
        CHECK(mount->type == docker::MountType::Bind);
        CHECK(mount->access == docker::Access::ReadOnly);
        CHECK(mount->source == stack.dir().path(std::string(file)));
    };
    expect_file("/run/secrets/db-password", "password.txt");
    expect_file("/run/secrets/key", "api.key");
    expect_file("/nginx", "nginx.conf");
    expect_file("/etc/app.yml", "app.yml");
    auto external = adjustments_of(plan, "external-secret");
    REQUIRE(external.size() == 1);
    CHECK(external[0].yaml_path == "services.db.configs[2]");
}

TEST_CASE("a secret whose file is missing or that comes from the environment is not provided") {
    PlanStack stack(R"(services:
  db:
    image: a:1
    secrets: [gone, token]
secrets:
  gone: {file: ./gone.txt}
  token: {environment: TOKEN}
)");
    plan::Plan plan = stack.plan();
    CHECK(service_of(plan, "db").container.mounts.empty());
    CHECK(adjustments_of(plan, "missing-secret-file").size() == 1);
    auto token = adjustments_at(plan, "services.db.secrets[1]");
    REQUIRE(token.size() == 1);
    CHECK_THAT(token[0].message, ContainsSubstring("token"));
}

TEST_CASE("volumes_from shares another service's sandbox volumes, never a live container's") {
    PlanStack stack(R"(services:
  data:
    image: a:1
    volumes: [store:/store]
  reader:
    image: a:1
    volumes_from: ["data:ro", "container:live-box"]
volumes:
  store:
)");
    plan::Plan plan = stack.plan();
    const plan::ServicePlan& reader = service_of(plan, "reader");
    REQUIRE(reader.container.mounts.size() == 1);
    CHECK(reader.container.mounts[0].source == sandbox_name("store"));
    CHECK(reader.container.mounts[0].access == docker::Access::ReadOnly);
    CHECK(adjustments_at(plan, "services.reader.volumes_from[1]").size() == 1);
}
