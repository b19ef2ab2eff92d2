// The reference implementation casts interpolated strings at these paths to the spec's types,
// so `privileged: "${PRIV:-false}"` becomes a boolean before schema validation sees it.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "compose/canonical.hpp"

namespace rehearsa::compose {

namespace {

enum class Cast { Int, Float, Bool };

struct CastRule {
    std::string_view pattern;  // dotted; "*" any key, "[]" any list index
    Cast cast;
};

constexpr std::array<CastRule, 44> k_rules{{
    {"services.*.configs.[].mode", Cast::Int},
    {"services.*.secrets.[].mode", Cast::Int},
    {"services.*.cpu_count", Cast::Int},
    {"services.*.cpu_percent", Cast::Float},
    {"services.*.cpu_period", Cast::Int},
    {"services.*.cpu_quota", Cast::Int},
    {"services.*.cpu_rt_period", Cast::Int},
    {"services.*.cpu_rt_runtime", Cast::Int},
    {"services.*.cpus", Cast::Float},
    {"services.*.cpu_shares", Cast::Int},
    {"services.*.init", Cast::Bool},
    {"services.*.deploy.replicas", Cast::Int},
    {"services.*.deploy.update_config.parallelism", Cast::Int},
    {"services.*.deploy.update_config.max_failure_ratio", Cast::Float},
    {"services.*.deploy.rollback_config.parallelism", Cast::Int},
    {"services.*.deploy.rollback_config.max_failure_ratio", Cast::Float},
    {"services.*.deploy.restart_policy.max_attempts", Cast::Int},
    {"services.*.deploy.placement.max_replicas_per_node", Cast::Int},
    {"services.*.healthcheck.retries", Cast::Int},
    {"services.*.healthcheck.disable", Cast::Bool},
    {"services.*.oom_kill_disable", Cast::Bool},
    {"services.*.oom_score_adj", Cast::Int},
    {"services.*.pids_limit", Cast::Int},
    {"services.*.ports.[].target", Cast::Int},
    {"services.*.privileged", Cast::Bool},
    {"services.*.read_only", Cast::Bool},
    {"services.*.scale", Cast::Int},
    {"services.*.stdin_open", Cast::Bool},
    {"services.*.tty", Cast::Bool},
    {"services.*.ulimits.*", Cast::Int},
    {"services.*.ulimits.*.hard", Cast::Int},
    {"services.*.ulimits.*.soft", Cast::Int},
    {"services.*.volumes.[].read_only", Cast::Bool},
    {"services.*.volumes.[].volume.nocopy", Cast::Bool},
    {"services.*.volumes.[].bind.create_host_path", Cast::Bool},
    {"services.*.depends_on.*.required", Cast::Bool},
    {"services.*.depends_on.*.restart", Cast::Bool},
    {"networks.*.external", Cast::Bool},
    {"networks.*.internal", Cast::Bool},
    {"networks.*.attachable", Cast::Bool},
    {"networks.*.enable_ipv6", Cast::Bool},
    {"volumes.*.external", Cast::Bool},
    {"secrets.*.external", Cast::Bool},
    {"configs.*.external", Cast::Bool},
}};

bool matches(std::string_view pattern, const std::vector<std::string_view>& path) {
    size_t i = 0;
    while (!pattern.empty()) {
        auto dot = pattern.find('.');
        std::string_view seg = pattern.substr(0, dot);
        pattern = dot == std::string_view::npos ? std::string_view{} : pattern.substr(dot + 1);
        if (i >= path.size()) return false;
        if (seg == "[]" ? path[i] != "[]" : seg != "*" && seg != path[i]) return false;
        ++i;
    }
    return i == path.size();
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

util::Result<void> apply(Cast cast, Node& n, const std::string& dotted) {
    auto bad = [&](std::string_view what) {
        return util::fail(n.loc, dotted, fmt::format("failed to cast to expected type: invalid {}: \"{}\"", what, n.text));
    };
    if (cast == Cast::Bool) {
        std::string t = lower(n.text);
        if (t == "y" || t == "yes" || t == "true" || t == "on") n = Node::boolean(true, n.loc);
        else if (t == "n" || t == "no" || t == "false" || t == "off") n = Node::boolean(false, n.loc);
        else return bad("boolean");
        return {};
    }
    const char* b = n.text.data();
    const char* e = b + n.text.size();
    if (cast == Cast::Int) {
        long long v = 0;
        auto r = std::from_chars(b + (b != e && *b == '+'), e, v);
        if (r.ec != std::errc() || r.ptr != e) return bad("integer");
        n = Node::integer(v, n.loc);
        return {};
    }
    double d = 0;
    auto r = std::from_chars(b, e, d);
    if (r.ec != std::errc() || r.ptr != e) return bad("number");
    n.type = ScalarType::Float;
    return {};
}

util::Result<void> walk(Node& n, std::vector<std::string_view>& path, std::vector<std::string>& names) {
    if (n.is_string() && path.size() >= 2) {
        for (const auto& rule : k_rules) {
            if (!matches(rule.pattern, path)) continue;
            std::string dotted;
            for (size_t i = 0; i < names.size(); ++i) dotted += (i ? "." : "") + names[i];
            return apply(rule.cast, n, dotted);
        }
        return {};
    }
    auto descend = [&](Node& child, std::string_view seg, std::string name) -> util::Result<void> {
        path.push_back(seg);
        names.push_back(std::move(name));
        auto r = walk(child, path, names);
        path.pop_back();
        names.pop_back();
        return r;
    };
    for (auto& e : n.entries)
        if (auto r = descend(e.value, e.key, e.key); !r) return r;
    for (size_t i = 0; i < n.items.size(); ++i)
        if (auto r = descend(n.items[i], "[]", std::to_string(i)); !r) return r;
    return {};
}

} // namespace

util::Result<void> cast_types(Node& root) {
    std::vector<std::string_view> path;
    std::vector<std::string> names;
    return walk(root, path, names);
}

} // namespace rehearsa::compose
