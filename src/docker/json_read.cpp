#include "docker/json_read.hpp"

#include "util/files.hpp"

#include <fmt/format.h>

namespace rehearsa::docker {

using simdjson::SUCCESS;
using simdjson::dom::element;

EngineResult<JsonDoc> JsonDoc::parse(std::string_view text, std::string_view what) {
    JsonDoc doc;
    doc.m_parser = std::make_unique<simdjson::dom::parser>();
    // parse() copies into a padded buffer when the input is not padded.
    auto error = doc.m_parser->parse(text.data(), text.size()).get(doc.m_root);
    if (error != SUCCESS)
        return engine_fail(EngineErrorKind::Protocol,
                           fmt::format("{} is not valid JSON ({})", what, simdjson::error_message(error)));
    return doc;
}

EngineResult<JsonDoc> JsonDoc::parse_object(std::string_view text, std::string_view what) {
    auto doc = parse(text, what);
    if (doc && !doc->root().is_object())
        return engine_fail(EngineErrorKind::Protocol, fmt::format("{} is not a JSON object", what));
    return doc;
}

EngineResult<std::optional<JsonDoc>> read_json_file(const std::string& path) {
    if (!util::file_exists(path)) return std::nullopt;
    auto text = util::read_file(path);
    if (!text) return engine_fail(EngineErrorKind::Config, text.error().to_string());
    auto doc = JsonDoc::parse_object(*text, path);
    if (!doc) return engine_fail(EngineErrorKind::Config, doc.error().message);
    return std::optional<JsonDoc>(std::move(*doc));
}

std::string string_at(element object, std::string_view key) {
    std::string_view value;
    if (object[key].get_string().get(value) != SUCCESS) return {};
    return std::string(value);
}

std::optional<std::int64_t> int_at(element object, std::string_view key) {
    std::int64_t value = 0;
    if (object[key].get_int64().get(value) == SUCCESS) return value;
    double d = 0; // some daemons write integral numbers as 1e9
    if (object[key].get_double().get(d) == SUCCESS && d >= -9.2e18 && d <= 9.2e18)
        return static_cast<std::int64_t>(d);
    return std::nullopt;
}

bool bool_at(element object, std::string_view key) {
    bool value = false;
    return object[key].get_bool().get(value) == SUCCESS && value;
}

Labels string_map_at(element object, std::string_view key) {
    Labels out;
    simdjson::dom::object members;
    if (object[key].get_object().get(members) != SUCCESS) return out;
    for (auto [name, value] : members) {
        std::string_view text;
        if (value.get_string().get(text) == SUCCESS) out.emplace(name, text);
    }
    return out;
}

std::optional<std::vector<std::string>> strings_at(element object, std::string_view key) {
    simdjson::dom::array items;
    if (object[key].get_array().get(items) != SUCCESS) return std::nullopt;
    std::vector<std::string> out;
    for (element item : items) {
        std::string_view text;
        if (item.get_string().get(text) == SUCCESS) out.emplace_back(text);
    }
    return out;
}

std::vector<std::string> keys_at(element object, std::string_view key) {
    std::vector<std::string> out;
    simdjson::dom::object members;
    if (object[key].get_object().get(members) != SUCCESS) return out;
    for (auto field : members)
        out.emplace_back(field.key);
    return out;
}

std::optional<element> object_at(element object, std::string_view key) {
    element value;
    if (object[key].get(value) != SUCCESS || !value.is_object()) return std::nullopt;
    return value;
}

} // namespace rehearsa::docker
