#include "util/duration.hpp"

#include <array>
#include <cstdint>
#include <ctime>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace rehearsa::util {

namespace {

struct Unit {
    std::string_view name;
    int64_t ns;
};

constexpr std::array<Unit, 8> k_units{{{"ns", 1},
                                       {"us", 1000},
                                       {"\xC2\xB5s", 1000}, // U+00B5 micro sign
                                       {"\xCE\xBCs", 1000}, // U+03BC Greek mu
                                       {"ms", 1000000},
                                       {"s", 1000000000},
                                       {"m", 60LL * 1000000000},
                                       {"h", 3600LL * 1000000000}}};

std::optional<int64_t> unit_ns(std::string_view& rest) {
    // Longest match first: "ms" before "m".
    const Unit* best = nullptr;
    for (const Unit& u : k_units)
        if (rest.starts_with(u.name) && (!best || u.name.size() > best->name.size())) best = &u;
    if (!best) return std::nullopt;
    rest.remove_prefix(best->name.size());
    return best->ns;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// One "<number><unit>" component; adds its value to total.
bool parse_component(std::string_view& rest, long double& total) {
    long double whole = 0, frac = 0, scale = 1;
    bool digits = false;
    while (!rest.empty() && is_digit(rest[0])) {
        whole = whole * 10 + (rest[0] - '0');
        rest.remove_prefix(1);
        digits = true;
    }
    if (!rest.empty() && rest[0] == '.') {
        rest.remove_prefix(1);
        while (!rest.empty() && is_digit(rest[0])) {
            scale /= 10;
            frac += (rest[0] - '0') * scale;
            rest.remove_prefix(1);
            digits = true;
        }
    }
    if (!digits) return false;
    auto ns = unit_ns(rest);
    if (!ns) return false;
    total += (whole + frac) * static_cast<long double>(*ns);
    return true;
}

// Go prints fractions with trailing zeros removed: 1.500s -> 1.5s.
std::string with_fraction(int64_t value, int64_t unit) {
    std::string out = std::to_string(value / unit);
    int64_t frac = value % unit;
    if (frac == 0) return out;
    int width = 0;
    for (int64_t u = unit; u > 1; u /= 10)
        ++width;
    std::string digits = fmt::format("{:0{}}", frac, width);
    while (!digits.empty() && digits.back() == '0')
        digits.pop_back();
    return out + "." + digits;
}

} // namespace

std::optional<Nanoseconds> parse_duration(std::string_view text) {
    std::string_view rest = text;
    bool negative = false;
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) {
        negative = rest[0] == '-';
        rest.remove_prefix(1);
    }
    if (rest == "0") return Nanoseconds{0};
    if (rest.empty()) return std::nullopt;
    long double total = 0;
    while (!rest.empty())
        if (!parse_component(rest, total)) return std::nullopt;
    if (total > 9.2e18L) return std::nullopt;
    auto ns = static_cast<int64_t>(total);
    return Nanoseconds{negative ? -ns : ns};
}

std::string format_duration(Nanoseconds d) {
    int64_t ns = d.count();
    if (ns == 0) return "0s";
    std::string sign = ns < 0 ? "-" : "";
    uint64_t u = ns < 0 ? static_cast<uint64_t>(-ns) : static_cast<uint64_t>(ns);
    auto v = static_cast<int64_t>(u);
    if (u < 1000) return sign + std::to_string(v) + "ns";
    if (u < 1000000) return sign + with_fraction(v, 1000) + "\xC2\xB5s";
    if (u < 1000000000) return sign + with_fraction(v, 1000000) + "ms";
    int64_t hours = v / (3600LL * 1000000000);
    int64_t minutes = v / (60LL * 1000000000) % 60;
    std::string secs = with_fraction(v % (60LL * 1000000000), 1000000000) + "s";
    if (hours > 0) return fmt::format("{}{}h{}m{}", sign, hours, minutes, secs);
    if (minutes > 0) return fmt::format("{}{}m{}", sign, minutes, secs);
    return sign + secs;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
    auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time - seconds).count();
    std::time_t since_epoch = std::chrono::system_clock::to_time_t(seconds);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(since_epoch), millis);
}

} // namespace rehearsa::util
