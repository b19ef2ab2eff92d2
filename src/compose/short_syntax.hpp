#pragma once
// Parsers for compose's short syntaxes, matching the reference implementation's quirks.
#include "compose/node.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::compose {

// A scalar as Go's fmt.Sprint prints the value yaml.v3 decoded: 010 -> "8", 1.10 -> "1.1".
std::string scalar_as_go_string(const Node& scalar);

// `ports:` entries to long syntax: "127.0.0.1:8000-8001:80-81/udp" expands to one mapping per port.
util::Result<void> canonical_ports(Node& ports, const std::string& path);

// `volumes:` entries to long syntax: "[SRC:]TGT[:OPTS]".
util::Result<void> canonical_volumes(Node& volumes, const std::string& path);

} // namespace rehearsa::compose
