#pragma once
// The compiled form of a JSON schema: the draft-07 subset compose-spec.json uses, flattened into
// one vector of schemas that refer to each other by index. Every `$ref` is resolved and every
// pattern compiled when the schema loads, so validating a tree allocates nothing unless it fails.
#include "compose/node.hpp"
#include "util/error.hpp"

#include <array>
#include <bitset>
#include <cstdint>
#include <expected>
#include <optional>
#include <regex>
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
    void add(Type t);
    void add(const TypeList& other);
    bool empty() const { return m_count == 0; }
    bool allows(uint8_t node_types) const { return (m_mask & node_types) != 0; }
    std::span<const Type> types() const { return {m_order.data(), m_count}; }

private:
    std::array<Type, k_type_count> m_order{};
    uint8_t m_count = 0;
    uint8_t m_mask = 0;
};

// A `pattern` or `patternProperties` key. JSON schema patterns are unanchored searches. The forms
// compose-spec.json uses for keys (`^x-`, `^[a-zA-Z0-9._-]+$`, `^.+$`) are matched without
// std::regex because they run on every mapping key; anything else falls back to std::regex.
class Pattern {
public:
    // Throws std::regex_error when a pattern needs std::regex and it rejects it.
    explicit Pattern(std::string source);
    bool matches(std::string_view text) const;
    const std::string& source() const { return m_source; }

private:
    enum class Form { Prefix, CharRun, Line, Regex };
    bool parse_char_run(std::string_view body);

    Form m_form = Form::Regex;
    std::string m_source;
    std::string m_prefix;
    std::bitset<256> m_chars;
    std::regex m_regex;
};

using SchemaId = int32_t;
constexpr SchemaId k_no_schema = -1;

// An `enum` or `const` member. compose-spec.json only enumerates scalars.
struct Literal {
    Type type = Type::Null; // Number for every JSON number
    std::string text;       // a string's value
    double number = 0;
    std::string json; // as the schema spells it, for messages: "host"
};

struct Bound {
    double value = 0;
    std::string text; // for messages: "Must be less than or equal to 100"
};

enum class Additional { Allowed, Denied, Schema };
enum class Format { None, Duration };

struct Property {
    std::string name;
    SchemaId schema = k_no_schema;
};

struct PatternProperty {
    Pattern pattern;
    SchemaId schema = k_no_schema;
};

struct Schema {
    bool rejects_all = false; // the `false` schema
    TypeList types;           // empty: any type
    std::vector<Literal> enum_values;
    std::optional<Literal> const_value;
    std::optional<Pattern> pattern;
    Format format = Format::None;
    std::optional<Bound> minimum, maximum;

    std::vector<Property> properties; // sorted by name
    std::vector<PatternProperty> pattern_properties;
    Additional additional = Additional::Allowed;
    SchemaId additional_schema = k_no_schema;
    std::vector<std::string> required;
    std::optional<std::size_t> min_properties, max_properties;

    SchemaId items = k_no_schema;
    bool unique_items = false;
    std::optional<std::size_t> min_items, max_items;

    std::vector<SchemaId> all_of, any_of, one_of;
    SchemaId not_schema = k_no_schema;

    SchemaId alias = k_no_schema; // while compiling only: this schema is a bare `$ref`

    SchemaId property(std::string_view name) const;
};

struct Model {
    std::vector<Schema> schemas;
    SchemaId root = k_no_schema;
    // Keywords the schema uses that this validator does not enforce (e.g. "if"), so that a newer
    // compose-spec.json relying on one is noticed by the tests rather than silently accepted.
    std::vector<std::string> ignored_keywords;
};

// How a YAML node reads as a JSON value once compose has decoded it into Go values.
Type json_type(const Node& node);     // Integer never: both ints and floats are Number
uint8_t node_types(const Node& node); // type bits the node satisfies: 2 is "integer" and "number"
std::optional<double> node_number(const Node& node); // Int and Float scalars (0x1F, 1_000, .inf)
bool same_value(const Node& a, const Node& b);       // JSON equality, for uniqueItems
bool matches(const Node& node, const Literal& literal);

// Compiles a JSON schema document; the message says what in the schema could not be compiled.
std::expected<Model, std::string> compile(std::string_view json);

// compose-spec.json as embedded in the binary, compiled on first use (thread-safe).
const Model& compose_spec();

// Every violation of `model` by `root`, in document order.
util::Errors validate(const Model& model, const Node& root);

} // namespace rehearsa::compose::schema
