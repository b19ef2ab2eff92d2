#include "compose/dependencies.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>

namespace rehearsa::compose {

namespace {

enum class Restart { Yes, No };

void depend(Node& svc, const std::string& on, const util::Location& loc, Restart restart) {
    Node* deps = svc.find("depends_on");
    if (!deps) deps = &svc.set("depends_on", Node::mapping(loc));
    if (deps->find(on)) return;
    Node d = Node::mapping(loc);
    d.set("condition", Node::string("service_started", loc));
    if (restart == Restart::Yes) d.set("restart", Node::boolean(true, loc));
    d.set("required", Node::boolean(true, loc));
    deps->set(on, std::move(d), loc);
}

std::string before_colon(const std::string& s) {
    return s.substr(0, s.find(':'));
}

struct CycleFinder {
    const Node& services;
    std::map<std::string, int> state; // 0 new, 1 on stack, 2 done
    std::vector<std::string> stack;

    std::optional<std::vector<std::string>> visit(const std::string& name) {
        if (state[name] == 2) return std::nullopt;
        if (state[name] == 1) {
            auto from = std::find(stack.begin(), stack.end(), name);
            std::vector<std::string> cycle(from, stack.end());
            cycle.push_back(name);
            return cycle;
        }
        state[name] = 1;
        stack.push_back(name);
        const Node* svc = services.find(name);
        const Node* deps = svc ? svc->find("depends_on") : nullptr;
        std::vector<std::string> next;
        if (deps)
            for (const auto& d : deps->entries)
                next.push_back(d.key);
        std::sort(next.begin(), next.end());
        for (const auto& n : next)
            if (services.find(n))
                if (auto c = visit(n)) return c;
        stack.pop_back();
        state[name] = 2;
        return std::nullopt;
    }
};

template <typename Fn>
void for_each_use(const Node& root, Fn fn) {
    const Node* services = root.find("services");
    if (!services) return;
    for (const auto& s : services->entries) {
        const Node& svc = s.value;
        if (const Node* nets = svc.find("networks"))
            for (const auto& n : nets->entries)
                fn("networks", "network", s.key, n.key, n.key_loc);
        if (const Node* vols = svc.find("volumes"))
            for (const auto& v : vols->items) {
                const Node* type = v.find("type");
                const Node* src = v.find("source");
                if (type && type->text == "volume" && src && !src->text.empty())
                    fn("volumes", "volume", s.key, src->text, src->loc);
            }
        for (auto [section, kind] : {std::pair{"secrets", "secret"}, std::pair{"configs", "config"}})
            if (const Node* mounts = svc.find(section))
                for (const auto& m : mounts->items)
                    if (const Node* src = m.find("source")) fn(section, kind, s.key, src->text, src->loc);
        if (const Node* build = svc.find("build"); build && build->find("secrets"))
            for (const auto& m : build->find("secrets")->items)
                if (const Node* src = m.find("source")) fn("secrets", "secret", s.key, src->text, src->loc);
    }
}

// Every depends_on entry of `s` names an enabled service, or a disabled one (kept when optional;
// recorded in `deferred` and dropped when required and deferred is given).
util::Result<void> check_defined(Entry& s, const Node& services, const std::vector<std::string>& disabled,
                                 std::vector<Deferred>* deferred) {
    Node* deps = s.value.find("depends_on");
    if (!deps) return {};
    size_t dropped = 0;
    for (size_t i = 0; i < deps->entries.size();) {
        const Entry& d = deps->entries[i];
        if (services.find(d.key)) {
            ++i;
            continue;
        }
        const Node* required = d.value.find("required");
        bool is_disabled = std::find(disabled.begin(), disabled.end(), d.key) != disabled.end();
        if (is_disabled && required && required->text == "false") {
            ++i; // compose keeps it, and only warns when the service starts
            continue;
        }
        if (is_disabled && deferred) {
            deferred->push_back(Deferred{Deferred::Kind::DependsOnDisabled, s.key,
                                         fmt::format("services.{}.depends_on.{}", s.key, d.key), d.key_loc,
                                         d.key});
            deps->entries.erase(deps->entries.begin() + static_cast<std::ptrdiff_t>(i));
            ++dropped;
            continue;
        }
        return util::fail(d.key_loc, fmt::format("services.{}.depends_on", s.key),
                          fmt::format("service \"{}\" depends on undefined service \"{}\"{}", s.key, d.key,
                                      is_disabled ? " (it is disabled by profiles; enable its profile or set "
                                                    "required: false)"
                                                  : ": invalid compose project"));
    }
    if (dropped > 0 && deps->entries.empty()) s.value.erase("depends_on"); // as if never written
    return {};
}

} // namespace

void add_implicit_dependencies(Node& svc) {
    // Collected first: adding depends_on may move the service's other entries in memory.
    struct Implicit {
        std::string on;
        util::Location loc;
        Restart restart;
    };
    std::vector<Implicit> found;
    if (const Node* links = svc.find("links"))
        for (const auto& l : links->items)
            found.push_back({before_colon(l.text), l.loc, Restart::Yes});
    for (const char* key : {"network_mode", "ipc", "pid"})
        if (const Node* mode = svc.find(key); mode && mode->text.starts_with("service:"))
            found.push_back({mode->text.substr(8), mode->loc, Restart::Yes});
    if (const Node* from = svc.find("volumes_from"))
        for (const auto& v : from->items)
            if (!v.text.starts_with("container:"))
                found.push_back({before_colon(v.text), v.loc, Restart::No});
    for (const auto& i : found)
        depend(svc, i.on, i.loc, i.restart);
}

util::Result<void> check_dependencies(Node& services, const std::vector<std::string>& disabled,
                                      std::vector<Deferred>* deferred) {
    for (auto& s : services.entries)
        if (auto r = check_defined(s, services, disabled, deferred); !r) return r;
    std::vector<std::string> names;
    for (const auto& s : services.entries)
        names.push_back(s.key);
    std::sort(names.begin(), names.end());
    CycleFinder finder{services, {}, {}};
    for (const auto& n : names) {
        auto cycle = finder.visit(n);
        if (!cycle) continue;
        std::string chain;
        for (const auto& c : *cycle)
            chain += (chain.empty() ? "" : " -> ") + c;
        const Node* svc = services.find(cycle->front());
        const Entry* dep = svc->find("depends_on")->find_entry((*cycle)[1]);
        return util::fail(dep->key_loc, fmt::format("services.{}.depends_on", cycle->front()),
                          "dependency cycle detected: " + chain);
    }
    return {};
}

util::Result<void> check_references(Node& root) {
    std::optional<util::Error> error;
    bool uses_default = false;
    for_each_use(root, [&](const char* section, const char* kind, const std::string& svc,
                           const std::string& name, const util::Location& loc) {
        const Node* defined = root.find(section);
        if (std::string_view(section) == "networks" && name == "default") {
            uses_default = true;
            return;
        }
        if (!error && !(defined && defined->find(name)))
            error =
                util::Error{util::ErrorKind::Input, loc, fmt::format("services.{}.{}", svc, section),
                            fmt::format("service \"{}\" refers to undefined {} {}: invalid compose project",
                                        svc, kind, name)};
    });
    if (error) return std::unexpected(*error);
    if (uses_default) {
        Node* nets = root.find("networks");
        if (!nets) nets = &root.set("networks", Node::mapping(root.loc));
        if (!nets->find("default")) nets->set("default", Node::mapping(root.loc));
    }
    return {};
}

void drop_unused_resources(Node& root) {
    std::map<std::string, std::set<std::string>> used;
    for_each_use(root, [&](const char* section, const char*, const std::string&, const std::string& name,
                           const util::Location&) { used[section].insert(name); });
    for (const char* section : {"networks", "volumes", "secrets", "configs"}) {
        Node* s = root.find(section);
        if (!s) continue;
        std::erase_if(s->entries, [&](const Entry& e) {
            return !e.key.starts_with("x-") && !used[section].count(e.key);
        });
        if (s->entries.empty()) root.erase(section);
    }
}

} // namespace rehearsa::compose
