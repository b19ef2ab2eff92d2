// The configuration rules beyond their fixtures: the secret heuristics, messages that never carry a
// secret, and where unset variables and missing files are reported.
#include "preflight/secret_values.hpp"
#include "preflight_project.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace rehearsa;
using preflight::classify_secret;
using preflight::SecretKind;

TEST_CASE("secret names: the secret itself, not what describes it", "[preflight][secrets]") {
    using preflight::is_secret_name;
    for (auto name : {"DB_PASSWORD", "POSTGRES_PW", "api-key", "STRIPE_SECRET_KEY", "GITHUB_TOKEN",
                      "AWS_SECRET_ACCESS_KEY", "JWT_KEY", "AUTH_SALT", "smtp_pass", "APP_KEY"}) {
        INFO(name);
        CHECK(is_secret_name(name));
    }
    for (auto name : {"DB_PASSWORD_FILE", "TOKEN_TTL", "DB_USER", "PWD", "PASSWORD_MIN_LENGTH", "SORT_KEY",
                      "KEY", "PUBLIC_KEY_PATH", "TIMEZONE", "PASSWORD_URL", "OAUTH_CLIENT_ID"}) {
        INFO(name);
        CHECK_FALSE(is_secret_name(name));
    }
}

TEST_CASE("placeholders are not secrets", "[preflight][secrets]") {
    using preflight::is_placeholder;
    for (auto value :
         {"changeme", "changeit", "CHANGE_ME_PLEASE", "<your-token>", "yourUser", "xxxxxxxx", "****",
          "${DB_PASSWORD}", "password", "true", "3600", "replace-with-a-real-key", "example"}) {
        INFO(value);
        CHECK(is_placeholder(value));
    }
    for (auto value : {"Tr0ub4dor-horse-battery-9", "s3cr3tP4ss", "hunter22"}) {
        INFO(value);
        CHECK_FALSE(is_placeholder(value));
    }
}

TEST_CASE("key material is recognised whatever the variable's name", "[preflight][secrets]") {
    using preflight::looks_like_key;
    CHECK(looks_like_key("-----BEGIN OPENSSH PRIVATE KEY-----"));
    CHECK(looks_like_key("AKIAIOSFODNN7EXAMPLE"));
    CHECK(looks_like_key("ghp_16C7e42F292c6912E7710c838347Ae178B4a"));
    CHECK(looks_like_key("q8Zt3kR1vX9mB2nL7wP4sY6cF0hJ5dGa")); // 32 random base64-ish characters
    CHECK_FALSE(looks_like_key("3f786850e387550fdab836ed7e6dc881de23001b")); // hex: a commit id, not a key
    CHECK_FALSE(looks_like_key("postgres"));
    CHECK_FALSE(looks_like_key("/usr/local/share/application/configuration/files"));
    CHECK(preflight::has_url_credentials("postgres://shop:Tr0ub4dor@db:5432/shop"));
    CHECK_FALSE(preflight::has_url_credentials("postgres://shop:changeme@db/shop"));
    CHECK_FALSE(preflight::has_url_credentials("https://example.com/a@b"));
    CHECK(classify_secret("DATABASE_URL", "postgres://shop:Tr0ub4dor@db/shop") == SecretKind::UrlCredentials);
    CHECK(classify_secret("CONFIG", "AKIAIOSFODNN7EXAMPLE") == SecretKind::KeyMaterial);
    CHECK(classify_secret("DB_PASSWORD", "hunter22") == SecretKind::SecretName);
    CHECK(classify_secret("DB_PASSWORD", "") == SecretKind::None);
    CHECK(classify_secret("LOG_LEVEL", "debug") == SecretKind::None);
}

TEST_CASE("dotenv-secret names the variable, points at its line and never shows the value",
          "[preflight][secrets]") {
    test::ProjectDir dir;
    dir.write(".env",
              "TZ=UTC\nDB_PASSWORD=hunter22-horse\nUNUSED_TOKEN=Tr0ub4dor-horse\nAPI_TOKEN=changeme\n");
    auto found =
        dir.findings("dotenv-secret", "services:\n  db:\n    image: postgres:16.4\n    environment:\n"
                                      "      POSTGRES_PASSWORD: ${DB_PASSWORD}\n"
                                      "      TOKEN: $API_TOKEN\n      TZ: ${TZ}\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].where.file_name() == dir.path(".env"));
    CHECK(found[0].where.line == 2);
    CHECK(found[0].yaml_path == "dotenv.DB_PASSWORD");
    CHECK(found[0].message.find("DB_PASSWORD") != std::string::npos);
    CHECK(found[0].message.find("hunter22") == std::string::npos);
}

TEST_CASE("unset-variable reports each value that uses the variable, where it is",
          "[preflight][configuration]") {
    test::ProjectDir dir;
    auto found = dir.findings("unset-variable", "services:\n  app:\n    image: app:${TAG:-1.0}\n"
                                                "    environment:\n      - HOST=${DB_HOST}\n"
                                                "    command: [\"--user\", \"$DB_USER\"]\n");
    REQUIRE(found.size() == 2);
    CHECK(found[0].service == "app");
    CHECK(found[0].yaml_path == "services.app.environment[0]");
    CHECK(found[0].where.line == 5);
    CHECK(found[0].where.column == 9);
    CHECK(found[0].message.find("'DB_HOST'") != std::string::npos);
    CHECK(found[1].yaml_path == "services.app.command[1]");
    CHECK(found[1].message.find("'DB_USER'") != std::string::npos);
}

TEST_CASE("missing env files are reported at their entry; optional ones are not",
          "[preflight][configuration]") {
    test::ProjectDir dir;
    dir.write("app.env", "A=1\n");
    auto found = dir.findings("missing-env-file", "services:\n  app:\n    image: app:1.0\n    env_file:\n"
                                                  "      - ./app.env\n      - ./local.env\n"
                                                  "      - path: ./optional.env\n        required: false\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].service == "app");
    CHECK(found[0].yaml_path == "services.app.env_file[1]");
    CHECK(found[0].where.line == 6);
    CHECK(found[0].message.find(dir.path("local.env")) != std::string::npos);
}

TEST_CASE("external secrets and configs share a rule, and the message says which",
          "[preflight][configuration]") {
    test::ProjectDir dir;
    auto found = dir.findings("external-secret", "services:\n  app:\n    image: app:1.0\n"
                                                 "    secrets: [token]\n    configs: [conf]\n"
                                                 "secrets:\n  token:\n    external: true\n"
                                                 "configs:\n  conf:\n    external: true\n");
    REQUIRE(found.size() == 2);
    CHECK(found[0].yaml_path == "secrets.token.external");
    CHECK(found[0].message.find("secret 'token'") != std::string::npos);
    CHECK(found[1].yaml_path == "configs.conf.external");
    CHECK(found[1].message.find("config 'conf'") != std::string::npos);
}
