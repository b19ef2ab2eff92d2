// Expected values were taken from the reference implementation (docker compose 2.26.1 `config`),
// run on the same inputs with A=1, E= (set, empty) and nothing else in the environment.
#include "compose/interpolate.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <map>

using namespace rehearsa::compose;

namespace {

const std::map<std::string, std::string, std::less<>> k_env{{"A", "1"}, {"E", ""}, {"C", "c c"}, {"D", "$A"}};

const Lookup k_lookup = [](std::string_view name) -> std::optional<std::string> {
    auto it = k_env.find(name);
    return it == k_env.end() ? std::nullopt : std::optional(it->second);
};

const auto k_file = std::make_shared<const std::string>("compose.yaml");

std::string sub(std::string_view text, std::vector<std::string>* unset = nullptr) {
    auto r = interpolate(text, Interpolation{k_lookup, unset}, {});
    INFO(text);
    REQUIRE(r);
    return *r;
}

std::string error_of(std::string_view text) {
    auto r = interpolate(text, Interpolation{k_lookup}, {k_file, 3, 12});
    INFO(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().where.to_string() == "compose.yaml:3:12");
    return r.error().message;
}

std::string invalid(std::string_view quoted) {
    return "invalid interpolation format " + std::string(quoted) +
           ". You may need to escape any $ with another $.";
}

} // namespace

TEST_CASE("plain and braced variables") {
    CHECK(sub("$A") == "1");
    CHECK(sub("${A}") == "1");
    CHECK(sub("x$A-y") == "x1-y");
    CHECK(sub("$C/${C}") == "c c/c c");
    CHECK(sub("${A}}") == "1}");
    CHECK(sub("$A$A") == "11");
    CHECK(sub("$D") == "$A"); // values are not substituted again
    CHECK(sub("no dollar at all") == "no dollar at all");
}

TEST_CASE("unset variables become empty and are recorded once per occurrence") {
    std::vector<std::string> unset;
    CHECK(sub("[$NOPE][${NOPE}][$E]", &unset) == "[][][]");
    CHECK(unset == std::vector<std::string>{"NOPE", "NOPE"});
}

TEST_CASE("dollar signs that are not substitutions") {
    CHECK(sub("$$") == "$");
    CHECK(sub("$$A") == "$A");
    CHECK(sub("$${A}") == "${A}");
    CHECK(sub("$$$A") == "$1");
    CHECK(sub("$") == "$");
    CHECK(sub("a$") == "a$");
    CHECK(sub("$1") == "$1");
    CHECK(sub("$-x") == "$-x");
    CHECK(sub("cost: 5$ $ ") == "cost: 5$ $ ");
}

TEST_CASE("names: letters, digits, underscore, and what Go's case folding adds") {
    CHECK(sub("$_x1") == "");
    CHECK(sub("${a}") == ""); // names are case-sensitive: `a` is not A
    std::vector<std::string> unset;
    CHECK(sub("${\xC5\xBF}|$\xE2\x84\xAA", &unset) == "|"); // U+017F and U+212A match (?i)[a-z]
    CHECK(unset == std::vector<std::string>{"\xC5\xBF", "\xE2\x84\xAA"});
}

TEST_CASE("operators on a set, an empty and an unset variable") {
    struct Case {
        const char* text;
        const char* set;
        const char* empty;
        const char* unset;
    };
    const auto c = GENERATE(Case{"${V:-d}", "1", "d", "d"}, Case{"${V-d}", "1", "", "d"},
                            Case{"${V:+r}", "r", "", ""}, Case{"${V+r}", "r", "r", ""},
                            Case{"${V:?m}", "1", nullptr, nullptr}, Case{"${V?m}", "1", "", nullptr});
    const auto with = [&](const char* name) {
        std::string t = c.text;
        t.replace(2, 1, name);
        auto r = interpolate(t, Interpolation{k_lookup}, {});
        return r ? std::optional(*r) : std::nullopt;
    };
    CAPTURE(c.text);
    CHECK(with("A") == std::optional<std::string>(c.set));
    CHECK(with("E") == (c.empty ? std::optional<std::string>(c.empty) : std::nullopt));
    CHECK(with("U") == (c.unset ? std::optional<std::string>(c.unset) : std::nullopt));
}

TEST_CASE("defaults are substituted, nest, and keep braces") {
    CHECK(sub("${U:-${V:-x}}") == "x");
    CHECK(sub("${U:-${V:-x}}y") == "xy");
    CHECK(sub("${U-${V-${W-z}}}") == "z");
    CHECK(sub("${U:-$A}") == "1");
    CHECK(sub("${U:-${C}}") == "c c");
    CHECK(sub("${U:-{x}}") == "{x}");
    CHECK(sub("${U:-x}}") == "x}");
    CHECK(sub("${U:-{}}}") == "{}}");
    CHECK(sub("${U:-x{}y}") == "x{}y");
    CHECK(sub("${U-{$A}}") == "{1}");
    CHECK(sub("${U:-$$}") == "$");
    CHECK(sub("${U:-$$}{}") == "${}");
    CHECK(sub("${U:-a:-b}") == "a:-b");
    CHECK(sub("${U-B:-c}") == "B:-c");
    CHECK(sub("${U:-b-c}") == "b-c");
    CHECK(sub("${U:-a}${V:-b}") == "ab");
    CHECK(sub("${U}${V:-${A}}") == "1");
    CHECK(sub("${A:+${C}}") == "c c");
    CHECK(sub("${U:-x}\n${V:-q}") == "x\nq");
}

TEST_CASE("an unused default is still substituted, so its unset names are recorded") {
    std::vector<std::string> unset;
    CHECK(sub("${A:-$B}", &unset) == "1");
    CHECK(unset == std::vector<std::string>{"B"});
}

TEST_CASE("a missing required variable names it and carries the message") {
    CHECK(error_of("${U:?}") == "required variable U is missing a value");
    CHECK(error_of("${U?}") == "required variable U is missing a value");
    CHECK(error_of("${U:?oops}") == "required variable U is missing a value: oops");
    CHECK(error_of("${E:?set it}") == "required variable E is missing a value: set it");
    CHECK(error_of("${U?:x}") == "required variable U is missing a value: :x");
    CHECK(error_of("${U:?oops ${V:-b}}") == "required variable U is missing a value: oops b");
    CHECK(error_of("${U:?${V:?inner}}") == "required variable V is missing a value: inner");
    CHECK(error_of("${A:-${V:?err}}") == "required variable V is missing a value: err");
    CHECK(error_of("${U:-x} ${V:?boom}") == "required variable V is missing a value: boom");
    CHECK(error_of("${U:?}${V}") == "required variable U is missing a value");
}

TEST_CASE("a malformed ${ is an error quoting the text compose quotes") {
    CHECK(error_of("${") == invalid(R"("${")"));
    CHECK(error_of("${FOO") == invalid(R"("${FOO")"));
    CHECK(error_of("${ FOO}") == invalid(R"("${ FOO}")"));
    CHECK(error_of("${FOO:x}") == invalid(R"("${FOO:x}")"));
    CHECK(error_of("${FOO }") == invalid(R"("${FOO }")"));
    CHECK(error_of("${1}") == invalid(R"("${1}")"));
    CHECK(error_of("${A.B}") == invalid(R"("${A.B}")"));
    CHECK(error_of("${}") == invalid(R"("${}")"));
    CHECK(error_of("x ${A} ${ }") == invalid(R"("x ${A} ${ }")"));
    // `.*` stops at a newline, so a default cannot span lines
    CHECK(error_of("${U:-x\ny}") == invalid(R"("${U:-x\ny}")"));
    // inside a default, the default is what compose quotes; after an operator's `}`, the rest
    CHECK(error_of("${U:-${}") == invalid(R"("${")"));
    CHECK(error_of("${U:-x ${ }") == invalid(R"("x ${ ")"));
    CHECK(error_of("${U:-x} ${ }") == invalid(R"(" ${ }")"));
    // a required message is substituted even when the variable is set
    CHECK(error_of("${A:?${}") == invalid(R"("${")"));
}

TEST_CASE("long chains and deep nesting") {
    std::string chain, expected;
    for (int i = 0; i < 20000; ++i)
        chain += "${U:-x}", expected += 'x';
    CHECK(sub(chain) == expected);
    std::string nested = "v";
    for (int i = 0; i < 200; ++i)
        nested = "${U:-" + nested + "}";
    CHECK(sub(nested) == "v");
    std::string too_deep = "v";
    for (int i = 0; i < 1100; ++i)
        too_deep = "${U:-" + too_deep + "}";
    CHECK(error_of(too_deep) == "interpolation nested more than 1000 levels deep");
}

TEST_CASE("interpolate_tree substitutes string values in place, never keys") {
    Node root = Node::mapping();
    Node& web = root.set("services", Node::mapping()).set("web", Node::mapping());
    web.set("image", Node::string("img:$A"));
    web.set("$A", Node::string("${C}"));
    web.set("replicas", Node::integer(2));
    Node& cmd = web.set("command", Node::sequence());
    cmd.items.push_back(Node::string("echo"));
    cmd.items.push_back(Node::string("$${A} ${U:-d}"));
    std::vector<std::string> unset;
    REQUIRE(interpolate_tree(root, Interpolation{k_lookup, &unset}));
    const Node* w = root.find("services")->find("web");
    CHECK(w->find("image")->text == "img:1");
    CHECK(w->find("$A")->text == "c c");
    CHECK(w->find("replicas")->text == "2");
    CHECK(w->find("command")->items[1].text == "${A} d");
    CHECK(unset.empty());
}

TEST_CASE("interpolate_tree errors carry the dotted path and the scalar's location") {
    Node root = Node::mapping();
    Node& db = root.set("services", Node::mapping()).set("db", Node::mapping());
    db.set("environment", Node::mapping()).set("PASSWORD", Node::string("${PW:?set PW}", {k_file, 7, 17}));
    auto r = interpolate_tree(root, Interpolation{k_lookup});
    REQUIRE_FALSE(r);
    CHECK(r.error().path == "services.db.environment.PASSWORD");
    CHECK(r.error().to_string() == "compose.yaml:7:17: services.db.environment.PASSWORD: required variable "
                                   "PW is missing a value: set PW");

    Node list = Node::mapping();
    Node& vols =
        list.set("services", Node::mapping()).set("web", Node::mapping()).set("volumes", Node::sequence());
    vols.items.push_back(Node::string("ok:/ok"));
    vols.items.push_back(Node::string("${HOME:-/tmp/x", {k_file, 9, 9}));
    auto e = interpolate_tree(list, Interpolation{k_lookup});
    REQUIRE_FALSE(e);
    CHECK(e.error().path == "services.web.volumes.1");
    CHECK(e.error().where.line == 9);
    CHECK(e.error().message == invalid(R"("${HOME:-/tmp/x")"));
}

TEST_CASE("go_quote quotes as Go's %q") {
    CHECK(go_quote("a\"b\\c") == R"("a\"b\\c")");
    CHECK(go_quote("t\tn\nr\r") == R"("t\tn\nr\r")");
    CHECK(go_quote(std::string_view("\x01\x7f", 2)) == R"("\x01\x7f")");
    CHECK(go_quote("\xC3\xA9\xff") == "\"\xC3\xA9\\xff\"");
}
