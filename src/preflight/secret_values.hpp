#pragma once
// Does a `.env` entry hold a real secret? Judged from the variable's name and the value's shape;
// nothing here returns or formats the value, so no finding can leak it.
#include <string_view>

namespace rehearsa::preflight {

enum class SecretKind {
    None,
    SecretName,     // PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY... with a real (non-placeholder) value
    KeyMaterial,    // a PEM block, an AWS access key id, a known token prefix, a long random string
    UrlCredentials, // scheme://user:password@host
};

SecretKind classify_secret(std::string_view name, std::string_view value);

// "its name marks it as a secret", ...: for the finding's message.
std::string_view describe(SecretKind kind);

// The pieces, exposed for tests.
bool is_secret_name(std::string_view name);
bool is_placeholder(std::string_view value); // changeme, <your-token>, xxxx, ${VAR}, ...
bool looks_like_key(std::string_view value);
bool has_url_credentials(std::string_view value);

} // namespace rehearsa::preflight
