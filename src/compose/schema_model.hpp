#pragma once
// The compiled form of a JSON schema: the draft-07 subset compose-spec.json uses, flattened into
// one array of schemas that refer to each other by index. Every `$ref` is resolved and every
// pattern classified when the schema compiles, so validating a tree allocates nothing unless it
// fails. A Model is a view over constant data: compose-spec.json is compiled at build time (see
// schema_gen.cpp) into static arrays, and compile() keeps the arrays it builds in a CompiledModel.
#include "compose/node.hpp"
#include "util/error.hpp"

#include <array>
#include <cstdint>
#include <expected>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::compose::schema {

enum class Type : uint8_t { Null, Boolean, Integer, Number, String, Array, Object };
constexpr std::size_t k_type_count = 7;

constexpr uint8_t type_bit(Type t) {
    return static_cast<uint8_t>(1u << static_cast<unsigned>(t));
}

// The types a schema allows. Order is kept because messages list them as the schema does:
// compose says "must be a string, number, boolean or null", not in some canonical order.
class TypeList {
public:
    constexpr TypeList() = default;
    constexpr TypeList(std::initializer_list<Type> types) {
        for (Type t : types)
            add(t);
    }
    constexpr void add(Type t) {
        if (m_mask & type_bit(t)) return;
        m_order[m_count++] = t;
        m_mask |= type_bit(t);
    }
    constexpr void add(const TypeList& other) {
        for (Type t : other.types())
            add(t);
    }
    constexpr bool empty() const { return m_count == 0; }
    constexpr bool allows(uint8_t node_types) const { return (m_mask & node_types) != 0; }
    constexpr std::span<const Type> types() const { return {m_order.data(), m_count}; }

private:
    std::array<Type, k_type_count> m_order{};
    uint8_t m_count = 0;
    uint8_t m_mask = 0;
};

// A `pattern` or `patternProperties` key. JSON schema patterns are unanchored searches. The forms
// compose-spec.json uses for keys (`^x-`, `^[a-zA-Z0-9._-]+$`, `^.+$`) are matched without
// std::regex because they run on every mapping key; anything else falls back to std::regex.
// Classifying is constexpr so that the patterns of the build-time schema are constant data.
class Pattern {
public:
    // `source` must outlive the pattern. A pattern std::regex rejects throws std::regex_error on
    // first use; the embedded schema's regex patterns are matched by a unit test, so that cannot
    // happen in the field.
    constexpr explicit Pattern(std::string_view source) : m_source(source) {
        std::string_view s = source;
        if (s == "^.+$") {
            m_form = Form::Line;
        } else if (s.size() >= 5 && s.starts_with("^[") && s.ends_with("]+$") &&
                   parse_char_run(s.substr(2, s.size() - 5))) {
            m_form = Form::CharRun;
        } else if (s.starts_with('^') && s.find_first_of("\\^$.|?*+()[]{}", 1) == std::string_view::npos) {
            m_form = Form::Prefix;
            m_prefix = s.substr(1);
        }
    }
    bool matches(std::string_view text) const;
    constexpr std::string_view source() const { return m_source; }

private:
    enum class Form : uint8_t { Prefix, CharRun, Line, Regex };

    // Accepts a bracket expression made only of literal characters and `a-z` ranges.
    constexpr bool parse_char_run(std::string_view body) {
        if (body.empty() || body[0] == '^' || body.find_first_of("\\[]") != std::string_view::npos)
            return false;
        for (std::size_t i = 0; i < body.size();) {
            auto lo = static_cast<unsigned char>(body[i]);
            bool range = i + 2 < body.size() && body[i + 1] == '-';
            auto hi = range ? static_cast<unsigned char>(body[i + 2]) : lo;
            if (hi < lo) return false;
            for (unsigned c = lo; c <= hi; ++c)
                m_chars[c / 64] |= uint64_t{1} << (c % 64);
            i += range ? 3 : 1;
        }
        return true;
    }
    bool in_run(char c) const {
        auto u = static_cast<unsigned char>(c);
        return (m_chars[u / 64] >> (u % 64)) & 1;
    }

    Form m_form = Form::Regex;
    std::string_view m_source;
    std::string_view m_prefix;
    std::array<uint64_t, 4> m_chars{}; // a bitset, which is not constexpr in g++ 12
};

using SchemaId = int32_t;
constexpr SchemaId k_no_schema = -1;

// An `enum` or `const` member. compose-spec.json only enumerates scalars.
struct Literal {
    Type type = Type::Null; // Number for every JSON number
    std::string_view text;  // a string's value
    double number = 0;
    std::string_view json; // as the schema spells it, for messages: "host"
};

struct Bound {
    double value = 0;
    std::string_view text; // for messages: "Must be less than or equal to 100"
};

enum class Additional : uint8_t { Allowed, Denied, Schema };
enum class Format : uint8_t { None, Duration };

struct Property {
    std::string_view name;
    SchemaId schema = k_no_schema;
};

struct PatternProperty {
    Pattern pattern;
    SchemaId schema = k_no_schema;
};

// A new field must also be written out by schema_gen.cpp and compared by compose_schema_test.
struct Schema {
    bool rejects_all = false; // the `false` schema
    TypeList types;           // empty: any type
    std::span<const Literal> enum_values;
    std::optional<Literal> const_value;
    std::optional<Pattern> pattern;
    Format format = Format::None;
    std::optional<Bound> minimum, maximum;

    std::span<const Property> properties; // sorted by name
    std::span<const PatternProperty> pattern_properties;
    Additional additional = Additional::Allowed;
    SchemaId additional_schema = k_no_schema;
    std::span<const std::string_view> required;
    std::optional<std::size_t> min_properties, max_properties;

    SchemaId items = k_no_schema;
    bool unique_items = false;
    std::optional<std::size_t> min_items, max_items;

    std::span<const SchemaId> all_of, any_of, one_of;
    SchemaId not_schema = k_no_schema;

    SchemaId property(std::string_view name) const;
};

struct Model {
    std::span<const Schema> schemas;
    SchemaId root = k_no_schema;
    // Keywords the schema uses that this validator does not enforce (e.g. "if"), so that a newer
    // compose-spec.json relying on one is noticed by the tests rather than silently accepted.
    std::span<const std::string_view> ignored_keywords;
};

// A model compiled at run time, with the storage its views point into.
struct CompiledModel : Model {
    std::shared_ptr<const void> storage;
};

// How a YAML node reads as a JSON value once compose has decoded it into Go values.
Type json_type(const Node& node);     // Integer never: both ints and floats are Number
uint8_t node_types(const Node& node); // type bits the node satisfies: 2 is "integer" and "number"
std::optional<double> node_number(const Node& node); // Int and Float scalars (0x1F, 1_000, .inf)
bool same_value(const Node& a, const Node& b);       // JSON equality, for uniqueItems
bool matches(const Node& node, const Literal& literal);

// Compiles a JSON schema document; the message says what in the schema could not be compiled.
std::expected<CompiledModel, std::string> compile(std::string_view json);

// compose-spec.json, compiled by compile() at build time into constant data: getting it costs
// nothing at run time.
const Model& compose_spec();

// Every violation of `model` by `root`, in document order.
util::Errors validate(const Model& model, const Node& root);

} // namespace rehearsa::compose::schema
