#pragma once
// The YAML tree that every loader stage works on: ordered mappings, each node with its source mark.
// Stages (interpolate, extends, merge, normalize) rewrite this tree; the typed model reads it last.
#include "util/error.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::compose {

enum class NodeKind { Null, Scalar, Sequence, Mapping };

// How a scalar resolved under YAML 1.2's core schema, as compose's yaml.v3 resolves it.
enum class ScalarType { String, Int, Float, Bool };

// The compose merge tags `!reset` and `!override`.
enum class NodeTag { None, Reset, Override };

struct Entry;

struct Node {
    NodeKind kind = NodeKind::Null;
    ScalarType type = ScalarType::String;
    NodeTag tag = NodeTag::None;
    std::string text; // the scalar's text (after interpolation)
    util::Location loc;
    std::vector<Node> items;    // Sequence
    std::vector<Entry> entries; // Mapping, in source order

    static Node null(util::Location loc = {});
    static Node string(std::string text, util::Location loc = {});
    static Node scalar(std::string text, ScalarType type, util::Location loc = {});
    static Node integer(long long value, util::Location loc = {});
    static Node boolean(bool value, util::Location loc = {});
    static Node sequence(util::Location loc = {});
    static Node mapping(util::Location loc = {});

    bool is_null() const { return kind == NodeKind::Null; }
    bool is_scalar() const { return kind == NodeKind::Scalar; }
    bool is_sequence() const { return kind == NodeKind::Sequence; }
    bool is_mapping() const { return kind == NodeKind::Mapping; }
    bool is_string() const { return kind == NodeKind::Scalar && type == ScalarType::String; }

    // Mapping access; nullptr when absent or when this is not a mapping.
    const Node* find(std::string_view key) const;
    Node* find(std::string_view key);
    const Entry* find_entry(std::string_view key) const;
    // Nested mapping access, `find_path({"deploy", "resources", "limits"})`; nullptr at the first
    // key that is absent.
    const Node* find_path(std::initializer_list<std::string_view> keys) const;
    Node* find_path(std::initializer_list<std::string_view> keys);
    // Inserts or replaces, keeping the position of an existing key.
    Node& set(std::string key, Node value, util::Location key_loc = {});
    bool erase(std::string_view key);

    // "mapping", "sequence", "string", "integer", ... for error messages.
    std::string_view kind_name() const;
};

struct Entry {
    std::string key;
    util::Location key_loc;
    Node value;
};

// The YAML path of a node, independent of lines, that findings and adjustments carry (their
// fingerprint): "services.db", then "services.db.volumes" + "[0]".
std::string service_path(std::string_view service);
std::string index_path(std::string_view parent, std::size_t index);

} // namespace rehearsa::compose
