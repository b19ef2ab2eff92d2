// Compiles a JSON schema document (parsed with simdjson's DOM) into a schema::Model.
#include "compose/schema_model.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <map>
#include <simdjson.h>

namespace rehearsa::compose::schema {

namespace {

using simdjson::dom::element;

std::optional<Type> type_named(std::string_view name) {
    constexpr std::array<std::string_view, k_type_count> k_names{"null",   "boolean", "integer", "number",
                                                                 "string", "array",   "object"};
    auto it = std::find(k_names.begin(), k_names.end(), name);
    if (it == k_names.end()) return std::nullopt;
    return static_cast<Type>(it - k_names.begin());
}

std::optional<double> number_of(element e) {
    double d = 0;
    if (e.is_number() && e.get_double().get(d) == simdjson::SUCCESS) return d;
    return std::nullopt;
}

// The schema's own spelling of a number: 100, not 100.0.
std::string number_text(element e) {
    int64_t i = 0;
    if (e.get_int64().get(i) == simdjson::SUCCESS) return fmt::format("{}", i);
    return fmt::format("{}", number_of(e).value_or(0));
}

std::optional<Literal> literal_of(element e) {
    std::string_view s;
    bool b = false;
    if (e.get_string().get(s) == simdjson::SUCCESS) {
        Literal out{Type::String, std::string(s), 0, {}};
        util::append_json_string(out.json, s);
        return out;
    }
    if (e.get_bool().get(b) == simdjson::SUCCESS)
        return Literal{Type::Boolean, {}, b ? 1.0 : 0.0, b ? "true" : "false"};
    if (e.is_null()) return Literal{Type::Null, {}, 0, "null"};
    if (auto n = number_of(e)) return Literal{Type::Number, {}, *n, number_text(e)};
    return std::nullopt; // arrays and objects: compose-spec.json never enumerates them
}

bool is_annotation(std::string_view key) {
    constexpr std::array<std::string_view, 11> k_annotations{
        "$schema",  "$id",        "$comment",    "title",    "description", "default",
        "examples", "deprecated", "definitions", "readOnly", "writeOnly"};
    return std::find(k_annotations.begin(), k_annotations.end(), key) != k_annotations.end();
}

// Calls f on every schema id a schema refers to.
template <typename F>
void for_each_reference(Schema& s, F&& f) {
    for (SchemaId* id : {&s.additional_schema, &s.items, &s.not_schema})
        f(*id);
    for (Property& p : s.properties)
        f(p.schema);
    for (PatternProperty& p : s.pattern_properties)
        f(p.schema);
    for (auto* list : {&s.all_of, &s.any_of, &s.one_of})
        for (SchemaId& id : *list)
            f(id);
}

class Compiler {
public:
    explicit Compiler(element root) : m_root(root) {}

    std::expected<Model, std::string> run() {
        m_model.root = compile(m_root);
        collapse_aliases();
        if (!m_error.empty()) return std::unexpected(m_error);
        return std::move(m_model);
    }

private:
    using Keyword = void (Compiler::*)(element, Schema&);
    struct KeywordEntry {
        std::string_view name;
        Keyword apply;
    };

    void fail(std::string message) {
        if (m_error.empty()) m_error = std::move(message);
    }

    SchemaId add_schema() {
        m_model.schemas.emplace_back();
        return static_cast<SchemaId>(m_model.schemas.size() - 1);
    }

    // A `{"$ref": ...}` compiles to its target's id directly, so validation never follows refs.
    SchemaId compile(element e) {
        std::string_view ref;
        if (e.is_object() && e["$ref"].get_string().get(ref) == simdjson::SUCCESS) return resolve(ref);
        SchemaId id = add_schema();
        compile_into(e, id);
        return id;
    }

    void compile_into(element e, SchemaId id) {
        bool accepts = true;
        simdjson::dom::object obj;
        if (e.get_bool().get(accepts) == simdjson::SUCCESS) {
            m_model.schemas[id].rejects_all = !accepts;
        } else if (e.get_object().get(obj) != simdjson::SUCCESS) {
            fail("a schema must be an object or a boolean");
        } else {
            Schema s; // filled aside: compiling subschemas grows m_model.schemas
            for (auto [key, value] : obj)
                apply(key, value, s);
            m_model.schemas[id] = std::move(s);
        }
    }

    // Draft-07: a `$ref` replaces its siblings, so only the target matters.
    SchemaId resolve(std::string_view ref) {
        if (auto it = m_refs.find(ref); it != m_refs.end()) return it->second;
        SchemaId id = add_schema();
        m_refs.emplace(std::string(ref), id); // before compiling: definitions may recurse
        element target;
        if (!ref.starts_with('#') || m_root.at_pointer(ref.substr(1)).get(target) != simdjson::SUCCESS) {
            fail(fmt::format("unresolved $ref \"{}\" (only local references are supported)", ref));
            return id;
        }
        std::string_view next;
        if (target.is_object() && target["$ref"].get_string().get(next) == simdjson::SUCCESS)
            m_model.schemas[id].alias = resolve(next);
        else
            compile_into(target, id);
        return id;
    }

    SchemaId final_id(SchemaId id) {
        for (std::size_t hops = 0; id != k_no_schema && m_model.schemas[id].alias != k_no_schema; ++hops) {
            if (hops > m_model.schemas.size()) {
                fail("circular $ref");
                return id;
            }
            id = m_model.schemas[id].alias;
        }
        return id;
    }

    // A ref to a ref was compiled as an alias; point every user at the end of the chain instead.
    void collapse_aliases() {
        for (Schema& s : m_model.schemas)
            for_each_reference(s, [&](SchemaId& id) { id = final_id(id); });
        m_model.root = final_id(m_model.root);
    }

    void apply(std::string_view key, element value, Schema& s) {
        static constexpr std::array<KeywordEntry, 20> k_keywords{{
            {"type", &Compiler::type},
            {"enum", &Compiler::enum_values},
            {"const", &Compiler::const_value},
            {"pattern", &Compiler::pattern},
            {"format", &Compiler::format},
            {"minimum", &Compiler::minimum},
            {"maximum", &Compiler::maximum},
            {"properties", &Compiler::properties},
            {"patternProperties", &Compiler::pattern_properties},
            {"additionalProperties", &Compiler::additional_properties},
            {"required", &Compiler::required},
            {"minProperties", &Compiler::min_properties},
            {"maxProperties", &Compiler::max_properties},
            {"items", &Compiler::items},
            {"uniqueItems", &Compiler::unique_items},
            {"minItems", &Compiler::min_items},
            {"maxItems", &Compiler::max_items},
            {"allOf", &Compiler::all_of},
            {"anyOf", &Compiler::any_of},
            {"oneOf", &Compiler::one_of},
        }};
        if (key == "not") return not_schema(value, s);
        auto it = std::find_if(k_keywords.begin(), k_keywords.end(), [&](auto& k) { return k.name == key; });
        if (it != k_keywords.end()) return (this->*(it->apply))(value, s);
        if (!is_annotation(key)) ignore(key);
    }

    void ignore(std::string_view key) {
        auto& ignored = m_model.ignored_keywords;
        if (std::find(ignored.begin(), ignored.end(), key) == ignored.end()) ignored.emplace_back(key);
    }

    void type(element value, Schema& s) {
        std::string_view name;
        if (value.get_string().get(name) == simdjson::SUCCESS) return add_type(name, s);
        simdjson::dom::array names;
        if (value.get_array().get(names) != simdjson::SUCCESS)
            return fail("`type` must be a string or an array");
        for (element n : names)
            if (n.get_string().get(name) == simdjson::SUCCESS) add_type(name, s);
    }

    void add_type(std::string_view name, Schema& s) {
        if (auto t = type_named(name)) return s.types.add(*t);
        fail(fmt::format("unknown type \"{}\"", name));
    }

    void enum_values(element value, Schema& s) {
        simdjson::dom::array values;
        if (value.get_array().get(values) != simdjson::SUCCESS) return fail("`enum` must be an array");
        for (element v : values) {
            if (auto lit = literal_of(v))
                s.enum_values.push_back(std::move(*lit));
            else
                fail("`enum` members must be scalars");
        }
    }

    void const_value(element value, Schema& s) {
        s.const_value = literal_of(value);
        if (!s.const_value) fail("`const` must be a scalar");
    }

    void pattern(element value, Schema& s) {
        std::string_view source;
        if (value.get_string().get(source) != simdjson::SUCCESS) return fail("`pattern` must be a string");
        if (auto p = make_pattern(source)) s.pattern.emplace(std::move(*p));
    }

    std::optional<Pattern> make_pattern(std::string_view source) {
        try {
            return Pattern(std::string(source));
        } catch (const std::regex_error& e) {
            fail(fmt::format("invalid pattern \"{}\": {}", source, e.what()));
            return std::nullopt;
        }
    }

    // Compose registers a checker for "duration" only; gojsonschema lets unknown formats pass.
    void format(element value, Schema& s) {
        std::string_view name;
        if (value.get_string().get(name) == simdjson::SUCCESS && name == "duration")
            s.format = Format::Duration;
    }

    std::optional<Bound> bound(element value) {
        if (auto n = number_of(value)) return Bound{*n, number_text(value)};
        fail("`minimum` and `maximum` must be numbers");
        return std::nullopt;
    }

    void minimum(element value, Schema& s) { s.minimum = bound(value); }
    void maximum(element value, Schema& s) { s.maximum = bound(value); }

    std::optional<std::size_t> count(element value) {
        uint64_t n = 0;
        if (value.get_uint64().get(n) == simdjson::SUCCESS) return static_cast<std::size_t>(n);
        fail("size limits such as `minItems` must be non-negative integers");
        return std::nullopt;
    }

    void min_properties(element value, Schema& s) { s.min_properties = count(value); }
    void max_properties(element value, Schema& s) { s.max_properties = count(value); }
    void min_items(element value, Schema& s) { s.min_items = count(value); }
    void max_items(element value, Schema& s) { s.max_items = count(value); }

    void properties(element value, Schema& s) {
        simdjson::dom::object obj;
        if (value.get_object().get(obj) != simdjson::SUCCESS) return fail("`properties` must be an object");
        for (auto [key, sub] : obj)
            s.properties.push_back(Property{std::string(key), compile(sub)});
        std::sort(s.properties.begin(), s.properties.end(),
                  [](const Property& a, const Property& b) { return a.name < b.name; });
    }

    void pattern_properties(element value, Schema& s) {
        simdjson::dom::object obj;
        if (value.get_object().get(obj) != simdjson::SUCCESS)
            return fail("`patternProperties` must be an object");
        for (auto [key, sub] : obj)
            if (auto p = make_pattern(key))
                s.pattern_properties.push_back(PatternProperty{std::move(*p), compile(sub)});
    }

    void additional_properties(element value, Schema& s) {
        bool allowed = true;
        if (value.get_bool().get(allowed) == simdjson::SUCCESS) {
            s.additional = allowed ? Additional::Allowed : Additional::Denied;
            return;
        }
        s.additional = Additional::Schema;
        s.additional_schema = compile(value);
    }

    void required(element value, Schema& s) {
        simdjson::dom::array names;
        if (value.get_array().get(names) != simdjson::SUCCESS) return fail("`required` must be an array");
        std::string_view name;
        for (element n : names)
            if (n.get_string().get(name) == simdjson::SUCCESS) s.required.emplace_back(name);
    }

    // The array (tuple) form of `items` is not used by compose-spec.json.
    void items(element value, Schema& s) {
        if (value.is_array()) return ignore("items (tuple form)");
        s.items = compile(value);
    }

    void unique_items(element value, Schema& s) {
        bool unique = false;
        if (value.get_bool().get(unique) == simdjson::SUCCESS) s.unique_items = unique;
    }

    void subschemas(element value, std::vector<SchemaId>& out) {
        simdjson::dom::array list;
        if (value.get_array().get(list) != simdjson::SUCCESS)
            return fail("`allOf`/`anyOf`/`oneOf` must be arrays");
        for (element sub : list)
            out.push_back(compile(sub));
    }

    void all_of(element value, Schema& s) { subschemas(value, s.all_of); }
    void any_of(element value, Schema& s) { subschemas(value, s.any_of); }
    void one_of(element value, Schema& s) { subschemas(value, s.one_of); }
    void not_schema(element value, Schema& s) { s.not_schema = compile(value); }

    element m_root;
    Model m_model;
    std::map<std::string, SchemaId, std::less<>> m_refs;
    std::string m_error;
};

} // namespace

std::expected<Model, std::string> compile(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json);
    element root;
    if (auto err = parser.parse(padded).get(root))
        return std::unexpected(fmt::format("invalid JSON: {}", simdjson::error_message(err)));
    return Compiler(root).run();
}

} // namespace rehearsa::compose::schema
