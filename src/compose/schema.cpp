// Validates a compose tree against compose-spec.json. Messages use the words compose prints
// (compose-go's schema package over gojsonschema): "must be a list", "Additional property foo is
// not allowed", "condition is required". Where compose stops at its single "most specific" error,
// this collects every violation, in document order.
#include "compose/schema.hpp"

#include "compose/schema_model.hpp"
#include "util/duration.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iterator>
#include <utility>

namespace rehearsa::compose {

namespace schema {

namespace {

// One violation. `expected` is kept for type mismatches so that a oneOf whose every branch failed
// on type alone can say "must be a null, string or list" rather than name its first branch only.
struct Issue {
    util::Error error;
    TypeList expected;
};

// compose's words: YAML users write mappings and lists, not objects and arrays.
std::string_view type_name(Type t) {
    constexpr std::array<std::string_view, k_type_count> k_names{"null",   "boolean", "integer", "number",
                                                                 "string", "list",    "mapping"};
    return k_names[static_cast<std::size_t>(t)];
}

std::string type_message(const TypeList& types) {
    auto names = types.types();
    std::string out = "must be a ";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += type_name(names[i]);
    }
    return out;
}

std::string enum_message(std::span<const Literal> values) {
    std::string out = "must be one of the following: ";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ", ";
        out += values[i].json;
    }
    return out;
}

struct SizeWords {
    std::string_view at_least;
    std::string_view at_most;
};
constexpr SizeWords k_item_words{"Array must have at least {} items", "Array must have at most {} items"};
constexpr SizeWords k_property_words{"Must have at least {} properties", "Must have at most {} properties"};

// Appends one path segment for its lifetime; inert when the validator does not track paths.
class PathScope {
public:
    PathScope(std::string* path, std::string_view key) : m_path(path), m_parent(path ? path->size() : 0) {
        if (!path) return;
        if (!path->empty()) *path += '.';
        *path += key;
    }
    PathScope(std::string* path, std::size_t index) : m_path(path), m_parent(path ? path->size() : 0) {
        if (path) fmt::format_to(std::back_inserter(*path), "{}{}", path->empty() ? "" : ".", index);
    }
    ~PathScope() {
        if (m_path) m_path->resize(m_parent);
    }
    PathScope(const PathScope&) = delete;
    PathScope& operator=(const PathScope&) = delete;

    std::string_view parent() const { return std::string_view(*m_path).substr(0, m_parent); }

private:
    std::string* m_path;
    std::size_t m_parent;
};

// Points the validator at the key of the entry being checked, for values without a mark.
class KeyScope {
public:
    KeyScope(const util::Location*& current, const util::Location& key)
        : m_current(current), m_outer(std::exchange(current, &key)) {}
    ~KeyScope() { m_current = m_outer; }
    KeyScope(const KeyScope&) = delete;
    KeyScope& operator=(const KeyScope&) = delete;

private:
    const util::Location*& m_current;
    const util::Location* m_outer;
};

struct Trial {
    std::vector<Issue> issues;
    int score = 0;
};

class Validator {
public:
    // Without `issues` it only decides validity, stopping at the first failure and building no
    // message: that is how oneOf branches are tried on every load, so it must not allocate.
    Validator(const Model& model, std::vector<Issue>* issues, std::string path = {},
              const util::Location* key_loc = nullptr)
        : m_model(model), m_issues(issues), m_path(std::move(path)), m_key_loc(key_loc) {}

    bool check(SchemaId id, const Node& node) {
        const Schema& s = m_model.schemas[static_cast<std::size_t>(id)];
        if (s.rejects_all)
            return report(node.loc, [] { return std::string("False always fails validation"); });
        if (!s.types.empty() && !s.types.allows(node_types(node))) return report_type(node, s.types);
        ++m_score; // how far a branch got, to pick the closest oneOf branch as gojsonschema does
        bool ok = check_value(s, node);
        if (ok || collecting()) ok = check_combinators(s, node) && ok;
        if (ok || collecting()) ok = check_children(s, node) && ok;
        return ok;
    }

    int score() const { return m_score; }

private:
    bool collecting() const { return m_issues != nullptr; }
    std::string* path() { return collecting() ? &m_path : nullptr; }

    // Always false, so that callers can `return report(...)`. The message is built only when kept.
    template <typename Message>
    bool report(const util::Location& where, Message&& message, const TypeList& expected = {}) {
        return report_at(where, m_path, std::forward<Message>(message), expected);
    }

    template <typename Message>
    bool report_at(const util::Location& where, std::string_view at, Message&& message,
                   const TypeList& expected = {}) {
        if (!collecting()) return false;
        // An empty value (`image:`) may carry no mark of its own; its key is the next best place.
        const util::Location& best = where.line > 0 || !m_key_loc ? where : *m_key_loc;
        m_issues->push_back(
            Issue{util::Error{util::ErrorKind::Input, best, std::string(at), message()}, expected});
        return false;
    }

    bool report_type(const Node& node, const TypeList& types) {
        auto message = [&] { return type_message(types); };
        return report(node.loc, message, types);
    }

    bool check_value(const Schema& s, const Node& node) {
        bool ok = true;
        if (!s.enum_values.empty() && std::none_of(s.enum_values.begin(), s.enum_values.end(),
                                                   [&](const Literal& l) { return matches(node, l); }))
            ok = report(node.loc, [&] { return enum_message(s.enum_values); });
        if (s.const_value && !matches(node, *s.const_value))
            ok = report(node.loc, [&] { return fmt::format("does not match: {}", s.const_value->json); });
        if (node.is_string()) return check_string(s, node) && ok;
        if (json_type(node) == Type::Number) return check_number(s, node) && ok;
        return ok;
    }

    bool check_string(const Schema& s, const Node& node) {
        bool ok = true;
        if (s.pattern && !s.pattern->matches(node.text))
            ok = report(node.loc,
                        [&] { return fmt::format("Does not match pattern '{}'", s.pattern->source()); });
        if (s.format == Format::Duration && !util::parse_duration(node.text))
            ok = report(node.loc, [] { return std::string("Does not match format 'duration'"); });
        return ok;
    }

    bool check_number(const Schema& s, const Node& node) {
        if (!s.minimum && !s.maximum) return true;
        auto value = node_number(node);
        if (!value) return true;
        bool ok = true;
        if (s.minimum && *value < s.minimum->value)
            ok = report(node.loc,
                        [&] { return fmt::format("Must be greater than or equal to {}", s.minimum->text); });
        if (s.maximum && *value > s.maximum->value)
            ok = report(node.loc,
                        [&] { return fmt::format("Must be less than or equal to {}", s.maximum->text); });
        return ok;
    }

    bool check_size(const Node& node, std::size_t size, const std::optional<std::size_t>& min,
                    const std::optional<std::size_t>& max, const SizeWords& words) {
        if (min && size < *min)
            return report(node.loc, [&] { return fmt::format(fmt::runtime(words.at_least), *min); });
        if (max && size > *max)
            return report(node.loc, [&] { return fmt::format(fmt::runtime(words.at_most), *max); });
        return true;
    }

    bool check_combinators(const Schema& s, const Node& node) {
        bool ok = true;
        for (SchemaId id : s.all_of)
            ok = check(id, node) && ok;
        if (!s.any_of.empty()) ok = check_alternatives(s.any_of, node, 1) && ok;
        if (!s.one_of.empty()) ok = check_alternatives(s.one_of, node, 2) && ok;
        if (s.not_schema != k_no_schema && Validator(m_model, nullptr).check(s.not_schema, node))
            ok = report(node.loc, [] { return std::string("Must not validate the schema (not)"); });
        return ok;
    }

    // anyOf stops counting at 1 match, oneOf at 2 (a second match is already a failure).
    bool check_alternatives(std::span<const SchemaId> ids, const Node& node, std::size_t limit) {
        std::size_t matched = 0;
        Validator decider(m_model, nullptr);
        for (auto it = ids.begin(); it != ids.end() && matched < limit; ++it)
            if (decider.check(*it, node)) ++matched;
        if (matched == 1 || (matched > 0 && limit == 1)) return true;
        if (matched > 1)
            return report(node.loc,
                          [] { return std::string("Must validate one and only one schema (oneOf)"); });
        if (collecting()) report_closest(ids, node);
        return false;
    }

    // What compose does too: no "matches no schema" but the errors of the branch that got furthest.
    void report_closest(std::span<const SchemaId> ids, const Node& node) {
        std::vector<Trial> trials(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            Validator branch(m_model, &trials[i].issues, m_path, m_key_loc);
            branch.check(ids[i], node);
            trials[i].score = branch.score();
        }
        if (merge_type_issues(trials)) return;
        auto best = std::max_element(trials.begin(), trials.end(),
                                     [](const Trial& a, const Trial& b) { return a.score < b.score; });
        m_score += best->score;
        std::move(best->issues.begin(), best->issues.end(), std::back_inserter(*m_issues));
    }

    // When every branch wanted another type for this very node, one message lists them all.
    bool merge_type_issues(std::vector<Trial>& trials) {
        TypeList expected;
        for (const Trial& t : trials) {
            if (t.issues.size() != 1 || t.issues[0].expected.empty() || t.issues[0].error.path != m_path)
                return false;
            expected.add(t.issues[0].expected);
        }
        Issue merged = std::move(trials.front().issues.front());
        merged.error.message = type_message(expected);
        merged.expected = expected;
        m_issues->push_back(std::move(merged));
        return true;
    }

    bool check_children(const Schema& s, const Node& node) {
        if (node.is_mapping()) return check_mapping(s, node);
        if (node.is_sequence()) return check_sequence(s, node);
        return true;
    }

    bool check_mapping(const Schema& s, const Node& node) {
        bool ok = check_size(node, node.entries.size(), s.min_properties, s.max_properties, k_property_words);
        for (std::string_view name : s.required)
            if (!node.find(name)) ok = report(node.loc, [&] { return fmt::format("{} is required", name); });
        for (auto it = node.entries.begin(); it != node.entries.end() && (ok || collecting()); ++it)
            ok = check_entry(s, *it) && ok;
        return ok;
    }

    bool check_entry(const Schema& s, const Entry& e) {
        PathScope scope(path(), e.key);
        KeyScope key(m_key_loc, e.key_loc);
        SchemaId named = s.property(e.key);
        bool declared = named != k_no_schema;
        bool ok = !declared || check(named, e.value);
        for (const PatternProperty& p : s.pattern_properties) {
            if (!p.pattern.matches(e.key)) continue;
            declared = true;
            ok = check(p.schema, e.value) && ok;
        }
        if (declared || s.additional == Additional::Allowed) return ok;
        if (s.additional == Additional::Schema) return check(s.additional_schema, e.value);
        // Like compose: the path names the mapping, the message the key, the location the key.
        return report_at(e.key_loc, collecting() ? scope.parent() : std::string_view{},
                         [&] { return fmt::format("Additional property {} is not allowed", e.key); });
    }

    bool check_sequence(const Schema& s, const Node& node) {
        bool ok = check_size(node, node.items.size(), s.min_items, s.max_items, k_item_words);
        for (std::size_t i = 0; s.items != k_no_schema && i < node.items.size() && (ok || collecting());
             ++i) {
            PathScope scope(path(), i);
            ok = check(s.items, node.items[i]) && ok;
        }
        if (s.unique_items && (ok || collecting())) ok = check_unique(node) && ok;
        return ok;
    }

    // Each repeat is reported against the latest earlier equal item, as gojsonschema does.
    bool check_unique(const Node& node) {
        bool ok = true;
        for (std::size_t j = 1; j < node.items.size(); ++j) {
            for (std::size_t i = j; i-- > 0;) {
                if (!same_value(node.items[i], node.items[j])) continue;
                ok = report(node.items[j].loc,
                            [&] { return fmt::format("array items[{},{}] must be unique", i, j); });
                break;
            }
        }
        return ok;
    }

    const Model& m_model;
    std::vector<Issue>* m_issues;
    std::string m_path;
    const util::Location* m_key_loc; // of the innermost mapping entry being checked
    int m_score = 0;
};

} // namespace

util::Errors validate(const Model& model, const Node& root) {
    std::vector<Issue> issues;
    Validator(model, &issues).check(model.root, root);
    util::Errors errors;
    errors.reserve(issues.size());
    for (Issue& issue : issues)
        errors.push_back(std::move(issue.error));
    return errors;
}

} // namespace schema

util::Errors validate_schema(const Node& root) {
    return schema::validate(schema::compose_spec(), root);
}

} // namespace rehearsa::compose
