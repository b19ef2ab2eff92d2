// Compiles a JSON schema document (parsed with simdjson's DOM) into a schema::Model. This is the
// only compiler: schema_gen runs it at build time to turn compose-spec.json into constant data.
#include "compose/schema_model.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <array>
#include <deque>
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

// The text a model's views point into; a deque never moves what it holds.
using Strings = std::deque<std::string>;

std::string_view keep(Strings& strings, std::string text) {
    return strings.emplace_back(std::move(text));
}

std::optional<Literal> literal_of(element e, Strings& strings) {
    std::string_view s;
    bool b = false;
    if (e.get_string().get(s) == simdjson::SUCCESS) {
        std::string json;
        util::append_json_string(json, s);
        return Literal{Type::String, keep(strings, std::string(s)), 0, keep(strings, std::move(json))};
    }
    if (e.get_bool().get(b) == simdjson::SUCCESS)
        return Literal{Type::Boolean, {}, b ? 1.0 : 0.0, b ? "true" : "false"};
    if (e.is_null()) return Literal{Type::Null, {}, 0, "null"};
    if (auto n = number_of(e)) return Literal{Type::Number, {}, *n, keep(strings, number_text(e))};
    return std::nullopt; // arrays and objects: compose-spec.json never enumerates them
}

bool is_annotation(std::string_view key) {
    constexpr std::array<std::string_view, 11> k_annotations{
        "$schema",  "$id",        "$comment",    "title",    "description", "default",
        "examples", "deprecated", "definitions", "readOnly", "writeOnly"};
    return std::find(k_annotations.begin(), k_annotations.end(), key) != k_annotations.end();
}

// A schema while the document compiles: its lists grow here, and the Schema's views point at them
// only once every schema is compiled.
struct Draft {
    Schema schema;
    std::vector<Literal> enum_values;
    std::vector<Property> properties;
    std::vector<PatternProperty> pattern_properties;
    std::vector<std::string_view> required;
    std::vector<SchemaId> all_of, any_of, one_of;
    SchemaId alias = k_no_schema; // this schema is a bare `$ref`
};

// What a CompiledModel's views point into.
struct Storage {
    Strings strings;
    std::vector<Draft> drafts;
    std::vector<Schema> schemas;
    std::vector<std::string_view> ignored_keywords;
};

// Calls f on every schema id a schema refers to.
template <typename F>
void for_each_reference(Draft& d, F&& f) {
    for (SchemaId* id : {&d.schema.additional_schema, &d.schema.items, &d.schema.not_schema})
        f(*id);
    for (Property& p : d.properties)
        f(p.schema);
    for (PatternProperty& p : d.pattern_properties)
        f(p.schema);
    for (auto* list : {&d.all_of, &d.any_of, &d.one_of})
        for (SchemaId& id : *list)
            f(id);
}

Schema frozen(const Draft& d) {
    Schema s = d.schema;
    s.enum_values = d.enum_values;
    s.properties = d.properties;
    s.pattern_properties = d.pattern_properties;
    s.required = d.required;
    s.all_of = d.all_of;
    s.any_of = d.any_of;
    s.one_of = d.one_of;
    return s;
}

class Compiler {
public:
    explicit Compiler(element root) : m_root(root) {}

    std::expected<CompiledModel, std::string> run() {
        SchemaId root = final_id(compile(m_root));
        collapse_aliases();
        if (!m_error.empty()) return std::unexpected(m_error);
        m_store->schemas.reserve(m_store->drafts.size());
        for (const Draft& d : m_store->drafts)
            m_store->schemas.push_back(frozen(d));
        return CompiledModel{{m_store->schemas, root, m_store->ignored_keywords}, m_store};
    }

private:
    using Keyword = void (Compiler::*)(element, Draft&);
    struct KeywordEntry {
        std::string_view name;
        Keyword apply;
    };

    void fail(std::string message) {
        if (m_error.empty()) m_error = std::move(message);
    }

    std::vector<Draft>& drafts() { return m_store->drafts; }
    std::string_view keep(std::string_view text) { return schema::keep(m_store->strings, std::string(text)); }

    SchemaId add_schema() {
        drafts().emplace_back();
        return static_cast<SchemaId>(drafts().size() - 1);
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
            drafts()[id].schema.rejects_all = !accepts;
        } else if (e.get_object().get(obj) != simdjson::SUCCESS) {
            fail("a schema must be an object or a boolean");
        } else {
            Draft d; // filled aside: compiling subschemas grows drafts()
            for (auto [key, value] : obj)
                apply(key, value, d);
            drafts()[id] = std::move(d);
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
            drafts()[id].alias = resolve(next);
        else
            compile_into(target, id);
        return id;
    }

    SchemaId final_id(SchemaId id) {
        for (std::size_t hops = 0; id != k_no_schema && drafts()[id].alias != k_no_schema; ++hops) {
            if (hops > drafts().size()) {
                fail("circular $ref");
                return id;
            }
            id = drafts()[id].alias;
        }
        return id;
    }

    // A ref to a ref was compiled as an alias; point every user at the end of the chain instead.
    void collapse_aliases() {
        for (Draft& d : drafts())
            for_each_reference(d, [&](SchemaId& id) { id = final_id(id); });
    }

    void apply(std::string_view key, element value, Draft& d) {
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
        if (key == "not") return not_schema(value, d);
        auto it = std::find_if(k_keywords.begin(), k_keywords.end(), [&](auto& k) { return k.name == key; });
        if (it != k_keywords.end()) return (this->*(it->apply))(value, d);
        if (!is_annotation(key)) ignore(key);
    }

    void ignore(std::string_view key) {
        auto& ignored = m_store->ignored_keywords;
        if (std::find(ignored.begin(), ignored.end(), key) == ignored.end()) ignored.push_back(keep(key));
    }

    void type(element value, Draft& d) {
        std::string_view name;
        if (value.get_string().get(name) == simdjson::SUCCESS) return add_type(name, d);
        simdjson::dom::array names;
        if (value.get_array().get(names) != simdjson::SUCCESS)
            return fail("`type` must be a string or an array");
        for (element n : names)
            if (n.get_string().get(name) == simdjson::SUCCESS) add_type(name, d);
    }

    void add_type(std::string_view name, Draft& d) {
        if (auto t = type_named(name)) return d.schema.types.add(*t);
        fail(fmt::format("unknown type \"{}\"", name));
    }

    void enum_values(element value, Draft& d) {
        simdjson::dom::array values;
        if (value.get_array().get(values) != simdjson::SUCCESS) return fail("`enum` must be an array");
        for (element v : values) {
            if (auto lit = literal_of(v, m_store->strings))
                d.enum_values.push_back(std::move(*lit));
            else
                fail("`enum` members must be scalars");
        }
    }

    void const_value(element value, Draft& d) {
        d.schema.const_value = literal_of(value, m_store->strings);
        if (!d.schema.const_value) fail("`const` must be a scalar");
    }

    void pattern(element value, Draft& d) {
        std::string_view source;
        if (value.get_string().get(source) != simdjson::SUCCESS) return fail("`pattern` must be a string");
        d.schema.pattern.emplace(keep(source));
    }

    // Compose registers a checker for "duration" only; gojsonschema lets unknown formats pass.
    void format(element value, Draft& d) {
        std::string_view name;
        if (value.get_string().get(name) == simdjson::SUCCESS && name == "duration")
            d.schema.format = Format::Duration;
    }

    std::optional<Bound> bound(element value) {
        if (auto n = number_of(value)) return Bound{*n, keep(number_text(value))};
        fail("`minimum` and `maximum` must be numbers");
        return std::nullopt;
    }

    void minimum(element value, Draft& d) { d.schema.minimum = bound(value); }
    void maximum(element value, Draft& d) { d.schema.maximum = bound(value); }

    std::optional<std::size_t> count(element value) {
        uint64_t n = 0;
        if (value.get_uint64().get(n) == simdjson::SUCCESS) return static_cast<std::size_t>(n);
        fail("size limits such as `minItems` must be non-negative integers");
        return std::nullopt;
    }

    void min_properties(element value, Draft& d) { d.schema.min_properties = count(value); }
    void max_properties(element value, Draft& d) { d.schema.max_properties = count(value); }
    void min_items(element value, Draft& d) { d.schema.min_items = count(value); }
    void max_items(element value, Draft& d) { d.schema.max_items = count(value); }

    void properties(element value, Draft& d) {
        simdjson::dom::object obj;
        if (value.get_object().get(obj) != simdjson::SUCCESS) return fail("`properties` must be an object");
        for (auto [key, sub] : obj)
            d.properties.push_back(Property{keep(key), compile(sub)});
        std::sort(d.properties.begin(), d.properties.end(),
                  [](const Property& a, const Property& b) { return a.name < b.name; });
    }

    void pattern_properties(element value, Draft& d) {
        simdjson::dom::object obj;
        if (value.get_object().get(obj) != simdjson::SUCCESS)
            return fail("`patternProperties` must be an object");
        for (auto [key, sub] : obj)
            d.pattern_properties.push_back(PatternProperty{Pattern(keep(key)), compile(sub)});
    }

    void additional_properties(element value, Draft& d) {
        bool allowed = true;
        if (value.get_bool().get(allowed) == simdjson::SUCCESS) {
            d.schema.additional = allowed ? Additional::Allowed : Additional::Denied;
            return;
        }
        d.schema.additional = Additional::Schema;
        d.schema.additional_schema = compile(value);
    }

    void required(element value, Draft& d) {
        simdjson::dom::array names;
        if (value.get_array().get(names) != simdjson::SUCCESS) return fail("`required` must be an array");
        std::string_view name;
        for (element n : names)
            if (n.get_string().get(name) == simdjson::SUCCESS) d.required.push_back(keep(name));
    }

    // The array (tuple) form of `items` is not used by compose-spec.json.
    void items(element value, Draft& d) {
        if (value.is_array()) return ignore("items (tuple form)");
        d.schema.items = compile(value);
    }

    void unique_items(element value, Draft& d) {
        bool unique = false;
        if (value.get_bool().get(unique) == simdjson::SUCCESS) d.schema.unique_items = unique;
    }

    void subschemas(element value, std::vector<SchemaId>& out) {
        simdjson::dom::array list;
        if (value.get_array().get(list) != simdjson::SUCCESS)
            return fail("`allOf`/`anyOf`/`oneOf` must be arrays");
        for (element sub : list)
            out.push_back(compile(sub));
    }

    void all_of(element value, Draft& d) { subschemas(value, d.all_of); }
    void any_of(element value, Draft& d) { subschemas(value, d.any_of); }
    void one_of(element value, Draft& d) { subschemas(value, d.one_of); }
    void not_schema(element value, Draft& d) { d.schema.not_schema = compile(value); }

    element m_root;
    std::shared_ptr<Storage> m_store = std::make_shared<Storage>();
    std::map<std::string, SchemaId, std::less<>> m_refs;
    std::string m_error;
};

} // namespace

std::expected<CompiledModel, std::string> compile(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json);
    element root;
    if (auto err = parser.parse(padded).get(root))
        return std::unexpected(fmt::format("invalid JSON: {}", simdjson::error_message(err)));
    return Compiler(root).run();
}

} // namespace rehearsa::compose::schema
