#include "compose/normalize.hpp"

#include "compose/dependencies.hpp"
#include "compose/dotenv.hpp"
#include "compose/model_loader.hpp"
#include "util/duration.hpp"
#include "util/files.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <set>

namespace rehearsa::compose {

namespace {

using Failure = std::unexpected<util::Errors>;

Node str(std::string s, const util::Location& loc) {
    return Node::string(std::move(s), loc);
}

void sort_keys(Node& m) {
    std::stable_sort(m.entries.begin(), m.entries.end(),
                     [](const Entry& a, const Entry& b) { return a.key < b.key; });
}

// `interval: 90s` prints as compose prints it: 1m30s.
util::Result<void> format_duration_at(Node* n, const std::string& path) {
    if (!n || !n->is_scalar()) return {};
    auto d = util::parse_duration(n->text);
    if (!d)
        return util::fail(n->loc, path,
                          fmt::format("invalid duration \"{}\" (use e.g. 30s, 1m30s, 500ms)", n->text));
    *n = str(util::format_duration(*d), n->loc);
    return {};
}

// Sizes like `1g` print as a byte count, as compose's UnitBytes does.
util::Result<void> format_bytes_at(Node* n, const std::string& path) {
    if (!n || !n->is_scalar()) return {};
    std::string t = n->text;
    // A plain negative count passes as it is: `memswap_limit: -1` is unlimited swap.
    if (t.size() > 1 && t[0] == '-' &&
        std::all_of(t.begin() + 1, t.end(), [](unsigned char c) { return std::isdigit(c); }))
        return {};
    size_t i = 0;
    while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.'))
        ++i;
    std::string unit = t.substr(i);
    for (char& c : unit)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!unit.empty() && unit.back() == 'b' && unit.size() > 1) unit.pop_back();
    double mult = unit.empty() || unit == "b" ? 1
                  : unit == "k"               ? 1024.0
                  : unit == "m"               ? 1048576.0
                  : unit == "g"               ? 1073741824.0
                  : unit == "t"               ? 1099511627776.0
                                              : -1;
    if (i == 0 || mult < 0)
        return util::fail(n->loc, path, fmt::format("invalid size \"{}\" (use e.g. 512m, 1g)", t));
    *n = str(std::to_string(static_cast<long long>(std::stod(t.substr(0, i)) * mult)), n->loc);
    return {};
}

util::Result<void> check_exclusive(const Node& svc, const std::string& name) {
    if (const Node* mode = svc.find("network_mode"); mode && svc.find("networks"))
        return util::fail(
            mode->loc, "services." + name + ".network_mode",
            fmt::format("service {} declares mutually exclusive `network_mode` and `networks`: invalid "
                        "compose project (drop one of them)",
                        name));
    return {};
}

// compose-go: once `deploy.resources.limits` (or `.reservations`) is written, each legacy key that
// is set must equal its deploy twin, an absent twin counting as 0. Sizes are in bytes by now.
util::Result<void> check_resource_twins(const Node& svc, const std::string& name) {
    struct Twin {
        const char* legacy;
        const char* section;
        const char* key;
    };
    for (Twin twin :
         {Twin{"cpus", "limits", "cpus"}, Twin{"mem_limit", "limits", "memory"},
          Twin{"mem_reservation", "reservations", "memory"}, Twin{"pids_limit", "limits", "pids"}}) {
        const Node* legacy = svc.find(twin.legacy);
        const Node* section = svc.find_path({"deploy", "resources", twin.section});
        if (!legacy || !section || !legacy->is_scalar()) continue;
        double value = std::strtod(legacy->text.c_str(), nullptr);
        const Node* other = section->find(twin.key);
        if (value == 0 || (other && std::strtod(other->text.c_str(), nullptr) == value)) continue;
        return util::fail(
            legacy->loc, "services." + name,
            fmt::format("can't set distinct values on '{}' and 'deploy.resources.{}.{}': invalid "
                        "compose project",
                        twin.legacy, twin.section, twin.key));
    }
    return {};
}

util::Result<void> service_values(Node& svc, const std::string& name, const Environment& env) {
    std::string p = "services." + name;
    if (auto r = check_exclusive(svc, name); !r) return r;
    if (Node* hc = svc.find("healthcheck"))
        for (const char* k : {"interval", "timeout", "start_period", "start_interval"})
            if (auto r = format_duration_at(hc->find(k), p + ".healthcheck." + k); !r) return r;
    if (auto r = format_duration_at(svc.find("stop_grace_period"), p + ".stop_grace_period"); !r) return r;
    for (const char* k : {"mem_limit", "mem_reservation", "memswap_limit", "shm_size"})
        if (auto r = format_bytes_at(svc.find(k), p + "." + k); !r) return r;
    for (const char* section : {"limits", "reservations"})
        if (Node* part = svc.find_path({"deploy", "resources", section}))
            if (auto r = format_bytes_at(part->find("memory"),
                                         fmt::format("{}.deploy.resources.{}.memory", p, section));
                !r)
                return r;
    if (auto r = check_resource_twins(svc, name); !r) return r;
    if (Node* build = svc.find("build"); build && build->is_mapping()) {
        if (!build->find("context")) build->set("context", str(".", build->loc));
        if (!build->find("dockerfile") && !build->find("dockerfile_inline"))
            build->set("dockerfile", str("Dockerfile", build->loc));
    }
    if (Node* environment = svc.find("environment"))
        for (auto& e : environment->entries)
            if (e.value.is_null())
                if (auto it = env.find(e.key); it != env.end()) e.value = str(it->second, e.key_loc);
    if (Node* secrets = svc.find("secrets"))
        for (auto& s : secrets->items) {
            const Node* src = s.find("source");
            const Node* target = s.find("target");
            if (!target && src) s.set("target", str("/run/secrets/" + src->text, s.loc));
        }
    for (const char* k : {"command", "entrypoint"})
        if (!svc.find(k)) svc.set(k, Node::null(svc.loc));
    if (!svc.find("networks") && !svc.find("network_mode"))
        svc.set("networks", Node::mapping(svc.loc)).set("default", Node::null(svc.loc));
    return {};
}

// env_file contents folded into environment: later files win, `environment:` wins over all.
util::Result<void> fold_env_files(Node& svc, const std::string& name, const NormalizeContext& ctx) {
    Node* files = svc.find("env_file");
    if (!files) return {};
    const Environment& project_env = ctx.environment;
    Environment merged;
    for (size_t i = 0; i < files->items.size(); ++i) {
        const Node& f = files->items[i];
        const Node* path = f.find("path");
        const Node* required = f.find("required");
        const Node* format = f.find("format");
        if (!path) continue;
        if (!util::file_exists(path->text)) {
            if (required && required->text == "false") continue;
            if (ctx.deferred) {
                ctx.deferred->push_back(Deferred{Deferred::Kind::MissingEnvFile, name,
                                                 fmt::format("services.{}.env_file[{}]", name, i), path->loc,
                                                 path->text});
                continue;
            }
            return util::fail(path->loc, fmt::format("services.{}.env_file", name),
                              fmt::format("env file {} not found: stat {}: no such file or directory",
                                          path->text, path->text));
        }
        auto text = util::read_file(path->text);
        if (!text) return std::unexpected(text.error());
        Lookup lookup = [&](std::string_view k) -> std::optional<std::string> {
            if (auto it = merged.find(k); it != merged.end()) return it->second;
            if (auto it = project_env.find(k); it != project_env.end()) return it->second;
            return std::nullopt;
        };
        auto vars =
            parse_dotenv(*text, std::make_shared<const std::string>(path->text), lookup,
                         format && format->text == "raw" ? DotenvFormat::Raw : DotenvFormat::Standard);
        if (!vars) return std::unexpected(vars.error());
        for (auto& v : *vars) {
            auto value = v.value ? v.value : lookup(v.name);
            if (value) merged.insert_or_assign(v.name, *value);
        }
    }
    util::Location at = files->loc; // `files` may move when environment is added below
    Node* environment = svc.find("environment");
    if (!environment) environment = &svc.set("environment", Node::mapping(at));
    for (const auto& [k, v] : merged)
        if (!environment->find(k)) environment->set(k, str(v, at), at);
    sort_keys(*environment);
    svc.erase("env_file");
    return {};
}

bool enabled(const Node& svc, const std::vector<std::string>& profiles) {
    const Node* own = svc.find("profiles");
    if (!own || own->items.empty()) return true;
    for (const auto& p : own->items)
        for (const auto& active : profiles)
            if (active == "*" || active == p.text) return true;
    return false;
}

void name_resources(Node& root, const std::string& project) {
    for (const char* kind : {"networks", "volumes", "secrets", "configs"}) {
        Node* section = root.find(kind);
        if (!section) continue;
        for (auto& e : section->entries) {
            if (!e.value.is_mapping()) e.value = Node::mapping(e.key_loc);
            const Node* ext = e.value.find("external");
            bool external = ext && ext->text == "true";
            if (!e.value.find("name"))
                e.value.set("name", str(external ? e.key : project + "_" + e.key, e.key_loc));
            if (std::string_view(kind) == "networks" && !e.value.find("ipam"))
                e.value.set("ipam", Node::mapping(e.key_loc));
        }
    }
}

} // namespace

std::string normalize_project_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_' || l == '-') out += l;
    }
    size_t start = out.find_first_not_of("_-");
    return start == std::string::npos ? std::string() : out.substr(start);
}

std::expected<void, util::Errors> normalize_project(Node& root, const NormalizeContext& ctx) {
    root.set("name", Node::string(ctx.project_name, root.loc));
    Node* services = root.find("services");
    if (!services) services = &root.set("services", Node::mapping(root.loc));
    if (!services->is_mapping()) *services = Node::mapping(services->loc);
    for (auto& e : services->entries) {
        if (!e.value.is_mapping()) e.value = Node::mapping(e.key_loc);
        if (auto r = service_values(e.value, e.key, ctx.environment); !r)
            return Failure(util::Errors{r.error()});
        add_implicit_dependencies(e.value);
    }
    std::erase_if(services->entries, [&](const Entry& e) {
        bool on = enabled(e.value, ctx.profiles);
        if (!on && ctx.disabled) ctx.disabled->push_back(e.key);
        return !on;
    });
    if (auto r = check_dependencies(*services, ctx.disabled ? *ctx.disabled : std::vector<std::string>{},
                                    ctx.deferred);
        !r)
        return Failure(util::Errors{r.error()});
    for (auto& e : services->entries) {
        if (auto r = fold_env_files(e.value, e.key, ctx); !r) return Failure(util::Errors{r.error()});
        sort_keys(e.value);
    }
    sort_keys(*services);
    // `services` may dangle from here on: the steps below add top-level keys.
    if (auto r = check_references(root); !r) return Failure(util::Errors{r.error()});
    drop_unused_resources(root);
    name_resources(root, ctx.project_name);
    sort_keys(root);
    return {};
}

} // namespace rehearsa::compose
