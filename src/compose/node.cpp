#include "compose/node.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::compose {

Node Node::null(util::Location loc) {
    Node n;
    n.loc = std::move(loc);
    return n;
}

Node Node::scalar(std::string text, ScalarType type, util::Location loc) {
    Node n;
    n.kind = NodeKind::Scalar;
    n.type = type;
    n.text = std::move(text);
    n.loc = std::move(loc);
    return n;
}

Node Node::string(std::string text, util::Location loc) {
    return scalar(std::move(text), ScalarType::String, std::move(loc));
}

Node Node::integer(long long value, util::Location loc) {
    return scalar(std::to_string(value), ScalarType::Int, std::move(loc));
}

Node Node::boolean(bool value, util::Location loc) {
    return scalar(value ? "true" : "false", ScalarType::Bool, std::move(loc));
}

Node Node::sequence(util::Location loc) {
    Node n;
    n.kind = NodeKind::Sequence;
    n.loc = std::move(loc);
    return n;
}

Node Node::mapping(util::Location loc) {
    Node n;
    n.kind = NodeKind::Mapping;
    n.loc = std::move(loc);
    return n;
}

const Entry* Node::find_entry(std::string_view key) const {
    if (kind != NodeKind::Mapping) return nullptr;
    auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
    return it == entries.end() ? nullptr : &*it;
}

const Node* Node::find(std::string_view key) const {
    const Entry* e = find_entry(key);
    return e ? &e->value : nullptr;
}

Node* Node::find(std::string_view key) {
    return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

const Node* Node::find_path(std::initializer_list<std::string_view> keys) const {
    const Node* node = this;
    for (std::string_view key : keys)
        if (!(node = node->find(key))) return nullptr;
    return node;
}

Node* Node::find_path(std::initializer_list<std::string_view> keys) {
    return const_cast<Node*>(static_cast<const Node*>(this)->find_path(keys));
}

Node& Node::set(std::string key, Node value, util::Location key_loc) {
    if (kind != NodeKind::Mapping) *this = mapping(loc);
    for (auto& e : entries) {
        if (e.key == key) {
            e.value = std::move(value);
            if (key_loc.known()) e.key_loc = std::move(key_loc);
            return e.value;
        }
    }
    entries.push_back(Entry{std::move(key), std::move(key_loc), std::move(value)});
    return entries.back().value;
}

bool Node::erase(std::string_view key) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
    if (it == entries.end()) return false;
    entries.erase(it);
    return true;
}

std::string_view Node::kind_name() const {
    switch (kind) {
    case NodeKind::Null:
        return "null";
    case NodeKind::Sequence:
        return "array";
    case NodeKind::Mapping:
        return "mapping";
    case NodeKind::Scalar:
        break;
    }
    switch (type) {
    case ScalarType::Int:
        return "integer";
    case ScalarType::Float:
        return "number";
    case ScalarType::Bool:
        return "boolean";
    case ScalarType::String:
        break;
    }
    return "string";
}

std::string service_path(std::string_view service) {
    return fmt::format("services.{}", service);
}

std::string index_path(std::string_view parent, std::size_t index) {
    return fmt::format("{}[{}]", parent, index);
}

} // namespace rehearsa::compose
