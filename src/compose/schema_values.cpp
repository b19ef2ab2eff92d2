// YAML nodes read as the JSON values compose validates: compose decodes YAML into Go values and
// hands those to its JSON-schema library, so an int is both "integer" and "number" and 2.0 is an
// integer too.
#include "compose/schema_model.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace rehearsa::compose::schema {

namespace {

// YAML allows `1_000`; most numbers have no underscore and pay for no copy.
std::string_view without_underscores(std::string_view text, std::string& storage) {
    if (text.find('_') == std::string_view::npos) return text;
    storage.reserve(text.size());
    for (char c : text)
        if (c != '_') storage += c;
    return storage;
}

// YAML 1.2 core ints plus the 0o/0b/leading-0 forms yaml.v3 accepts.
std::optional<double> int_value(std::string_view text) {
    std::string storage;
    std::string_view d = without_underscores(text, storage);
    bool negative = !d.empty() && d[0] == '-';
    if (!d.empty() && (d[0] == '-' || d[0] == '+')) d.remove_prefix(1);
    int base = 10;
    if (d.size() > 1 && d[0] == '0') {
        char prefix = static_cast<char>(d[1] | 0x20);
        base = prefix == 'x' ? 16 : prefix == 'b' ? 2 : 8;
        d.remove_prefix(prefix == 'x' || prefix == 'b' || prefix == 'o' ? 2 : 1);
    }
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), value, base);
    if (ec != std::errc{} || end != d.data() + d.size()) return std::nullopt;
    return negative ? -static_cast<double>(value) : static_cast<double>(value);
}

std::optional<double> float_value(std::string_view text) {
    std::string storage;
    std::string_view d = without_underscores(text, storage);
    bool negative = !d.empty() && d[0] == '-';
    if (!d.empty() && (d[0] == '-' || d[0] == '+')) d.remove_prefix(1);
    double value = 0;
    if (d == ".inf" || d == ".Inf" || d == ".INF")
        value = std::numeric_limits<double>::infinity();
    else if (d == ".nan" || d == ".NaN" || d == ".NAN")
        value = std::numeric_limits<double>::quiet_NaN();
    else if (auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), value);
             ec != std::errc{} || end != d.data() + d.size())
        return std::nullopt;
    return negative ? -value : value;
}

bool bool_value(const Node& node) {
    return !node.text.empty() && (node.text[0] == 't' || node.text[0] == 'T');
}

bool same_mapping(const Node& a, const Node& b) {
    if (a.entries.size() != b.entries.size()) return false;
    for (const Entry& e : a.entries) {
        const Node* other = b.find(e.key);
        if (!other || !same_value(e.value, *other)) return false;
    }
    return true;
}

bool same_sequence(const Node& a, const Node& b) {
    if (a.items.size() != b.items.size()) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same_value(a.items[i], b.items[i])) return false;
    return true;
}

} // namespace

Type json_type(const Node& node) {
    switch (node.kind) {
    case NodeKind::Null:
        return Type::Null;
    case NodeKind::Sequence:
        return Type::Array;
    case NodeKind::Mapping:
        return Type::Object;
    case NodeKind::Scalar:
        break;
    }
    switch (node.type) {
    case ScalarType::Bool:
        return Type::Boolean;
    case ScalarType::Int:
    case ScalarType::Float:
        return Type::Number;
    case ScalarType::String:
        break;
    }
    return Type::String;
}

uint8_t node_types(const Node& node) {
    Type t = json_type(node);
    if (t != Type::Number) return type_bit(t);
    constexpr uint8_t k_integer = type_bit(Type::Integer) | type_bit(Type::Number);
    if (node.type == ScalarType::Int) return k_integer;
    auto v = node_number(node);
    return v && std::isfinite(*v) && std::floor(*v) == *v ? k_integer : type_bit(Type::Number);
}

std::optional<double> node_number(const Node& node) {
    if (!node.is_scalar()) return std::nullopt;
    if (node.type == ScalarType::Int) return int_value(node.text);
    if (node.type == ScalarType::Float) return float_value(node.text);
    return std::nullopt;
}

bool same_value(const Node& a, const Node& b) {
    Type t = json_type(a);
    if (t != json_type(b)) return false;
    switch (t) {
    case Type::Boolean:
        return bool_value(a) == bool_value(b);
    case Type::Number:
        return node_number(a) == node_number(b) && (node_number(a) || a.text == b.text);
    case Type::String:
        return a.text == b.text;
    case Type::Array:
        return same_sequence(a, b);
    case Type::Object:
        return same_mapping(a, b);
    default:
        return true; // null
    }
}

bool matches(const Node& node, const Literal& literal) {
    if (json_type(node) != literal.type) return false;
    switch (literal.type) {
    case Type::String:
        return node.text == literal.text;
    case Type::Boolean:
        return bool_value(node) == (literal.number != 0);
    case Type::Number:
        return node_number(node) == literal.number;
    default:
        return true; // null
    }
}

} // namespace rehearsa::compose::schema
