// g++ 12 falsely warns inside std::regex's compiler under -fsanitize=address (GCC bug 105616);
// this is the one file that compiles a std::regex, so it alone turns that warning off.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "compose/schema_model.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <regex>

namespace rehearsa::compose::schema {

namespace {

// Compiling a std::regex costs about a millisecond, more than loading a whole file, so the rare
// patterns that need one compile on first use, once per process, even across threads. A cache
// keyed by source rather than a member keeps Pattern constant data.
const std::regex& regex_for(std::string_view source) {
    static std::mutex mutex;
    static std::map<std::string, std::regex, std::less<>> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(source);
    if (it == cache.end()) {
        std::regex regex(source.begin(), source.end(), std::regex::ECMAScript);
        it = cache.emplace(std::string(source), std::move(regex)).first;
    }
    return it->second;
}

} // namespace

bool Pattern::matches(std::string_view text) const {
    switch (m_form) {
    case Form::Prefix:
        return text.starts_with(m_prefix);
    case Form::CharRun:
        return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) { return in_run(c); });
    case Form::Line: // Go's `.` (compose's regexp engine) excludes only '\n'
        return !text.empty() && text.find('\n') == std::string_view::npos;
    case Form::Regex:
        break;
    }
    return std::regex_search(text.begin(), text.end(), regex_for(m_source));
}

SchemaId Schema::property(std::string_view name) const {
    auto it = std::lower_bound(properties.begin(), properties.end(), name,
                               [](const Property& p, std::string_view n) { return p.name < n; });
    return it != properties.end() && it->name == name ? it->schema : k_no_schema;
}

} // namespace rehearsa::compose::schema
