// Published ports: which host addresses and ports a restored stack claims.
#include "preflight/rules_isolation_ports.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <tuple>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_duplicate_host_port{
    "duplicate-host-port",
    "DuplicateHostPort",
    "isolation",
    results::Severity::Error,
    "Two services, or two entries of one service, publish the same host port.",
    "A host port can be bound once per address and protocol. The second container fails to start with "
    "`port is already allocated`, so the restored stack never comes up whole.",
    "Publish each host port once: change one of the host ports, or bind them to different addresses."};

constexpr results::Rule k_all_interfaces{
    "port-on-all-interfaces",
    "PortOnAllInterfaces",
    "isolation",
    results::Severity::Note,
    "A published port listens on every host interface.",
    "Without a host address, Docker binds 0.0.0.0 (and ::) and inserts firewall rules ahead of the host's "
    "own, so a restored database or admin port is reachable from every network the new host is on.",
    "Bind the port to the address that needs it, e.g. `127.0.0.1:5432:5432`, or use `expose` when only "
    "other services need it."};

// One entry of a service's ports, in the normalized long form.
struct PortEntry {
    const compose::Entry* service;
    std::size_t index;
    const compose::Node* item;
    std::string host_ip;  // "" when unset
    std::string protocol; // tcp, udp, sctp
    long first = 0;       // the published host port range; 0 when Docker picks one
    long last = 0;
};

bool is_wildcard(std::string_view ip) {
    return ip.empty() || ip == "0.0.0.0" || ip == "::" || ip == "[::]";
}

std::string text_of(const compose::Node* node) {
    return node && node->is_scalar() ? node->text : std::string{};
}

long to_port(std::string_view text) {
    long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() ? value : 0;
}

// "8080" or "8000-8002"; the normalized model writes published as a string.
void read_published(std::string_view published, PortEntry& entry) {
    auto dash = published.find('-');
    entry.first = to_port(published.substr(0, dash));
    entry.last = dash == std::string_view::npos ? entry.first : to_port(published.substr(dash + 1));
    if (entry.last < entry.first) entry.first = entry.last = 0;
}

// Ports of services on the host network are ignored by Docker; host-network-mode reports those.
std::vector<PortEntry> port_entries(std::span<const compose::Entry> services) {
    std::vector<PortEntry> out;
    for (const compose::Entry& service : services) {
        const compose::Node* ports = service.value.find("ports");
        const compose::Node* mode = service.value.find("network_mode");
        if (!ports || (mode && mode->text == "host")) continue;
        for (std::size_t i = 0; i < ports->items.size(); ++i) {
            const compose::Node& item = ports->items[i];
            PortEntry entry{&service, i, &item, text_of(item.find("host_ip")),
                            text_of(item.find("protocol"))};
            if (entry.protocol.empty()) entry.protocol = "tcp";
            read_published(text_of(item.find("published")), entry);
            out.push_back(std::move(entry));
        }
    }
    return out;
}

bool collide(const PortEntry& a, const PortEntry& b) {
    if (a.first == 0 || b.first == 0 || a.protocol != b.protocol) return false;
    bool same_address = is_wildcard(a.host_ip) || is_wildcard(b.host_ip) || a.host_ip == b.host_ip;
    return same_address && a.first <= b.last && b.first <= a.last;
}

std::string entry_path(const PortEntry& entry) {
    return compose::index_path(compose::service_path(entry.service->key) + ".ports", entry.index);
}

const util::Location& location_of(const PortEntry& entry) {
    const compose::Node* published = entry.item->find("published");
    return published ? published->loc : entry.item->loc;
}

std::string port_numbers(const PortEntry& entry) {
    if (entry.first == 0) return "a random host port";
    return entry.first == entry.last ? fmt::format("host port {}", entry.first)
                                     : fmt::format("host ports {}-{}", entry.first, entry.last);
}

std::string host_port(const PortEntry& entry) {
    std::string address = is_wildcard(entry.host_ip) ? "every interface" : entry.host_ip;
    return fmt::format("{}/{} on {}", port_numbers(entry), entry.protocol, address);
}

void report_duplicate(RuleContext& context, const PortEntry& later, const PortEntry& earlier) {
    std::string owner = earlier.service == later.service ? "another of its entries"
                                                         : fmt::format("'{}'", earlier.service->key);
    context.report(k_duplicate_host_port, later.service->key, entry_path(later), location_of(later),
                   fmt::format("service '{}' publishes {}, which {} already publishes ({}): the second "
                               "container fails with \"port is already allocated\"; change one host port",
                               later.service->key, host_port(later), owner, entry_path(earlier)));
}

// Where the entry was written; the model orders services by name, a reader by position.
auto position(const PortEntry& entry) {
    const util::Location& at = entry.item->loc;
    return std::tuple(at.file_name(), at.line, at.column);
}

void check_duplicate_host_port(RuleContext& context) {
    std::vector<PortEntry> entries = port_entries(context.services());
    // The entry written second is the one to change, and the one reported.
    std::ranges::stable_sort(
        entries, [](const PortEntry& a, const PortEntry& b) { return position(a) < position(b); });
    for (std::size_t j = 0; j < entries.size(); ++j)
        for (std::size_t i = 0; i < j; ++i)
            if (collide(entries[i], entries[j])) {
                report_duplicate(context, entries[j], entries[i]);
                break; // one finding per entry, naming the first it collides with
            }
}

bool same_line(const PortEntry& a, const PortEntry& b) {
    return a.service == b.service && position(a) == position(b);
}

void check_all_interfaces(RuleContext& context) {
    std::vector<PortEntry> entries = port_entries(context.services());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const PortEntry& entry = entries[i];
        // A range written once ("8000-8002:8000-8002") expands to several entries: report it once.
        if (!is_wildcard(entry.host_ip) || (i > 0 && same_line(entries[i - 1], entry))) continue;
        context.report(
            k_all_interfaces, entry.service->key, entry_path(entry), entry.item->loc,
            fmt::format("service '{}' publishes container port {}/{} as {} on every interface; bind "
                        "it to an address (\"127.0.0.1:...\") unless other hosts must reach it",
                        entry.service->key, text_of(entry.item->find("target")), entry.protocol,
                        port_numbers(entry)));
    }
}

constexpr std::array<RuleCheck, 2> k_checks = {{
    {k_duplicate_host_port, check_duplicate_host_port},
    {k_all_interfaces, check_all_interfaces},
}};

} // namespace

std::span<const RuleCheck> port_rules() {
    return k_checks;
}

} // namespace rehearsa::preflight
