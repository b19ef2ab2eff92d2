// libFuzzer target for the dotenv parser, both formats. Besides "no crash, no sanitizer report",
// it checks what every accepted file must satisfy: names never hold a space or a newline, raw
// values never hold a newline, and every location points inside the text.
#include "compose/dotenv.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace rehearsa::compose;

namespace {

std::optional<std::string> lookup(std::string_view name) {
    if (name == "A") return "1";
    if (name == "E") return "";
    return std::nullopt;
}

const Lookup k_lookup = lookup;
const auto k_file = std::make_shared<const std::string>("fuzz.env");

void check(bool ok) {
    if (!ok) std::abort();
}

void check_vars(const std::vector<EnvVar>& vars, std::string_view text, DotenvFormat format) {
    const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (const auto& v : vars) {
        check(v.name.find('\n') == std::string::npos);
        check(v.loc.line >= 1 && v.loc.line <= lines && v.loc.column >= 1);
        if (format == DotenvFormat::Raw) {
            check(v.name.find_first_of(" \t") == std::string::npos && !v.name.empty());
            check(!v.value || v.value->find('\n') == std::string::npos);
        } else {
            check(v.name.find(' ') == std::string::npos);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto format : {DotenvFormat::Standard, DotenvFormat::Raw}) {
        std::vector<std::string> unset;
        auto vars = parse_dotenv(text, k_file, k_lookup, format, &unset);
        if (vars) {
            check_vars(*vars, text, format);
        } else {
            check(!vars.error().message.empty() && vars.error().where.known());
        }
    }
    return 0;
}
