#include "compose/schema_model.hpp"

#include <algorithm>
#include <stdexcept>

namespace rehearsa::compose {
extern const std::string_view k_compose_spec_json;
}

namespace rehearsa::compose::schema {

void TypeList::add(Type t) {
    if (m_mask & type_bit(t)) return;
    m_order[m_count++] = t;
    m_mask |= type_bit(t);
}

void TypeList::add(const TypeList& other) {
    for (Type t : other.types())
        add(t);
}

Pattern::Pattern(std::string source) : m_source(std::move(source)) {
    std::string_view s = m_source;
    if (s == "^.+$") {
        m_form = Form::Line;
    } else if (s.size() >= 5 && s.starts_with("^[") && s.ends_with("]+$") &&
               parse_char_run(s.substr(2, s.size() - 5))) {
        m_form = Form::CharRun;
    } else if (s.starts_with('^') && s.find_first_of("\\^$.|?*+()[]{}", 1) == std::string_view::npos) {
        m_form = Form::Prefix;
        m_prefix = s.substr(1);
    } else {
        m_regex = std::regex(m_source, std::regex::ECMAScript | std::regex::optimize);
    }
}

// Accepts a bracket expression made only of literal characters and `a-z` ranges.
bool Pattern::parse_char_run(std::string_view body) {
    if (body.empty() || body[0] == '^' || body.find_first_of("\\[]") != std::string_view::npos) return false;
    for (std::size_t i = 0; i < body.size();) {
        auto lo = static_cast<unsigned char>(body[i]);
        bool range = i + 2 < body.size() && body[i + 1] == '-';
        auto hi = range ? static_cast<unsigned char>(body[i + 2]) : lo;
        if (hi < lo) return false;
        for (unsigned c = lo; c <= hi; ++c)
            m_chars.set(c);
        i += range ? 3 : 1;
    }
    return true;
}

bool Pattern::matches(std::string_view text) const {
    switch (m_form) {
    case Form::Prefix:
        return text.starts_with(m_prefix);
    case Form::CharRun:
        return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
            return m_chars.test(static_cast<unsigned char>(c));
        });
    case Form::Line: // Go's `.` (compose's regexp engine) excludes only '\n'
        return !text.empty() && text.find('\n') == std::string_view::npos;
    case Form::Regex:
        break;
    }
    return std::regex_search(text.begin(), text.end(), m_regex);
}

SchemaId Schema::property(std::string_view name) const {
    auto it = std::lower_bound(properties.begin(), properties.end(), name,
                               [](const Property& p, std::string_view n) { return p.name < n; });
    return it != properties.end() && it->name == name ? it->schema : k_no_schema;
}

const Model& compose_spec() {
    static const Model k_model = [] {
        auto compiled = compile(k_compose_spec_json);
        // The schema is part of the binary: failing to compile it is a build defect, not bad input.
        if (!compiled) throw std::logic_error("embedded compose-spec.json: " + compiled.error());
        return std::move(*compiled);
    }();
    return k_model;
}

} // namespace rehearsa::compose::schema
