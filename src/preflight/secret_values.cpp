#include "preflight/secret_values.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <span>
#include <string>
#include <vector>

namespace rehearsa::preflight {

namespace {

constexpr std::array<std::string_view, 14> k_secret_words = {
    "PASSWORD", "PASSWD",     "PASS",        "PW",         "PWD",  "SECRET",     "TOKEN",
    "APIKEY",   "CREDENTIAL", "CREDENTIALS", "PRIVATEKEY", "SALT", "PASSPHRASE", "SECRETKEY"};

// `<word>_KEY` is a secret; `KEY` alone (a sort key, a feature key) is not.
constexpr std::array<std::string_view, 14> k_key_qualifiers = {
    "API",    "PRIVATE", "ACCESS", "SECRET", "AUTH", "ENCRYPTION", "SIGNING",
    "MASTER", "APP",     "CLIENT", "SSH",    "JWT",  "SESSION",    "CRYPT"};

// A last word that makes the variable about a secret, not the secret: DB_PASSWORD_FILE, TOKEN_TTL.
constexpr std::array<std::string_view, 22> k_about_words = {
    "FILE",   "PATH",    "DIR", "USER",    "USERNAME", "NAME",    "HOST", "PORT", "URL", "LENGTH", "LEN",
    "EXPIRY", "EXPIRES", "TTL", "TIMEOUT", "POLICY",   "ENABLED", "TYPE", "MIN",  "MAX", "SIZE",   "ID"};

constexpr std::array<std::string_view, 27> k_placeholders = {
    "password", "passwd",  "pass",  "secret", "admin",   "root",   "test",  "none",     "null",
    "nil",      "true",    "false", "yes",    "no",      "on",     "off",   "todo",     "tbd",
    "dummy",    "default", "foo",   "bar",    "example", "sample", "empty", "redacted", "-"};

constexpr std::array<std::string_view, 12> k_placeholder_parts = {
    "changeme", "change_me",   "change-me", "changeit", "change_it", "changethis",
    "replace",  "placeholder", "xxx",       "***",      "...",       "example."};

constexpr std::array<std::string_view, 12> k_token_prefixes = {"ghp_",        "gho_",     "ghu_",     "ghs_",
                                                               "github_pat_", "glpat-",   "xoxb-",    "xoxp-",
                                                               "xoxa-",       "sk_live_", "rk_live_", "AIza"};

bool in(std::span<const std::string_view> words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

std::vector<std::string> words_of(std::string_view name) {
    std::vector<std::string> out(1);
    for (char c : name) {
        if (c == '_' || c == '-' || c == '.') {
            if (!out.back().empty()) out.emplace_back();
        } else {
            out.back() += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    if (out.back().empty()) out.pop_back();
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// Shannon entropy in bits per character.
double entropy(std::string_view text) {
    std::array<int, 256> counts{};
    for (unsigned char c : text)
        ++counts[c];
    double bits = 0;
    for (int n : counts)
        if (n > 0)
            bits -= n / static_cast<double>(text.size()) * std::log2(n / static_cast<double>(text.size()));
    return bits;
}

bool is_aws_key_id(std::string_view value) {
    for (std::size_t at = 0; (at = value.find("A", at)) != std::string_view::npos; ++at) {
        std::string_view rest = value.substr(at);
        if (!(rest.starts_with("AKIA") || rest.starts_with("ASIA")) || rest.size() < 20) continue;
        if (std::all_of(rest.begin() + 4, rest.begin() + 20, [](char c) {
                return std::isupper(static_cast<unsigned char>(c)) ||
                       std::isdigit(static_cast<unsigned char>(c));
            }))
            return true;
    }
    return false;
}

// Long, random-looking, base64-like: hex (at most 4 bits per character) never passes on its own.
bool is_random_string(std::string_view value) {
    auto token_char = [](unsigned char c) {
        return std::isalnum(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
    };
    bool digits = std::any_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
    bool letters = std::any_of(value.begin(), value.end(), [](unsigned char c) { return std::isalpha(c); });
    return value.size() >= 32 && digits && letters && std::all_of(value.begin(), value.end(), token_char) &&
           entropy(value) > 4.0;
}

} // namespace

bool is_secret_name(std::string_view name) {
    std::vector<std::string> words = words_of(name);
    if (words.empty() || name == "PWD" || name == "OLDPWD" || in(k_about_words, words.back())) return false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (in(k_secret_words, words[i])) return true;
        if (words[i] == "KEY" && i > 0 && in(k_key_qualifiers, words[i - 1])) return true;
    }
    return false;
}

bool is_placeholder(std::string_view value) {
    std::string text = lower(value);
    if (text.empty() || text.starts_with('$') || text.starts_with("your") || in(k_placeholders, text))
        return true;
    if (text.find('<') != std::string::npos && text.find('>') != std::string::npos) return true;
    if (std::all_of(text.begin(), text.end(), [&](char c) { return c == text.front(); })) return true;
    if (text.size() < 6 &&
        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        return true;
    return std::any_of(k_placeholder_parts.begin(), k_placeholder_parts.end(),
                       [&](std::string_view part) { return text.find(part) != std::string::npos; });
}

bool looks_like_key(std::string_view value) {
    if (value.find("-----BEGIN") != std::string_view::npos || is_aws_key_id(value)) return true;
    bool prefixed = std::any_of(k_token_prefixes.begin(), k_token_prefixes.end(),
                                [&](std::string_view prefix) { return value.starts_with(prefix); });
    return (prefixed && value.size() >= 20) || is_random_string(value);
}

bool has_url_credentials(std::string_view value) {
    auto scheme = value.find("://");
    if (scheme == std::string_view::npos) return false;
    std::string_view authority = value.substr(scheme + 3);
    authority = authority.substr(0, authority.find('/'));
    auto at = authority.rfind('@');
    if (at == std::string_view::npos) return false;
    std::string_view user_info = authority.substr(0, at);
    auto colon = user_info.find(':');
    return colon != std::string_view::npos && !is_placeholder(user_info.substr(colon + 1));
}

SecretKind classify_secret(std::string_view name, std::string_view value) {
    if (value.empty()) return SecretKind::None;
    if (looks_like_key(value)) return SecretKind::KeyMaterial;
    if (has_url_credentials(value)) return SecretKind::UrlCredentials;
    if (is_secret_name(name) && !is_placeholder(value)) return SecretKind::SecretName;
    return SecretKind::None;
}

std::string_view describe(SecretKind kind) {
    switch (kind) {
    case SecretKind::SecretName:
        return "its name marks it as a secret and its value is no placeholder";
    case SecretKind::KeyMaterial:
        return "its value looks like key material or an access token";
    case SecretKind::UrlCredentials:
        return "its value is a URL with a password in it";
    case SecretKind::None:
        break;
    }
    return "it does not look like a secret";
}

} // namespace rehearsa::preflight
