#include "plan/identity.hpp"

#include "util/files.hpp"

#include <array>
#include <charconv>
#include <climits>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <random>
#include <unistd.h>

namespace rehearsa::plan {

namespace {

constexpr std::size_t k_run_id_bytes = 6; // 12 hex characters
// /proc/<pid>/stat: field 22 is starttime; fields 3 on follow the `(comm)` field, whose text may hold
// spaces and parentheses, so counting starts after its last ')'.
constexpr int k_start_time_field = 22;
constexpr int k_first_field_after_comm = 3;

std::string random_run_id() {
    std::array<unsigned char, k_run_id_bytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        // Without OpenSSL's generator (no entropy source), the kernel's through std::random_device.
        std::random_device device;
        for (unsigned char& byte : bytes)
            byte = static_cast<unsigned char>(device());
    }
    std::string out;
    for (unsigned char byte : bytes)
        out += fmt::format("{:02x}", byte);
    return out;
}

std::string host_name() {
    std::array<char, HOST_NAME_MAX + 1> name{};
    if (gethostname(name.data(), name.size() - 1) != 0) return "localhost";
    return name.data();
}

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
    Number value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// The field-th whitespace-separated field of a stat line, counting from k_first_field_after_comm.
std::optional<std::string_view> stat_field(std::string_view stat, int field) {
    std::size_t pos = stat.rfind(')');
    if (pos == std::string_view::npos) return std::nullopt;
    std::string_view rest = stat.substr(pos + 1);
    for (int index = k_first_field_after_comm; !rest.empty(); ++index) {
        rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
        std::string_view word = rest.substr(0, rest.find(' '));
        if (index == field) return word;
        rest.remove_prefix(word.size());
    }
    return std::nullopt;
}

} // namespace

std::string Owner::to_label() const {
    return fmt::format("{}:{}:{}", host, pid, start_time);
}

// From the right: host names hold no ':', so exactly three parts.
std::optional<Owner> Owner::from_label(std::string_view label) {
    std::size_t last = label.rfind(':');
    if (last == std::string_view::npos || last == 0) return std::nullopt;
    std::size_t middle = label.rfind(':', last - 1);
    if (middle == std::string_view::npos || middle == 0) return std::nullopt;
    std::string_view host = label.substr(0, middle);
    if (host.find(':') != std::string_view::npos) return std::nullopt;
    auto pid = parse_number<long>(label.substr(middle + 1, last - middle - 1));
    auto start = parse_number<std::uint64_t>(label.substr(last + 1));
    if (!pid || *pid <= 0 || !start) return std::nullopt;
    return Owner{std::string(host), *pid, *start};
}

Identity current_identity() {
    long pid = static_cast<long>(getpid());
    return Identity{random_run_id(), Owner{host_name(), pid, process_start_time(pid).value_or(0)}};
}

std::optional<std::uint64_t> process_start_time(long pid) {
    if (pid <= 0) return std::nullopt;
    auto stat = util::read_file(fmt::format("/proc/{}/stat", pid));
    if (!stat) return std::nullopt;
    auto field = stat_field(*stat, k_start_time_field);
    return field ? parse_number<std::uint64_t>(*field) : std::nullopt;
}

bool owner_alive(const Owner& owner) {
    if (owner.host != host_name()) return true;
    auto start = process_start_time(owner.pid);
    return start && *start == owner.start_time;
}

} // namespace rehearsa::plan
