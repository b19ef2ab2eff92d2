// Request bodies, parsed back with simdjson: the create-spec skeleton of ENGINE-NOTES, durations
// in nanoseconds, and the gates on the negotiated API version.
#include "docker/json_spec.hpp"

#include <catch2/catch_test_macros.hpp>
#include <simdjson.h>

using namespace rehearsa::docker;
using namespace std::chrono_literals;

namespace {

constexpr ApiVersion k_v141{1, 41};
constexpr ApiVersion k_v144{1, 44};

ContainerSpec db_spec() {
    ContainerSpec spec;
    spec.name = "rehearsa-r1-db";
    spec.image = "postgres:16";
    spec.env = {"POSTGRES_PASSWORD=x", "K=V"};
    spec.cmd = std::vector<std::string>{"postgres", "-c", "fsync=off"};
    spec.labels = {{"io.rehearsa.run", "r1"}, {"io.rehearsa.service", "db"}};
    spec.healthcheck = HealthcheckSpec{{"CMD-SHELL", "pg_isready"}, 5s, 3s, 30s, 1s, 5};
    spec.mounts = {MountSpec{MountType::Volume, "rehearsa-r1-data", "/var/lib/postgresql/data",
                             Access::ReadWrite, VolumeSeed::CopyImageFiles},
                   MountSpec{MountType::Volume, "live", "/src", Access::ReadOnly, VolumeSeed::NoCopy}};
    spec.networks = {{"rehearsa-r1-back", {"db", "database"}}, {"rehearsa-r1-front", {"db"}}};
    return spec;
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& json) {
    return parser.parse(json).value();
}

std::vector<std::string> strings(simdjson::dom::element array) {
    std::vector<std::string> out;
    const simdjson::dom::array items = array.get_array().value();
    for (auto item : items)
        out.emplace_back(item.get_string().value());
    return out;
}

} // namespace

TEST_CASE("the container create body follows the Engine API skeleton") {
    simdjson::dom::parser parser;
    auto doc = parse(parser, container_create_body(db_spec(), k_v144));
    CHECK(std::string_view(doc["Image"]) == "postgres:16");
    CHECK(strings(doc["Env"]) == std::vector<std::string>{"POSTGRES_PASSWORD=x", "K=V"});
    CHECK(strings(doc["Cmd"]) == std::vector<std::string>{"postgres", "-c", "fsync=off"});
    CHECK(doc["Entrypoint"].error() == simdjson::NO_SUCH_FIELD); // the image's
    CHECK(bool(doc["Tty"]) == false);
    CHECK(std::string_view(doc["Labels"]["io.rehearsa.run"]) == "r1");
    auto hc = doc["Healthcheck"];
    CHECK(strings(hc["Test"]) == std::vector<std::string>{"CMD-SHELL", "pg_isready"});
    CHECK(int64_t(hc["Interval"]) == 5'000'000'000);
    CHECK(int64_t(hc["Timeout"]) == 3'000'000'000);
    CHECK(int64_t(hc["StartPeriod"]) == 30'000'000'000);
    CHECK(int64_t(hc["StartInterval"]) == 1'000'000'000);
    CHECK(int64_t(hc["Retries"]) == 5);
    auto host = doc["HostConfig"];
    CHECK(std::string_view(host["NetworkMode"]) == "rehearsa-r1-back");
    CHECK(std::string_view(host["RestartPolicy"]["Name"]) == "no");
    CHECK(host["PortBindings"].get_object().value().size() == 0);
    auto mounts = host["Mounts"].get_array().value();
    REQUIRE(mounts.size() == 2);
    CHECK(std::string_view(mounts.at(0)["Type"]) == "volume");
    CHECK(std::string_view(mounts.at(0)["Source"]) == "rehearsa-r1-data");
    CHECK(bool(mounts.at(0)["ReadOnly"]) == false);
    CHECK(mounts.at(0)["VolumeOptions"].error() == simdjson::NO_SUCH_FIELD);
    CHECK(bool(mounts.at(1)["ReadOnly"]) == true);
    CHECK(bool(mounts.at(1)["VolumeOptions"]["NoCopy"]) == true);
    auto endpoints = doc["NetworkingConfig"]["EndpointsConfig"];
    CHECK(strings(endpoints["rehearsa-r1-back"]["Aliases"]) == std::vector<std::string>{"db", "database"});
    CHECK(strings(endpoints["rehearsa-r1-front"]["Aliases"]) == std::vector<std::string>{"db"});
}

TEST_CASE("below API 1.44 StartInterval is dropped and only the first network joins at create") {
    simdjson::dom::parser parser;
    auto doc = parse(parser, container_create_body(db_spec(), k_v141));
    CHECK(doc["Healthcheck"]["StartInterval"].error() == simdjson::NO_SUCH_FIELD);
    CHECK(int64_t(doc["Healthcheck"]["Interval"]) == 5'000'000'000);
    auto endpoints = doc["NetworkingConfig"]["EndpointsConfig"].get_object().value();
    CHECK(endpoints.size() == 1);
    CHECK(endpoints["rehearsa-r1-back"].error() == simdjson::SUCCESS);
    const auto later = networks_at_create(db_spec(), k_v141);
    REQUIRE(later.size() == 1);
    CHECK(later[0].network == "rehearsa-r1-back");
    CHECK(networks_at_create(db_spec(), k_v144).size() == 2);
}

TEST_CASE("zero durations inherit, an empty entrypoint clears, network_mode wins") {
    ContainerSpec spec;
    spec.name = "n";
    spec.image = "busybox";
    spec.entrypoint = std::vector<std::string>{};
    spec.healthcheck = HealthcheckSpec{{"NONE"}, 0s, 0s, 0s, 0s, 0};
    spec.network_mode = "none";
    spec.networks = {{"ignored-net", {}}};
    simdjson::dom::parser parser;
    auto doc = parse(parser, container_create_body(spec, k_v144));
    CHECK(doc["Entrypoint"].get_array().value().size() == 0);
    CHECK(doc["Healthcheck"].get_object().value().size() == 1); // Test only
    CHECK(std::string_view(doc["HostConfig"]["NetworkMode"]) == "none");
    CHECK(doc["Cmd"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("runtime settings go where the Engine API reads them; unset ones are left out") {
    ContainerSpec spec = db_spec();
    RuntimeSpec& r = spec.runtime;
    r.cap_add = {"NET_ADMIN"};
    r.cap_drop = {"ALL"};
    r.security_opt = {"no-new-privileges:true"};
    r.group_add = {"123"};
    r.dns = {"10.9.9.9"};
    r.dns_search = {"rehearsa.test"};
    r.dns_options = {"ndots:3"};
    r.extra_hosts = {"db.example:10.0.0.5"};
    r.sysctls = {{"net.core.somaxconn", "1024"}};
    r.ulimits = {{"nofile", 1024, 2048}};
    r.shm_size = 64 << 20;
    r.memory = 128 << 20;
    r.memory_swap = -1;
    r.memory_reservation = 32 << 20;
    r.nano_cpus = 500'000'000;
    r.cpu_shares = 512;
    r.pids_limit = 100;
    r.oom_score_adj = -100;
    r.init = r.read_only = r.open_stdin = true;
    r.ipc_mode = "shareable";
    r.stop_signal = "SIGINT";
    r.domainname = "example.org";
    simdjson::dom::parser parser;
    auto doc = parse(parser, container_create_body(spec, k_v141));
    CHECK(std::string_view(doc["Domainname"]) == "example.org");
    CHECK(std::string_view(doc["StopSignal"]) == "SIGINT");
    CHECK(bool(doc["OpenStdin"]));
    auto host = doc["HostConfig"];
    CHECK(strings(host["CapAdd"]) == std::vector<std::string>{"NET_ADMIN"});
    CHECK(strings(host["CapDrop"]) == std::vector<std::string>{"ALL"});
    CHECK(strings(host["SecurityOpt"]) == std::vector<std::string>{"no-new-privileges:true"});
    CHECK(strings(host["GroupAdd"]) == std::vector<std::string>{"123"});
    CHECK(strings(host["Dns"]) == std::vector<std::string>{"10.9.9.9"});
    CHECK(strings(host["DnsSearch"]) == std::vector<std::string>{"rehearsa.test"});
    CHECK(strings(host["DnsOptions"]) == std::vector<std::string>{"ndots:3"});
    CHECK(strings(host["ExtraHosts"]) == std::vector<std::string>{"db.example:10.0.0.5"});
    CHECK(std::string_view(host["Sysctls"]["net.core.somaxconn"]) == "1024");
    auto ulimit = host["Ulimits"].at(0);
    CHECK(std::string_view(ulimit["Name"]) == "nofile");
    CHECK(int64_t(ulimit["Soft"]) == 1024);
    CHECK(int64_t(ulimit["Hard"]) == 2048);
    CHECK(int64_t(host["ShmSize"]) == 64 << 20);
    CHECK(int64_t(host["Memory"]) == 128 << 20);
    CHECK(int64_t(host["MemorySwap"]) == -1);
    CHECK(int64_t(host["MemoryReservation"]) == 32 << 20);
    CHECK(int64_t(host["NanoCpus"]) == 500'000'000);
    CHECK(int64_t(host["CpuShares"]) == 512);
    CHECK(int64_t(host["PidsLimit"]) == 100);
    CHECK(int64_t(host["OomScoreAdj"]) == -100);
    CHECK(bool(host["Init"]));
    CHECK(bool(host["ReadonlyRootfs"]));
    CHECK(std::string_view(host["IpcMode"]) == "shareable");
    CHECK(std::string_view(host["LogConfig"]["Type"]) == "json-file");

    auto plain = parse(parser, container_create_body(db_spec(), k_v141));
    for (const char* key : {"Domainname", "StopSignal", "OpenStdin"})
        CHECK(plain[key].error() == simdjson::NO_SUCH_FIELD);
    for (const char* key :
         {"CapAdd",     "CapDrop",           "SecurityOpt", "GroupAdd",  "Dns",       "DnsSearch",
          "DnsOptions", "ExtraHosts",        "Sysctls",     "Ulimits",   "ShmSize",   "Memory",
          "MemorySwap", "MemoryReservation", "NanoCpus",    "CpuShares", "PidsLimit", "OomScoreAdj",
          "Init",       "ReadonlyRootfs",    "IpcMode"}) {
        INFO(key);
        CHECK(plain["HostConfig"][key].error() == simdjson::NO_SUCH_FIELD);
    }
    // Logs stay on the daemon whatever its default driver: never shipped to the live collector.
    CHECK(std::string_view(plain["HostConfig"]["LogConfig"]["Type"]) == "json-file");
}

TEST_CASE("network bodies ask for a duplicate check only where the daemon needs it") {
    NetworkSpec spec{"rehearsa-r1-back", {{"io.rehearsa.run", "r1"}}, NetworkScope::Internal, "bridge"};
    simdjson::dom::parser parser;
    auto old = parse(parser, network_create_body(spec, k_v141));
    CHECK(std::string_view(old["Name"]) == "rehearsa-r1-back");
    CHECK(std::string_view(old["Driver"]) == "bridge");
    CHECK(bool(old["Internal"]) == true);
    CHECK(bool(old["CheckDuplicate"]) == true);
    CHECK(std::string_view(old["Labels"]["io.rehearsa.run"]) == "r1");
    spec.scope = NetworkScope::External;
    auto current = parse(parser, network_create_body(spec, k_v144));
    CHECK(bool(current["Internal"]) == false);
    CHECK(current["CheckDuplicate"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("volume, connect, exec and filter bodies") {
    simdjson::dom::parser parser;
    auto volume = parse(parser, volume_create_body(VolumeSpec{"v", {{"a", "b"}}, "local"}));
    CHECK(std::string_view(volume["Name"]) == "v");
    CHECK(std::string_view(volume["Driver"]) == "local");
    CHECK(std::string_view(volume["Labels"]["a"]) == "b");

    auto connect = parse(parser, network_connect_body("c1", NetworkAttachment{"net", {"db"}}));
    CHECK(std::string_view(connect["Container"]) == "c1");
    CHECK(strings(connect["EndpointConfig"]["Aliases"]) == std::vector<std::string>{"db"});

    auto exec = parse(parser, exec_create_body(ExecSpec{{"echo", "hi"}, {"A=1"}, "nobody", ""}));
    CHECK(strings(exec["Cmd"]) == std::vector<std::string>{"echo", "hi"});
    CHECK(bool(exec["AttachStdout"]));
    CHECK(bool(exec["AttachStderr"]));
    CHECK_FALSE(bool(exec["Tty"]));
    CHECK(std::string_view(exec["User"]) == "nobody");
    CHECK(exec["WorkingDir"].error() == simdjson::NO_SUCH_FIELD);

    auto start = parse(parser, exec_start_body());
    CHECK(bool(start["Detach"]) == false);

    auto filters =
        parse(parser, filters_json({{"label", {"io.rehearsa.run=r1", "k"}}, {"type", {"container"}}}));
    CHECK(strings(filters["label"]) == std::vector<std::string>{"io.rehearsa.run=r1", "k"});
    CHECK(strings(filters["type"]) == std::vector<std::string>{"container"});
}
