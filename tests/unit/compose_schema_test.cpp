#include "compose/schema.hpp"
#include "compose/schema_model.hpp"
#include "compose/yaml.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

using namespace rehearsa;
using compose::Node;

namespace {

Node parse(std::string_view text, std::string name = "t.yml") {
    auto node = compose::parse_yaml(text, std::make_shared<const std::string>(std::move(name)));
    REQUIRE(node.has_value());
    return std::move(*node);
}

util::Errors validate(std::string_view yaml) {
    return compose::validate_schema(parse(yaml));
}

// "line:col path: message", the parts a reader of an error needs.
std::string describe(const util::Error& e) {
    return std::to_string(e.where.line) + ":" + std::to_string(e.where.column) + " " + e.path + ": " +
           e.message;
}

std::string only_error(std::string_view yaml) {
    util::Errors errors = validate(yaml);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.file_name() == "t.yml");
    return describe(errors[0]);
}

util::Errors validate_with(std::string_view schema_json, std::string_view yaml) {
    auto model = compose::schema::compile(schema_json);
    REQUIRE(model.has_value());
    return compose::schema::validate(*model, parse(yaml));
}

std::string only_error_with(std::string_view schema_json, std::string_view yaml) {
    util::Errors errors = validate_with(schema_json, yaml);
    REQUIRE(errors.size() == 1);
    return describe(errors[0]);
}

} // namespace

TEST_CASE("the embedded compose spec compiles and every keyword it uses is enforced") {
    const auto& model = compose::schema::compose_spec();
    CHECK(model.schemas.size() > 100);
    CHECK(model.ignored_keywords.empty());
}

namespace {

// Every field of a compiled schema, spelled out independently of schema_gen's writer.
std::string dump(const compose::schema::Schema& s) {
    using namespace compose::schema;
    std::string out;
    auto add = [&](std::string_view name, const auto& value) { out += fmt::format("{}={} ", name, value); };
    auto literal = [](const Literal& l) {
        return fmt::format("{}/{}/{}/{}", static_cast<int>(l.type), l.text, l.number, l.json);
    };
    auto size = [](std::optional<std::size_t> n) { return n ? std::to_string(*n) : "-"; };
    auto bound = [](const std::optional<Bound>& b) {
        return b ? fmt::format("{}/{}", b->value, b->text) : "-";
    };
    auto ids = [](std::span<const SchemaId> list) { return fmt::format("{}", fmt::join(list, ",")); };
    add("rejects_all", s.rejects_all);
    for (Type t : s.types.types())
        add("type", static_cast<int>(t));
    for (const Literal& l : s.enum_values)
        add("enum", literal(l));
    add("const", s.const_value ? literal(*s.const_value) : "-");
    add("pattern", s.pattern ? s.pattern->source() : "-");
    add("format", static_cast<int>(s.format));
    add("minimum", bound(s.minimum));
    add("maximum", bound(s.maximum));
    for (const Property& p : s.properties)
        add(p.name, p.schema);
    for (const PatternProperty& p : s.pattern_properties)
        add(p.pattern.source(), p.schema);
    add("additional", fmt::format("{}/{}", static_cast<int>(s.additional), s.additional_schema));
    add("required", fmt::format("{}", fmt::join(s.required, ",")));
    add("properties", size(s.min_properties) + "-" + size(s.max_properties));
    add("items", fmt::format("{}/{}/{}-{}", s.items, s.unique_items, size(s.min_items), size(s.max_items)));
    add("all_of", ids(s.all_of));
    add("any_of", ids(s.any_of));
    add("one_of", ids(s.one_of));
    add("not", s.not_schema);
    return out;
}

} // namespace

TEST_CASE("the build-time compose spec is what compile() makes of compose-spec.json") {
    const char* root = std::getenv("REHEARSA_SOURCE_ROOT");
    if (!root) SKIP("REHEARSA_SOURCE_ROOT is not set");
    std::ifstream in(std::filesystem::path(root) / "src" / "compose" / "compose-spec.json");
    REQUIRE(in);
    std::stringstream json;
    json << in.rdbuf();
    auto compiled = compose::schema::compile(json.str());
    REQUIRE(compiled.has_value());
    const auto& embedded = compose::schema::compose_spec();
    CHECK(embedded.root == compiled->root);
    REQUIRE(embedded.schemas.size() == compiled->schemas.size());
    for (std::size_t i = 0; i < embedded.schemas.size(); ++i) {
        INFO("schema " << i);
        CHECK(dump(embedded.schemas[i]) == dump(compiled->schemas[i]));
    }
}

TEST_CASE("a minimal project is valid") {
    CHECK(validate("services:\n  web:\n    image: nginx\n").empty());
}

TEST_CASE("a realistic project is valid") {
    constexpr std::string_view k_yaml = R"(name: shop
x-common: &common
  restart: unless-stopped
services:
  web:
    <<: *common
    build:
      context: .
      args: [A=1]
    image: shop/web:1.2
    command: ["serve", "--port", "8080"]
    entrypoint: /bin/sh -c
    environment:
      DEBUG: "false"
      WORKERS: 4
      EMPTY:
    ports:
      - "8080:8080"
      - 9090
      - target: 80
        published: "8081"
        protocol: tcp
    volumes:
      - data:/var/lib/data
      - type: bind
        source: ./conf
        target: /etc/conf
        read_only: true
    depends_on:
      db:
        condition: service_healthy
        restart: true
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 30s
      retries: 3
      start_period: 1m30s
    ulimits:
      nofile: {soft: 1024, hard: 2048}
      nproc: 512
    cpus: 1.5
    cpu_count: 2.0
    cap_add: [NET_ADMIN]
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 512M}
    networks:
      front:
        aliases: [www]
    logging:
      driver: json-file
      options: {max-size: 10m, max-file: 3}
    x-note: anything goes
  db:
    image: postgres:16
    pull_policy: daily
    secrets: [db_password]
networks:
  front:
    driver_opts: {com.docker.network.bridge.name: br0}
volumes:
  data: {}
secrets:
  db_password:
    file: ./secret.txt
x-tail: [1, 2]
)";
    util::Errors errors = validate(k_yaml);
    for (const auto& e : errors)
        UNSCOPED_INFO(e.to_string());
    CHECK(errors.empty());
}

TEST_CASE("an unknown service key names the service and points at the key") {
    CHECK(only_error("services:\n  web:\n    image: x\n    foo: 1\n") ==
          "4:5 services.web: Additional property foo is not allowed");
}

TEST_CASE("an unknown top-level key is reported at the root") {
    CHECK(only_error("services:\n  web:\n    image: x\nfoo: 1\n") ==
          "4:1 : Additional property foo is not allowed");
}

TEST_CASE("x- extensions are allowed at the top level and in services") {
    CHECK(validate("x-a: 1\nservices:\n  web:\n    image: x\n    x-b: {c: d}\n").empty());
    CHECK(only_error("services:\n  web:\n    image: x\n    y-b: 1\n") ==
          "4:5 services.web: Additional property y-b is not allowed");
}

TEST_CASE("a service name outside the allowed characters is an additional property") {
    CHECK(only_error("services:\n  web/1:\n    image: x\n") ==
          "2:3 services: Additional property web/1 is not allowed");
}

TEST_CASE("type errors use compose's words for YAML types") {
    CHECK(only_error("services:\n  web:\n    image: x\n    ports: 80\n") ==
          "4:12 services.web.ports: must be a list");
    CHECK(only_error("services:\n  web:\n    image: x\n    restart: 5\n") ==
          "4:14 services.web.restart: must be a string");
    CHECK(only_error("services:\n  web:\n    image: x\n    healthcheck:\n      retries: true\n") ==
          "5:16 services.web.healthcheck.retries: must be a number or string");
    CHECK(only_error("services:\n  web:\n    image: x\n    cpus: [1]\n") ==
          "4:5 services.web.cpus: must be a number or string");
    CHECK(only_error("services:\n  web:\n    image: x\n    labels: {a: [1]}\n") ==
          "4:14 services.web.labels.a: must be a string, number, boolean or null");
    CHECK(only_error("services: []\n") == "1:1 services: must be a mapping");
}

TEST_CASE("a null value is not a string") {
    CHECK(only_error("services:\n  web:\n    image:\n") == "3:5 services.web.image: must be a string");
}

TEST_CASE("ints are numbers, and integral floats are integers as in compose") {
    CHECK(validate("services:\n  web:\n    image: x\n    cpus: 2\n    cpu_count: 2.0\n").empty());
    CHECK(only_error("services:\n  web:\n    image: x\n    cpu_count: 2.5\n") ==
          "4:16 services.web.cpu_count: must be a string or integer");
}

TEST_CASE("a value outside an enum lists the allowed values") {
    CHECK(only_error("services:\n  web:\n    image: x\n    cgroup: bogus\n") ==
          "4:13 services.web.cgroup: must be one of the following: \"host\", \"private\"");
}

TEST_CASE("a string must match its pattern") {
    CHECK(only_error("services:\n  web:\n    image: x\n    pull_policy: sometimes\n") ==
          "4:18 services.web.pull_policy: Does not match pattern "
          "'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'");
}

TEST_CASE("numbers must respect minimum and maximum") {
    CHECK(only_error("services:\n  web:\n    image: x\n    cpu_percent: 200\n") ==
          "4:18 services.web.cpu_percent: Must be less than or equal to 100");
    CHECK(only_error("services:\n  web:\n    image: x\n    oom_score_adj: -2000\n") ==
          "4:20 services.web.oom_score_adj: Must be greater than or equal to -1000");
    CHECK(only_error("services:\n  web:\n    image: x\n    cpu_count: -1\n") ==
          "4:16 services.web.cpu_count: Must be greater than or equal to 0");
}

TEST_CASE("repeated items of a unique list point at the repeat") {
    CHECK(only_error("services:\n  web:\n    image: x\n    security_opt: [a, b, a]\n") ==
          "4:26 services.web.security_opt: array items[0,2] must be unique");
}

TEST_CASE("a missing required property names it") {
    CHECK(
        only_error("services:\n  web:\n    image: x\n    depends_on:\n      db:\n        required: true\n") ==
        "5:7 services.web.depends_on.db: condition is required");
}

TEST_CASE("oneOf reports the errors of the closest branch, not that no branch matched") {
    util::Errors errors = validate("services:\n  web:\n    image: x\n    ulimits:\n      nofile:\n"
                                   "        soft: 1\n        bogus: 2\n");
    REQUIRE(errors.size() == 2);
    CHECK(describe(errors[0]) == "5:7 services.web.ulimits.nofile: hard is required");
    CHECK(describe(errors[1]) == "7:9 services.web.ulimits.nofile: Additional property bogus is not allowed");
    CHECK(only_error("services:\n  web:\n    image: x\n    ports:\n      - {target: 80, published: [1]}\n") ==
          "5:22 services.web.ports.0.published: must be a string or integer");
}

TEST_CASE("oneOf lists every branch's type when all of them failed on type") {
    CHECK(only_error("services:\n  web:\n    image: x\n    command: 5\n") ==
          "4:14 services.web.command: must be a null, string or list");
    CHECK(only_error("services:\n  web:\n    image: x\n    depends_on: 5\n") ==
          "4:17 services.web.depends_on: must be a list or mapping");
}

TEST_CASE("every error is collected, in document order") {
    util::Errors errors = validate("services:\n  web:\n    image: 1\n    foo: 1\n    ports: 80\n"
                                   "  db:\n    cgroup: x\nbar: 2\n");
    REQUIRE(errors.size() == 5);
    CHECK(describe(errors[0]) == "3:12 services.web.image: must be a string");
    CHECK(describe(errors[1]) == "4:5 services.web: Additional property foo is not allowed");
    CHECK(describe(errors[2]) == "5:12 services.web.ports: must be a list");
    CHECK(describe(errors[3]) ==
          "7:13 services.db.cgroup: must be one of the following: \"host\", \"private\"");
    CHECK(describe(errors[4]) == "8:1 : Additional property bar is not allowed");
}

TEST_CASE("keywords compose-spec.json does not use yet are enforced too") {
    SECTION("anyOf") {
        constexpr std::string_view k_schema =
            R"({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 5}]})";
        CHECK(validate_with(k_schema, "7").empty());
        CHECK(only_error_with(k_schema, "3") == "1:1 : Must be greater than or equal to 5");
        CHECK(only_error_with(k_schema, "[1]") == "1:2 : must be a string or integer");
    }
    SECTION("allOf and not") {
        constexpr std::string_view k_schema =
            R"({"allOf": [{"type": "string"}, {"not": {"const": "no"}}, {"enum": ["yes", "no", 1.5]}]})";
        CHECK(validate_with(k_schema, "yes").empty());
        CHECK(only_error_with(k_schema, "no") == "1:1 : Must not validate the schema (not)");
        CHECK(only_error_with(k_schema, "maybe") ==
              "1:1 : must be one of the following: \"yes\", \"no\", 1.5");
    }
    SECTION("const") {
        CHECK(only_error_with(R"({"const": true})", "false") == "1:1 : does not match: true");
        CHECK(validate_with(R"({"const": 16})", "0x10").empty());
    }
    SECTION("sizes") {
        constexpr std::string_view k_schema =
            R"({"properties": {"l": {"minItems": 2, "maxItems": 3}, "m": {"minProperties": 1, "maxProperties": 1}}})";
        CHECK(validate_with(k_schema, "l: [1, 2]\nm: {a: 1}\n").empty());
        util::Errors errors = validate_with(k_schema, "l: [1]\nm: {}\n");
        REQUIRE(errors.size() == 2);
        CHECK(describe(errors[0]) == "1:1 l: Array must have at least 2 items");
        CHECK(describe(errors[1]) == "2:1 m: Must have at least 1 properties");
        CHECK(only_error_with(k_schema, "m: {a: 1, b: 2}") == "1:1 m: Must have at most 1 properties");
    }
    SECTION("format duration, as compose registers it") {
        constexpr std::string_view k_schema = R"({"format": "duration"})";
        CHECK(validate_with(k_schema, "1m30s").empty());
        CHECK(only_error_with(k_schema, "5x") == "1:1 : Does not match format 'duration'");
        CHECK(validate_with(R"({"format": "ports"})", "anything").empty());
    }
    SECTION("additionalProperties as a schema, false schemas and a oneOf matched twice") {
        CHECK(only_error_with(R"({"additionalProperties": {"type": "string"}})", "a: 1") ==
              "1:4 a: must be a string");
        CHECK(only_error_with(R"({"properties": {"a": false}})", "a: 1") ==
              "1:4 a: False always fails validation");
        CHECK(only_error_with(R"({"oneOf": [{"type": "number"}, {"type": "integer"}]})", "1") ==
              "1:1 : Must validate one and only one schema (oneOf)");
    }
}

TEST_CASE("references resolve through chains and recursion") {
    constexpr std::string_view k_schema = R"({
        "$ref": "#/definitions/alias",
        "definitions": {
            "alias": {"$ref": "#/definitions/tree"},
            "tree": {"type": "object", "properties": {"leaf": {"type": "string"}},
                     "additionalProperties": {"$ref": "#/definitions/tree"}}
        }})";
    CHECK(validate_with(k_schema, "a: {b: {leaf: x}}").empty());
    CHECK(only_error_with(k_schema, "a: {b: {leaf: 1}}") == "1:15 a.b.leaf: must be a string");
}

TEST_CASE("schemas that cannot be compiled say why") {
    CHECK_THAT(compose::schema::compile("{").error(), Catch::Matchers::StartsWith("invalid JSON"));
    CHECK(compose::schema::compile(R"({"$ref": "#/definitions/none"})").error() ==
          "unresolved $ref \"#/definitions/none\" (only local references are supported)");
    CHECK(compose::schema::compile(R"({"$ref": "#/definitions/a", "definitions": {"a": {"$ref": "#"}}})")
              .error() == "circular $ref");
    // Regex patterns compile on first use (see Pattern), so a bad one throws when it is matched.
    auto bad_pattern = compose::schema::compile(R"({"pattern": "("})");
    REQUIRE(bad_pattern.has_value());
    CHECK_THROWS_AS(compose::schema::Pattern("(").matches("x"), std::regex_error);
    CHECK(compose::schema::compile(R"({"type": "float"})").error() == "unknown type \"float\"");
    auto model = compose::schema::compile(R"({"if": {}, "minLength": 1})");
    REQUIRE(model.has_value());
    CHECK(std::vector<std::string_view>(model->ignored_keywords.begin(), model->ignored_keywords.end()) ==
          std::vector<std::string_view>{"if", "minLength"});
}

TEST_CASE("patterns match as unanchored ECMAScript searches, with fast paths for key patterns") {
    using compose::schema::Pattern;
    CHECK(Pattern("^x-").matches("x-foo"));
    CHECK_FALSE(Pattern("^x-").matches("y-x-"));
    CHECK(Pattern("^[a-zA-Z0-9._-]+$").matches("my.web_1-a"));
    CHECK_FALSE(Pattern("^[a-zA-Z0-9._-]+$").matches("bad name"));
    CHECK_FALSE(Pattern("^[a-zA-Z0-9._-]+$").matches(""));
    CHECK(Pattern("^.+$").matches("a\rb"));
    CHECK_FALSE(Pattern("^.+$").matches("a\nb"));
    CHECK(Pattern("never|always").matches("xalwaysx"));
    CHECK_FALSE(Pattern("^(never|always)$").matches("xalwaysx"));
}

TEST_CASE("every awesome-compose project passes") {
    const char* shared = std::getenv("REHEARSA_SHARED");
    if (!shared) SKIP("REHEARSA_SHARED is not set");
    std::filesystem::path corpus = std::filesystem::path(shared) / "corpus" / "awesome-compose";
    if (!std::filesystem::is_directory(corpus)) SKIP("no awesome-compose corpus at " + corpus.string());
    int checked = 0;
    for (const auto& dir : std::filesystem::directory_iterator(corpus)) {
        for (const char* name : {"compose.yaml", "compose.yml"}) {
            std::filesystem::path file = dir.path() / name;
            if (!std::filesystem::exists(file)) continue;
            std::ifstream in(file);
            std::stringstream text;
            text << in.rdbuf();
            INFO(file.string());
            util::Errors errors = compose::validate_schema(parse(text.str(), file.string()));
            for (const auto& e : errors)
                UNSCOPED_INFO(e.to_string());
            CHECK(errors.empty());
            ++checked;
        }
    }
    CHECK(checked > 30);
}

TEST_CASE("the embedded schema's regex patterns compile and match") {
    // pull_policy and container_name are the two patterns that need std::regex; they compile lazily.
    auto errors_for = [](std::string_view yaml) {
        auto root = rehearsa::compose::parse_yaml(yaml, std::make_shared<const std::string>("t.yml"));
        REQUIRE(root);
        return rehearsa::compose::validate_schema(*root).size();
    };
    CHECK(errors_for("services:\n  a:\n    image: x\n    pull_policy: daily\n    container_name: web-1\n") ==
          0);
    CHECK(errors_for("services:\n  a:\n    image: x\n    pull_policy: sometimes\n") == 1);
    CHECK(errors_for("services:\n  a:\n    image: x\n    container_name: '-'\n") == 1);
}
