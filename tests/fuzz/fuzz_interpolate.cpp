// libFuzzer target for the interpolation engine. Besides "no crash, no sanitizer report", it checks
// three properties: text without `$` comes back unchanged; escaping every `$` as `$$` gives the
// text back exactly; and interpolate_tree agrees with interpolate on the same scalar.
#include "compose/interpolate.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace rehearsa::compose;

namespace {

std::optional<std::string> lookup(std::string_view name) {
    if (name == "A") return "1";
    if (name == "E") return "";
    if (name == "D") return "${A}";
    return std::nullopt;
}

const Lookup k_lookup = lookup;

void check(bool ok) {
    if (!ok) std::abort();
}

std::string escape_all(std::string_view text) {
    std::string out;
    for (const char c : text)
        out += c == '$' ? std::string_view("$$") : std::string_view(&c, 1);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> unset;
    const auto flat = interpolate(text, Interpolation{k_lookup, &unset}, {});
    if (text.find('$') == std::string_view::npos) check(flat && *flat == text && unset.empty());

    const auto escaped = interpolate(escape_all(text), Interpolation{k_lookup}, {});
    check(escaped && *escaped == text);

    Node root = Node::mapping();
    root.set("k", Node::sequence()).items.push_back(Node::string(std::string(text)));
    const auto tree = interpolate_tree(root, Interpolation{k_lookup});
    check(tree.has_value() == flat.has_value());
    if (flat) check(root.find("k")->items[0].text == *flat);
    if (!flat) check(tree.error().path == "k.0" && tree.error().message == flat.error().message);
    return 0;
}
