// How the sandbox knows a service is ready (its healthcheck), how long it waits for it
// (x-rehearsa.timeout), and how --inject-failure breaks it on purpose.
#include "compose/service_traits.hpp"
#include "plan/builder.hpp"

#include <charconv>
#include <fmt/format.h>

namespace rehearsa::plan {

namespace {

using namespace std::chrono_literals;

constexpr const char* k_exit_script = "echo 'rehearsa: injected failure (exit)' >&2; exit 1";
// The shell is PID 1, and the kernel ignores a SIGKILL that PID 1 of a pid namespace sends itself: a
// child shell takes the signal and PID 1 exits with its status, 137, as a killed container does.
constexpr const char* k_kill_script =
    "echo 'rehearsa: injected failure (kill)' >&2; /bin/sh -c 'kill -KILL $$'; exit $?";
constexpr const char* k_unhealthy_script = "echo 'rehearsa: injected failure (unhealthy)'; exit 1";

std::optional<long long> parse_integer(std::string_view text) {
    long long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// A string test is a shell command; `["CMD", ...]` and `["CMD-SHELL", s]` go through as written.
std::vector<std::string> test_of(const compose::Node* test) {
    if (!test || test->is_null()) return {};
    if (test->is_scalar()) return {"CMD-SHELL", test->text};
    std::vector<std::string> out;
    for (const compose::Node& word : test->items)
        out.push_back(word.text);
    return out;
}

util::Nanoseconds duration_at(Builder& builder, const compose::Node& check, std::string_view key,
                              const std::string& path) {
    const compose::Node* node = check.find(key);
    if (!node || !node->is_scalar()) return util::Nanoseconds{0};
    if (auto duration = util::parse_duration(node->text); duration && duration->count() >= 0)
        return *duration;
    builder.fail(node->loc, fmt::format("{}.{}", path, key),
                 fmt::format("invalid duration \"{}\" (use e.g. 30s, 1m30s, 500ms)", node->text));
    return util::Nanoseconds{0};
}

int retries_at(Builder& builder, const compose::Node& check, const std::string& path) {
    const compose::Node* node = check.find("retries");
    if (!node || !node->is_scalar()) return 0;
    if (auto retries = parse_integer(node->text); retries && *retries >= 0 && *retries <= 1'000'000)
        return static_cast<int>(*retries);
    builder.fail(node->loc, path + ".retries", fmt::format("invalid retry count \"{}\"", node->text));
    return 0;
}

docker::HealthcheckSpec compose_healthcheck(Builder& builder, const compose::Node& check,
                                            const std::string& path) {
    docker::HealthcheckSpec spec;
    spec.test = test_of(check.find("test"));
    spec.interval = duration_at(builder, check, "interval", path);
    spec.timeout = duration_at(builder, check, "timeout", path);
    spec.start_period = duration_at(builder, check, "start_period", path);
    spec.start_interval = duration_at(builder, check, "start_interval", path);
    spec.retries = retries_at(builder, check, path);
    return spec;
}

// A number of seconds (`90`, `"90"`) or a duration (`90s`, `2m`); a part second counts as a second.
// At most k_max_timeout, so that adding it to a clock cannot overflow.
std::optional<std::chrono::seconds> parse_timeout(const compose::Node& node) {
    if (!node.is_scalar()) return std::nullopt;
    std::optional<std::chrono::seconds> seconds;
    if (auto count = parse_integer(node.text))
        seconds = std::chrono::seconds{*count};
    else if (auto duration = util::parse_duration(node.text))
        seconds = std::chrono::ceil<std::chrono::seconds>(*duration);
    if (!seconds || seconds->count() <= 0 || *seconds > k_max_timeout) return std::nullopt;
    return seconds;
}

} // namespace

void plan_healthcheck(Builder& builder, const compose::Entry& service, ServicePlan& out) {
    switch (compose::healthcheck_of(service.value)) {
    case compose::Healthcheck::Absent:
        out.health = HealthSource::Image;
        return;
    case compose::Healthcheck::Disabled:
        out.container.healthcheck = docker::HealthcheckSpec{.test = {"NONE"}};
        out.health = HealthSource::Disabled;
        return;
    case compose::Healthcheck::Defined:
        break;
    }
    std::string path = fmt::format("services.{}.healthcheck", service.key);
    out.container.healthcheck = compose_healthcheck(builder, *service.value.find("healthcheck"), path);
    // Timings alone tune the image's own test, which only the engine knows.
    out.health = out.container.healthcheck->test.empty() ? HealthSource::Image : HealthSource::Compose;
}

std::optional<std::chrono::seconds> service_timeout(Builder& builder, const compose::Entry& service) {
    const compose::Node* extension = service.value.find("x-rehearsa");
    const compose::Node* timeout =
        extension && extension->is_mapping() ? extension->find("timeout") : nullptr;
    if (!timeout) return std::nullopt;
    if (auto parsed = parse_timeout(*timeout)) return parsed;
    builder.fail(
        timeout->loc, fmt::format("services.{}.x-rehearsa.timeout", service.key),
        fmt::format("invalid timeout \"{}\" (use a duration from 1s to 24h, such as 90s or 2m, or a number "
                    "of seconds)",
                    timeout->text));
    return std::nullopt;
}

void inject_failure(ServicePlan& service, results::FailureMode mode) {
    service.injected = mode;
    docker::ContainerSpec& container = service.container;
    switch (mode) {
    case results::FailureMode::Exit:
    case results::FailureMode::Kill:
        container.entrypoint = std::vector<std::string>{
            "/bin/sh", "-c", mode == results::FailureMode::Exit ? k_exit_script : k_kill_script};
        container.cmd = std::vector<std::string>{}; // the image's CMD would become arguments to the script
        return;
    case results::FailureMode::Unhealthy:
        container.healthcheck = docker::HealthcheckSpec{.test = {"CMD-SHELL", k_unhealthy_script},
                                                        .interval = 1s,
                                                        .timeout = 1s,
                                                        .start_period = 0s,
                                                        .retries = 1};
        service.health = HealthSource::Compose;
        return;
    }
}

} // namespace rehearsa::plan
