#pragma once
// What several rules need to know about how a service runs, decided in one place so that they
// agree: whether it is a one-shot job, the state of its healthcheck, and who depends on it.
#include "compose/node.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace rehearsa::compose {

enum class Lifetime { LongRunning, OneShot };

// Whether the service's own definition says it runs once and exits (the heuristic documented in
// docs/rules/unadopted-one-shot.md): `x-rehearsa: {one_shot: BOOL}` decides outright; otherwise a
// restart policy that revives it (always, unless-stopped) means long-running, and a job word in its
// name, image, command or entrypoint (migrate, init, seed, backup, ...) means one-shot.
Lifetime declared_lifetime(const Entry& service);

// A service is one-shot when it says so, or when a dependent waits for it to complete.
Lifetime lifetime(std::span<const Entry> services, const Entry& service);

enum class Healthcheck {
    Absent,   // no healthcheck key: whatever the image declares, usually nothing
    Disabled, // disable: true, or test: ["NONE"]
    Defined,  // a test, or timings over the image's own test
};

Healthcheck healthcheck_of(const Node& service);

// The depends_on condition of one entry; compose's default is service_started.
std::string_view condition_of(const Entry& dependency);

constexpr std::string_view k_service_healthy = "service_healthy";
constexpr std::string_view k_service_completed = "service_completed_successfully";

// One depends_on entry of another service that names the target.
struct Dependent {
    const Entry* service;    // the dependent
    const Entry* dependency; // its depends_on entry for the target
};

// Every depends_on entry of every service, in model order. The model is immutable during analysis,
// so these pointers stay valid for the whole analysis.
std::vector<Dependent> all_dependencies(std::span<const Entry> services);
std::vector<Dependent> dependents_of(std::span<const Entry> services, std::string_view target);

// True when some dependent waits for the target with this condition.
bool waited_on(std::span<const Dependent> dependents, std::string_view condition);

} // namespace rehearsa::compose
