#include "compose/short_syntax.hpp"

#include "compose/canonical.hpp"
#include "util/files.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <fmt/format.h>
#include <optional>

namespace rehearsa::compose {

namespace {

using util::Location;

std::optional<long long> go_int(std::string_view text) {
    std::string s;
    for (char c : text)
        if (c != '_') s += c;
    bool neg = !s.empty() && (s[0] == '-' || s[0] == '+');
    if (neg) {
        neg = s[0] == '-';
        s.erase(0, 1);
    }
    int base = 10;
    if (s.size() > 1 && s[0] == '0') {
        char p = static_cast<char>(std::tolower(s[1]));
        base = p == 'x' ? 16 : p == 'b' ? 2 : 8;
        s.erase(0, p == 'x' || p == 'b' || p == 'o' ? 2 : 1);
    }
    long long v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return neg ? -v : v;
}

// Go's %v for float64: shortest digits, exponent form when exp < -4 || exp >= 21... or 6 for shortest.
std::string go_float(std::string_view text) {
    double d = 0;
    std::string s(text);
    try {
        d = std::stod(s);
    } catch (...) {
        return s;
    }
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, r.ptr);
    int exp = std::stoi(sci.substr(sci.find('e') + 1));
    if (exp < -4 || exp >= 21) return sci;
    r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    return std::string(buf, r.ptr);
}

Node str(std::string s, const Location& loc) {
    return Node::string(std::move(s), loc);
}

struct PortRange {
    uint64_t start = 0, end = 0;
};

std::optional<PortRange> port_range(std::string_view s) {
    auto dash = s.find('-');
    auto num = [](std::string_view t, uint64_t& out) {
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
        return ec == std::errc() && end == t.data() + t.size() && !t.empty() && out <= 65535;
    };
    PortRange r;
    if (dash == std::string_view::npos) {
        if (!num(s, r.start)) return std::nullopt;
        r.end = r.start;
    } else if (!num(s.substr(0, dash), r.start) || !num(s.substr(dash + 1), r.end) || r.end < r.start) {
        return std::nullopt;
    }
    return r;
}

bool valid_ip(const std::string& ip) {
    unsigned char buf[16];
    return inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

struct PortSpec {
    std::string ip, host, container, proto;
};

util::Result<PortSpec> split_port(const std::string& raw, const Location& loc, const std::string& path) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= raw.size(); ++i)
        if (i == raw.size() || raw[i] == ':') parts.push_back(raw.substr(start, i - start)), start = i + 1;
    PortSpec p;
    size_t n = parts.size();
    p.container = parts[n - 1];
    if (n >= 2) p.host = parts[n - 2];
    for (size_t i = 0; n >= 3 && i + 2 < n; ++i)
        p.ip += (i ? ":" : "") + parts[i];
    if (p.ip.size() > 1 && p.ip.front() == '[' && p.ip.back() == ']') p.ip = p.ip.substr(1, p.ip.size() - 2);
    auto slash = p.container.find('/');
    p.proto = "tcp";
    if (slash != std::string::npos) {
        if (slash + 1 < p.container.size()) p.proto = p.container.substr(slash + 1);
        p.container.resize(slash);
    }
    if (!p.ip.empty() && !valid_ip(p.ip)) return util::fail(loc, path, "invalid IP address: " + p.ip);
    if (p.proto != "tcp" && p.proto != "udp" && p.proto != "sctp")
        return util::fail(loc, path, "invalid proto: " + p.proto);
    if (p.container.empty()) return util::fail(loc, path, fmt::format("no port specified: {}<empty>", raw));
    return p;
}

util::Result<void> parse_port(const Node& item, const std::string& path, std::vector<Node>& out) {
    auto spec = split_port(item.text, item.loc, path);
    if (!spec) return std::unexpected(spec.error());
    auto ctr = port_range(spec->container);
    if (!ctr) return util::fail(item.loc, path, "invalid containerPort: " + spec->container);
    PortRange host;
    if (!spec->host.empty()) {
        auto h = port_range(spec->host);
        if (!h) return util::fail(item.loc, path, "invalid hostPort: " + spec->host);
        host = *h;
        if (ctr->end - ctr->start != host.end - host.start && ctr->end != ctr->start)
            return util::fail(item.loc, path,
                              fmt::format("invalid ranges specified for container and host Ports: {} and {}",
                                          spec->container, spec->host));
    }
    // The reference sorts expanded ports by their "port/proto" text.
    std::vector<std::pair<std::string, Node>> ports;
    for (uint64_t i = 0; i <= ctr->end - ctr->start; ++i) {
        Node m = Node::mapping(item.loc);
        m.set("mode", str("ingress", item.loc));
        if (!spec->ip.empty()) m.set("host_ip", str(spec->ip, item.loc));
        m.set("target", Node::integer(static_cast<long long>(ctr->start + i), item.loc));
        if (!spec->host.empty()) {
            std::string published = std::to_string(host.start + i);
            if (ctr->start == ctr->end && host.start != host.end) published += "-" + std::to_string(host.end);
            m.set("published", str(published, item.loc));
        }
        m.set("protocol", str(spec->proto, item.loc));
        ports.emplace_back(fmt::format("{}/{}", ctr->start + i, spec->proto), std::move(m));
    }
    std::stable_sort(ports.begin(), ports.end(), [](auto& a, auto& b) { return a.first < b.first; });
    for (auto& p : ports)
        out.push_back(std::move(p.second));
    return {};
}

void port_defaults(Node& m) {
    if (!m.find("mode")) m.set("mode", str("ingress", m.loc));
    if (!m.find("protocol")) m.set("protocol", str("tcp", m.loc));
    if (Node* pub = m.find("published"); pub && pub->is_scalar())
        *pub = str(scalar_as_go_string(*pub), pub->loc);
}

bool is_windows_drive(const std::string& buffer, char c) {
    return c == ':' && buffer.size() == 1 && std::isalpha(static_cast<unsigned char>(buffer[0]));
}

bool is_file_path(const std::string& s) {
    if (s.empty()) return false;
    if (s[0] == '.' || s[0] == '/' || s[0] == '~') return true;
    if (s.starts_with("\\\\")) return true;
    return s.size() > 1 && is_windows_drive(s.substr(0, 1), s[1]);
}

struct VolumeSpec {
    std::string source, target;
    bool read_only = false, nocopy = false;
    std::string selinux, propagation;
};

util::Result<void> volume_field(VolumeSpec& v, const std::string& buffer, bool more, const Location& loc,
                                const std::string& path) {
    if (buffer.empty()) return util::fail(loc, path, "invalid spec: empty section between colons");
    if (v.source.empty()) return v.source = buffer, util::Result<void>{};
    if (v.target.empty()) return v.target = buffer, util::Result<void>{};
    if (more) return util::fail(loc, path, "invalid spec: too many colons");
    size_t start = 0;
    for (size_t i = 0; i <= buffer.size(); ++i) {
        if (i < buffer.size() && buffer[i] != ',') continue;
        std::string opt = buffer.substr(start, i - start);
        start = i + 1;
        if (opt == "ro")
            v.read_only = true;
        else if (opt == "rw")
            v.read_only = false;
        else if (opt == "nocopy")
            v.nocopy = true;
        else if (opt == "z" || opt == "Z")
            v.selinux = opt;
        else if (opt == "rprivate" || opt == "private" || opt == "rshared" || opt == "shared" ||
                 opt == "rslave" || opt == "slave")
            v.propagation = opt;
    }
    return {};
}

util::Result<VolumeSpec> split_volume(const std::string& spec, const Location& loc, const std::string& path) {
    VolumeSpec v;
    if (spec.empty()) return util::fail(loc, path, "invalid empty volume spec");
    if (spec.size() <= 2) {
        v.target = spec;
        return v;
    }
    std::string buffer;
    for (size_t i = 0; i <= spec.size(); ++i) {
        char c = i < spec.size() ? spec[i] : '\0';
        if (c != '\0' && is_windows_drive(buffer, c))
            buffer += c;
        else if (c == ':' || c == '\0') {
            if (auto r = volume_field(v, buffer, c == ':', loc, path); !r) return std::unexpected(r.error());
            buffer.clear();
        } else
            buffer += c;
    }
    if (v.target.empty()) std::swap(v.source, v.target);
    return v;
}

Node volume_node(const VolumeSpec& v, const Location& loc) {
    Node m = Node::mapping(loc);
    bool bind = is_file_path(v.source);
    m.set("type", str(bind ? "bind" : "volume", loc));
    if (!v.source.empty()) m.set("source", str(v.source, loc));
    std::string target = v.target;
    if (!target.empty()) target = util::clean_path(target);
    m.set("target", str(target, loc));
    if (v.read_only) m.set("read_only", Node::boolean(true, loc));
    if (bind || !v.selinux.empty() || !v.propagation.empty()) {
        Node b = Node::mapping(loc);
        if (!v.propagation.empty()) b.set("propagation", str(v.propagation, loc));
        if (bind) b.set("create_host_path", Node::boolean(true, loc));
        if (!v.selinux.empty()) b.set("selinux", str(v.selinux, loc));
        m.set("bind", std::move(b));
    }
    if (!bind) {
        Node vol = Node::mapping(loc);
        if (v.nocopy) vol.set("nocopy", Node::boolean(true, loc));
        m.set("volume", std::move(vol));
    }
    return m;
}

} // namespace

std::string scalar_as_go_string(const Node& n) {
    if (!n.is_scalar()) return n.text;
    switch (n.type) {
    case ScalarType::Int: {
        auto v = go_int(n.text);
        return v ? std::to_string(*v) : n.text;
    }
    case ScalarType::Float:
        return go_float(n.text);
    case ScalarType::Bool:
        return n.text[0] == 't' || n.text[0] == 'T' ? "true" : "false";
    case ScalarType::String:
        break;
    }
    return n.text;
}

util::Result<void> canonical_ports(Node& ports, const std::string& path) {
    if (!ports.is_sequence()) return {};
    std::vector<Node> out;
    for (size_t i = 0; i < ports.items.size(); ++i) {
        Node& item = ports.items[i];
        std::string p = fmt::format("{}.{}", path, i);
        if (item.is_mapping()) {
            port_defaults(item);
            out.push_back(std::move(item));
        } else if (item.is_scalar() && item.type == ScalarType::Int) {
            Node m = Node::mapping(item.loc);
            m.set("target", Node::integer(go_int(item.text).value_or(0), item.loc));
            port_defaults(m);
            out.push_back(std::move(m));
        } else if (item.is_string()) {
            if (auto r = parse_port(item, p, out); !r) return r;
        } else {
            return util::fail(item.loc, p, fmt::format("invalid type {} for port", item.kind_name()));
        }
    }
    ports.items = std::move(out);
    return {};
}

util::Result<void> canonical_volumes(Node& volumes, const std::string& path) {
    if (!volumes.is_sequence()) return {};
    for (size_t i = 0; i < volumes.items.size(); ++i) {
        Node& item = volumes.items[i];
        if (!item.is_string()) continue;
        auto spec = split_volume(item.text, item.loc, fmt::format("{}.{}", path, i));
        if (!spec) return std::unexpected(spec.error());
        item = volume_node(*spec, item.loc);
    }
    return {};
}

util::Result<std::vector<std::string>> split_shell_words(std::string_view line) {
    std::vector<std::string> words;
    std::string buf;
    bool escaped = false, single = false, dbl = false, got = false;
    for (char c : line) {
        if (escaped) {
            buf += c, escaped = false, got = true;
        } else if (c == '\\' && !single) {
            escaped = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (single || dbl)
                buf += c;
            else if (got)
                words.push_back(std::move(buf)), buf.clear(), got = false;
        } else if (c == '\'' && !dbl) {
            single = !single, got = true;
        } else if (c == '"' && !single) {
            dbl = !dbl, got = true;
        } else if ((c == ';' || c == '&' || c == '|' || c == '<' || c == '>') && !single && !dbl) {
            break; // go-shellwords stops at a shell operator
        } else {
            buf += c, got = true;
        }
    }
    if (escaped || single || dbl)
        return util::fail({}, "", fmt::format("invalid command line string: {}", line));
    if (got) words.push_back(std::move(buf));
    return words;
}

} // namespace rehearsa::compose
