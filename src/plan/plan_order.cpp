// The order services are planned and listed in: every service after what it depends on, and
// among services free at the same time the one written first, so reports read like the file
// (the model itself is sorted by name, as `docker compose config` prints it).
#include "plan/builder.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <tuple>

namespace rehearsa::plan {

namespace {

using WrittenAt = std::tuple<std::size_t, int, int>;

// (compose file in merge order, line, column) of the service's key.
WrittenAt written_at(const compose::Project& project, const compose::Entry& service) {
    const util::Location& at = service.key_loc;
    auto file = at.known() ? std::ranges::find(project.files, at.file_name()) : project.files.end();
    return {static_cast<std::size_t>(file - project.files.begin()), at.line, at.column};
}

// depends_on names, plus `network_mode: service:x` in case the loader did not make it one.
std::vector<std::string> prerequisites(const Builder& builder, const compose::Entry& service) {
    std::vector<std::string> out;
    if (const compose::Node* depends_on = service.value.find("depends_on"))
        for (const compose::Entry& dependency : depends_on->entries)
            out.push_back(dependency.key);
    if (std::string mode = text_at(service.value, "network_mode"); mode.starts_with("service:"))
        out.push_back(mode.substr(std::string_view("service:").size()));
    // A dependency on a service the project does not run (an optional one disabled by profiles)
    // does not hold anything back.
    std::erase_if(out, [&](const std::string& name) { return !builder.service(name); });
    return out;
}

bool ready(const Builder& builder, const compose::Entry& service,
           const std::set<std::string, std::less<>>& done) {
    return std::ranges::all_of(prerequisites(builder, service),
                               [&](const std::string& name) { return done.contains(name); });
}

void report_cycle(Builder& builder, std::span<const compose::Entry* const> stuck) {
    std::string names;
    for (const compose::Entry* service : stuck)
        names += (names.empty() ? "" : ", ") + service->key;
    builder.fail(stuck.front()->key_loc, fmt::format("services.{}.depends_on", stuck.front()->key),
                 fmt::format("dependency cycle between services {}", names));
}

} // namespace

std::vector<const compose::Entry*> service_order(Builder& builder) {
    std::vector<const compose::Entry*> pending;
    for (const compose::Entry& service : builder.services())
        pending.push_back(&service);
    std::ranges::stable_sort(
        pending, {}, [&](const compose::Entry* service) { return written_at(builder.project, *service); });
    std::vector<const compose::Entry*> out;
    std::set<std::string, std::less<>> done;
    while (!pending.empty()) {
        auto next =
            std::ranges::find_if(pending, [&](const compose::Entry* s) { return ready(builder, *s, done); });
        if (next == pending.end()) {
            report_cycle(builder, pending);
            out.insert(out.end(), pending.begin(), pending.end());
            break;
        }
        done.insert((*next)->key);
        out.push_back(*next);
        pending.erase(next);
    }
    return out;
}

} // namespace rehearsa::plan
