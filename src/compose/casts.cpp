// The reference implementation casts interpolated strings at these paths to the spec's types,
// so `privileged: "${PRIV:-false}"` becomes a boolean before schema validation sees it.
#include "compose/canonical.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fmt/format.h>

namespace rehearsa::compose {

namespace {

enum class Cast { Int, Float, Bool };

struct CastRule {
    std::string_view pattern; // dotted; "*" any key, "[]" any list index
    Cast cast;
};

constexpr std::array<CastRule, 46> k_rules{{
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
    {"services.*.deploy.resources.limits.cpus", Cast::Float},
    {"services.*.deploy.resources.reservations.cpus", Cast::Float},
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

// The rules split into segments once; matching a path is then a few comparisons.
struct SplitRule {
    std::vector<std::string_view> segments;
    Cast cast;
};

const std::vector<SplitRule>& split_rules() {
    static const std::vector<SplitRule> k_split = [] {
        std::vector<SplitRule> out;
        for (const auto& rule : k_rules) {
            SplitRule r{{}, rule.cast};
            std::string_view p = rule.pattern;
            while (!p.empty()) {
                auto dot = p.find('.');
                r.segments.push_back(p.substr(0, dot));
                p = dot == std::string_view::npos ? std::string_view{} : p.substr(dot + 1);
            }
            out.push_back(std::move(r));
        }
        return out;
    }();
    return k_split;
}

bool matches(const SplitRule& rule, const std::vector<std::string_view>& path) {
    if (rule.segments.size() != path.size()) return false;
    for (size_t i = 0; i < path.size(); ++i) {
        std::string_view seg = rule.segments[i];
        if (seg == "[]" ? path[i] != "[]" : seg != "*" && seg != path[i]) return false;
    }
    return true;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

util::Result<void> apply(Cast cast, Node& n, const std::string& dotted) {
    auto bad = [&](std::string_view what) {
        return util::fail(n.loc, dotted,
                          fmt::format("failed to cast to expected type: invalid {}: \"{}\"", what, n.text));
    };
    if (cast == Cast::Bool) {
        std::string t = lower(n.text);
        if (t == "y" || t == "yes" || t == "true" || t == "on")
            n = Node::boolean(true, n.loc);
        else if (t == "n" || t == "no" || t == "false" || t == "off")
            n = Node::boolean(false, n.loc);
        else
            return bad("boolean");
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

struct Walk {
    std::vector<std::string_view> path; // keys, and "[]" for list items
    std::vector<size_t> indexes;        // the list index where path has "[]"

    std::string dotted() const {
        std::string out;
        for (size_t i = 0; i < path.size(); ++i) {
            if (i) out += '.';
            out += path[i] == "[]" ? std::to_string(indexes[i]) : std::string(path[i]);
        }
        return out;
    }

    util::Result<void> descend(Node& child, std::string_view seg, size_t index) {
        path.push_back(seg);
        indexes.push_back(index);
        auto r = visit(child);
        path.pop_back();
        indexes.pop_back();
        return r;
    }

    util::Result<void> visit(Node& n) {
        if (n.is_string()) {
            for (const auto& rule : split_rules())
                if (matches(rule, path)) return apply(rule.cast, n, dotted());
            return {};
        }
        if (path.size() >= 6) return {}; // no rule is deeper than services.*.volumes.[].volume.nocopy
        for (auto& e : n.entries) {
            if (path.empty() && e.key != "services" && e.key != "networks" && e.key != "volumes" &&
                e.key != "secrets" && e.key != "configs")
                continue;
            if (auto r = descend(e.value, e.key, 0); !r) return r;
        }
        for (size_t i = 0; i < n.items.size(); ++i)
            if (auto r = descend(n.items[i], "[]", i); !r) return r;
        return {};
    }
};

} // namespace

util::Result<void> cast_types(Node& root) {
    return Walk{}.visit(root);
}

} // namespace rehearsa::compose
