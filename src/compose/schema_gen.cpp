// schema_gen IN OUT: compiles the JSON schema IN with schema::compile() and writes OUT, a C++ source
// defining schema::compose_spec() over the result as constant data. The build runs it on
// compose-spec.json, so the binary neither parses nor compiles the schema when it starts: that
// cost a quarter of loading a compose file. Every list of the model is flattened into one array
// per element type, which a schema then views by offset and length.
#include "compose/schema_model.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace rehearsa::compose::schema {

namespace {

std::string cpp_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') out += '\\';
        // Octal escapes are exactly three digits: a following digit cannot extend them.
        if (u < 0x20 || u >= 0x7f)
            out += fmt::format("\\{:03o}", u);
        else
            out += c;
    }
    return out + "\"sv";
}

// Shortest text that reads back as the same double, spelled as a double literal.
std::string cpp_double(double value) {
    std::string out = fmt::format("{}", value);
    if (out.find_first_of(".e") == std::string::npos) out += ".0";
    return out;
}

std::string_view type_name(Type t) {
    constexpr std::array<std::string_view, k_type_count> k_names{"Null",   "Boolean", "Integer", "Number",
                                                                 "String", "Array",   "Object"};
    return k_names[static_cast<std::size_t>(t)];
}

std::string cpp_types(const TypeList& types) {
    std::string out;
    for (Type t : types.types())
        out += fmt::format("{}Type::{}", out.empty() ? "" : ", ", type_name(t));
    return "TypeList{" + out + "}";
}

std::string cpp_literal(const Literal& l) {
    return fmt::format("Literal{{Type::{}, {}, {}, {}}}", type_name(l.type), cpp_string(l.text),
                       cpp_double(l.number), cpp_string(l.json));
}

std::string cpp_bound(const Bound& b) {
    return fmt::format("Bound{{{}, {}}}", cpp_double(b.value), cpp_string(b.text));
}

std::string cpp_pattern(const Pattern& p) {
    return fmt::format("Pattern({})", cpp_string(p.source()));
}

// One array that the lists of every schema are appended to.
template <typename T>
class Pool {
public:
    Pool(std::string_view name, std::string_view type) : m_name(name), m_type(type) {}

    // Appends `items` and returns the span that views them.
    template <typename Write>
    std::string add(std::span<const T> items, Write&& write) {
        std::string span = fmt::format("{{{}.data() + {}, {}}}", m_name, m_size, items.size());
        for (const T& item : items)
            m_body += "    " + write(item) + ",\n";
        m_size += items.size();
        return span;
    }

    std::string definition() const {
        return fmt::format("constexpr std::array<{}, {}> {}{{{{\n{}}}}};\n\n", m_type, m_size, m_name,
                           m_body);
    }

private:
    std::string_view m_name, m_type;
    std::string m_body;
    std::size_t m_size = 0;
};

struct Pools {
    Pool<Literal> literals{"k_literals", "Literal"};
    Pool<Property> properties{"k_properties", "Property"};
    Pool<PatternProperty> pattern_properties{"k_pattern_properties", "PatternProperty"};
    Pool<std::string_view> strings{"k_strings", "std::string_view"};
    Pool<SchemaId> ids{"k_ids", "SchemaId"};

    std::string add(std::span<const Literal> items) { return literals.add(items, cpp_literal); }
    std::string add(std::span<const Property> items) {
        return properties.add(items, [](const Property& p) {
            return fmt::format("Property{{{}, {}}}", cpp_string(p.name), p.schema);
        });
    }
    std::string add(std::span<const PatternProperty> items) {
        return pattern_properties.add(items, [](const PatternProperty& p) {
            return fmt::format("PatternProperty{{{}, {}}}", cpp_pattern(p.pattern), p.schema);
        });
    }
    std::string add(std::span<const std::string_view> items) { return strings.add(items, cpp_string); }
    std::string add(std::span<const SchemaId> items) {
        return ids.add(items, [](SchemaId id) { return std::to_string(id); });
    }

    std::string definitions() const {
        return literals.definition() + properties.definition() + pattern_properties.definition() +
               strings.definition() + ids.definition();
    }
};

// A schema as a designated initializer naming only the fields that differ from the defaults.
// Every field of Schema must appear here; compose_schema_test compares the output with compile().
class SchemaWriter {
public:
    SchemaWriter(const Schema& s, Pools& pools) : m_pools(pools) {
        set("rejects_all", s.rejects_all, "true");
        set("types", !s.types.empty(), [&] { return cpp_types(s.types); });
        list("enum_values", s.enum_values);
        set("const_value", s.const_value.has_value(), [&] { return cpp_literal(*s.const_value); });
        set("pattern", s.pattern.has_value(), [&] { return cpp_pattern(*s.pattern); });
        set("format", s.format == Format::Duration, "Format::Duration");
        set("minimum", s.minimum.has_value(), [&] { return cpp_bound(*s.minimum); });
        set("maximum", s.maximum.has_value(), [&] { return cpp_bound(*s.maximum); });
        list("properties", s.properties);
        list("pattern_properties", s.pattern_properties);
        set("additional", s.additional == Additional::Denied, "Additional::Denied");
        set("additional", s.additional == Additional::Schema, "Additional::Schema");
        id("additional_schema", s.additional_schema);
        list("required", s.required);
        size("min_properties", s.min_properties);
        size("max_properties", s.max_properties);
        id("items", s.items);
        set("unique_items", s.unique_items, "true");
        size("min_items", s.min_items);
        size("max_items", s.max_items);
        list("all_of", s.all_of);
        list("any_of", s.any_of);
        list("one_of", s.one_of);
        id("not_schema", s.not_schema);
    }

    const std::string& text() const { return m_text; }

private:
    template <typename Value>
    void set(std::string_view field, bool present, Value&& value) {
        if (!present) return;
        if constexpr (std::is_invocable_v<Value>)
            m_text += fmt::format("{}.{} = {}", m_text.empty() ? "" : ", ", field, value());
        else
            m_text += fmt::format("{}.{} = {}", m_text.empty() ? "" : ", ", field, value);
    }
    template <typename T>
    void list(std::string_view field, std::span<const T> items) {
        set(field, !items.empty(), [&] { return m_pools.add(items); });
    }
    void id(std::string_view field, SchemaId value) {
        set(field, value != k_no_schema, [&] { return std::to_string(value); });
    }
    void size(std::string_view field, std::optional<std::size_t> value) {
        set(field, value.has_value(), [&] { return std::to_string(*value); });
    }

    Pools& m_pools;
    std::string m_text;
};

std::string cpp_model(const Model& model) {
    Pools pools;
    std::string schemas;
    for (const Schema& s : model.schemas)
        schemas += "    {" + SchemaWriter(s, pools).text() + "},\n";
    std::string ignored = pools.add(model.ignored_keywords);
    return fmt::format(R"(// Generated by schema_gen from compose-spec.json: do not edit.
#include "compose/schema_model.hpp"

namespace rehearsa::compose::schema {{

namespace {{

using namespace std::string_view_literals;

// Designated initializers name only the fields a schema sets.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

{}constexpr std::array<Schema, {}> k_schemas{{{{
{}}}}};

constexpr Model k_model{{k_schemas, {}, {}}};

}} // namespace

const Model& compose_spec() {{
    return k_model;
}}

}} // namespace rehearsa::compose::schema
)",
                       pools.definitions(), model.schemas.size(), schemas, model.root, ignored);
}

} // namespace

} // namespace rehearsa::compose::schema

int main(int argc, char** argv) {
    using namespace rehearsa::compose;
    if (argc != 3) {
        std::fputs("usage: schema_gen SCHEMA.json OUT.cpp\n", stderr);
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "schema_gen: cannot read %s\n", argv[1]);
        return 1;
    }
    std::stringstream json;
    json << in.rdbuf();
    auto model = schema::compile(json.str());
    if (!model) {
        std::fprintf(stderr, "schema_gen: %s: %s\n", argv[1], model.error().c_str());
        return 1;
    }
    std::ofstream out(argv[2], std::ios::binary);
    out << schema::cpp_model(*model);
    if (!out.flush()) {
        std::fprintf(stderr, "schema_gen: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
