#pragma once
// Lenient readers over simdjson DOM elements for engine replies and docker's config files: a missing
// field or one of another type reads as empty, since the daemon omits empty fields and adds new
// ones between versions. Callers check what they truly need (an Id, say) themselves.
#include "docker/errors.hpp"
#include "docker/specs.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::docker {

// One parse: the parser owns the document the element points into, so it travels with it.
class JsonDoc {
public:
    // Protocol error naming `what` ("the reply to GET /version") when `text` is not JSON.
    static EngineResult<JsonDoc> parse(std::string_view text, std::string_view what);
    // The same, and a Protocol error unless the root is an object.
    static EngineResult<JsonDoc> parse_object(std::string_view text, std::string_view what);

    simdjson::dom::element root() const { return m_root; }

private:
    std::unique_ptr<simdjson::dom::parser> m_parser;
    simdjson::dom::element m_root;
};

// Parses `text` as a JSON object and returns what `read` makes of its root (an EngineResult).
template <typename Read>
auto read_object(std::string_view text, std::string_view what, Read&& read)
    -> decltype(read(simdjson::dom::element())) {
    auto doc = JsonDoc::parse_object(text, what);
    if (!doc) return std::unexpected(doc.error());
    return read(doc->root());
}

// A JSON file of docker's (config.json, a context's meta.json): nullopt when it does not exist,
// a Config error naming it when it cannot be read or is not a JSON object.
EngineResult<std::optional<JsonDoc>> read_json_file(const std::string& path);

std::string string_at(simdjson::dom::element object, std::string_view key);
std::optional<std::int64_t> int_at(simdjson::dom::element object, std::string_view key);
bool bool_at(simdjson::dom::element object, std::string_view key);
// An object of strings (labels, attributes); members of other types are skipped.
Labels string_map_at(simdjson::dom::element object, std::string_view key);
// An array of strings; nullopt when the key is absent or null (e.g. an image with no Cmd).
std::optional<std::vector<std::string>> strings_at(simdjson::dom::element object, std::string_view key);
// The keys of an object ({"80/tcp": {}} -> ["80/tcp"]).
std::vector<std::string> keys_at(simdjson::dom::element object, std::string_view key);
// The member, or nullopt when absent or not an object.
std::optional<simdjson::dom::element> object_at(simdjson::dom::element object, std::string_view key);

} // namespace rehearsa::docker
