#include "compose/yaml.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace rehearsa::compose;

namespace {
Node parse(std::string_view text) {
    auto r = parse_yaml(text, std::make_shared<const std::string>("t.yml"));
    REQUIRE(r);
    return *r;
}
} // namespace

TEST_CASE("scalars resolve their types as yaml.v3 does") {
    Node n = parse("a: 1\nb: '1'\nc: true\nd: 1.5\ne: ~\nf: hello\ng: 0x1F\nh: yes\ni:\n");
    CHECK(n.find("a")->type == ScalarType::Int);
    CHECK(n.find("b")->type == ScalarType::String);
    CHECK(n.find("c")->type == ScalarType::Bool);
    CHECK(n.find("d")->type == ScalarType::Float);
    CHECK(n.find("e")->is_null());
    CHECK(n.find("f")->is_string());
    CHECK(n.find("g")->type == ScalarType::Int);
    CHECK(n.find("h")->is_string()); // YAML 1.1 booleans are strings in yaml.v3
    CHECK(n.find("i")->is_null());
}

TEST_CASE("every node carries its 1-based line and column") {
    Node n = parse("services:\n  db:\n    image: postgres:16\n");
    const Node* image = n.find("services")->find("db")->find("image");
    REQUIRE(image);
    CHECK(image->loc.line == 3);
    CHECK(image->loc.column == 12);
    CHECK(image->loc.to_string() == "t.yml:3:12");
    const Entry* db = n.find("services")->find_entry("db");
    CHECK(db->key_loc.line == 2);
    CHECK(db->key_loc.column == 3);
}

TEST_CASE("find_path walks nested mappings and stops at the first missing key") {
    Node n = parse("deploy:\n  resources:\n    limits: {memory: 64m}\n  replicas: [1]\n");
    const Node* memory = n.find_path({"deploy", "resources", "limits", "memory"});
    REQUIRE(memory);
    CHECK(memory->text == "64m");
    CHECK(n.find_path({"deploy", "resources", "reservations", "memory"}) == nullptr);
    CHECK(n.find_path({"deploy", "replicas", "x"}) == nullptr); // a sequence has no keys
    CHECK(n.find_path({}) == &n);
    n.find_path({"deploy", "resources", "limits"})->set("cpus", Node::string("1"));
    CHECK(n.find_path({"deploy", "resources", "limits", "cpus"})->text == "1");
}

TEST_CASE("merge keys and aliases are resolved, local keys win") {
    Node n = parse("x-base: &base\n  image: busybox\n  restart: always\n"
                   "services:\n  a:\n    <<: *base\n    restart: 'no'\n");
    const Node* a = n.find("services")->find("a");
    CHECK(a->find("image")->text == "busybox");
    CHECK(a->find("restart")->text == "no");
    CHECK_FALSE(a->find("<<"));
}

TEST_CASE("merge key lists merge several anchors") {
    Node n = parse("x-a: &a {image: one, user: u}\nx-b: &b {image: two, tty: true}\n"
                   "services:\n  s:\n    <<: [*a, *b]\n");
    const Node* s = n.find("services")->find("s");
    CHECK(s->find("image")->text == "one"); // the first anchor in the list wins
    CHECK(s->find("tty"));
    CHECK(s->find("user"));
}

TEST_CASE("!reset and !override tags are kept") {
    Node n = parse("services:\n  a:\n    ports: !reset []\n    environment: !override\n      A: 1\n");
    const Node* a = n.find("services")->find("a");
    CHECK(a->find("ports")->tag == NodeTag::Reset);
    CHECK(a->find("environment")->tag == NodeTag::Override);
}

TEST_CASE("bad YAML is an error with a position") {
    auto r = parse_yaml("services:\n  db:\n    image: [unclosed\n",
                        std::make_shared<const std::string>("bad.yml"));
    REQUIRE_FALSE(r);
    CHECK(r.error().where.line > 0);
    CHECK(r.error().to_string().starts_with("bad.yml:"));
    CHECK(r.error().message.find("invalid YAML") == 0);
}

TEST_CASE("duplicate keys are an error") {
    auto r = parse_yaml("a: 1\na: 2\n", std::make_shared<const std::string>("dup.yml"));
    CHECK_FALSE(r);
}

TEST_CASE("an empty document is null") {
    CHECK(parse("").is_null());
    CHECK(parse("# only a comment\n").is_null());
}

TEST_CASE("plain scalar resolution follows yaml.v3 for numbers") {
    bool is_null = false;
    CHECK(resolve_plain("0755", &is_null) == ScalarType::Int);
    CHECK(resolve_plain("0x1F", &is_null) == ScalarType::Int);
    CHECK(resolve_plain("0b101", &is_null) == ScalarType::Int);
    CHECK(resolve_plain("1_000", &is_null) == ScalarType::Int);
    CHECK(resolve_plain("-7", &is_null) == ScalarType::Int);
    CHECK(resolve_plain("09", &is_null) == ScalarType::Float);
    CHECK(resolve_plain("1e3", &is_null) == ScalarType::Float);
    CHECK(resolve_plain(".5", &is_null) == ScalarType::Float);
    CHECK(resolve_plain("-.inf", &is_null) == ScalarType::Float);
    CHECK(resolve_plain("1.2.3", &is_null) == ScalarType::String);
    CHECK(resolve_plain("1e", &is_null) == ScalarType::String);
    CHECK(resolve_plain("0x", &is_null) == ScalarType::String);
    CHECK(resolve_plain("8080:80", &is_null) == ScalarType::String);
    CHECK(resolve_plain("yes", &is_null) == ScalarType::String);
    CHECK_FALSE(is_null);
    resolve_plain("~", &is_null);
    CHECK(is_null);
}

TEST_CASE("invalid UTF-8 is refused with its position, before libfyaml sees it") {
    // The second input made libfyaml 0.7.12 loop forever (found by fuzz_loader).
    for (std::string text : {std::string("a: \x9b\n"), std::string("%     -\xd6\x9b\x9e\x8b"
                                                                   "abase")}) {
        auto r = parse_yaml(text, std::make_shared<const std::string>("bad.yml"));
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "invalid YAML: the file is not valid UTF-8 (save it as UTF-8)");
        CHECK(r.error().where.line == 1);
    }
    auto r = parse_yaml("a: \xed\xa0\x80\n", std::make_shared<const std::string>("surrogate.yml"));
    CHECK_FALSE(r);
    CHECK(parse_yaml("a: caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\xb3\n",
                     std::make_shared<const std::string>("ok.yml")));
    CHECK(parse_yaml("\xef\xbb\xbf"
                     "a: 1\n",
                     std::make_shared<const std::string>("bom.yml")));
}
