#pragma once
// Hashing through OpenSSL: never a hand-written digest.
#include <string>
#include <string_view>

namespace rehearsa::util {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

} // namespace rehearsa::util
