// Expected values were taken from the reference implementation (docker compose 2.26.1 `config`
// reading the same text as an env_file), with A=1, E= (set, empty) and nothing else in the
// environment. compose's own line numbers in messages are off after quoted values; ours are exact.
#include "compose/dotenv.hpp"

#include <catch2/catch_test_macros.hpp>
#include <map>

using namespace rehearsa;
using namespace rehearsa::compose;

namespace {

using Vars = std::map<std::string, std::optional<std::string>>;

const std::map<std::string, std::string, std::less<>> k_env{{"A", "1"}, {"E", ""}};

const Lookup k_lookup = [](std::string_view name) -> std::optional<std::string> {
    auto it = k_env.find(name);
    return it == k_env.end() ? std::nullopt : std::optional(it->second);
};

const auto k_file = std::make_shared<const std::string>(".env");

util::Result<std::vector<EnvVar>> parse(std::string_view text, DotenvFormat format = DotenvFormat::Standard,
                                        std::vector<std::string>* unset = nullptr) {
    return parse_dotenv(text, k_file, k_lookup, format, unset);
}

// The variables as a map (later wins, as compose reads them); bare names stay nullopt.
Vars vars(std::string_view text, DotenvFormat format = DotenvFormat::Standard) {
    auto r = parse(text, format);
    INFO(text);
    if (!r) FAIL(r.error().to_string());
    Vars out;
    for (auto& v : *r)
        out[v.name] = v.value;
    return out;
}

std::string error_of(std::string_view text, DotenvFormat format = DotenvFormat::Standard) {
    auto r = parse(text, format);
    INFO(text);
    REQUIRE_FALSE(r);
    return r.error().to_string();
}

} // namespace

TEST_CASE("plain lines, comments, blank lines and export") {
    CHECK(vars("A=1\n# comment\n  # indented\n\nB=2") == Vars{{"A", "1"}, {"B", "2"}});
    CHECK(vars("export A=1\nexport  B=2\nexport\tC=3\nexportD=4\nexport=5\n") ==
          Vars{{"A", "1"}, {"B", "2"}, {"C", "3"}, {"exportD", "4"}, {"export", "5"}});
    CHECK(vars("  export   A  =  1  \n") == Vars{{"A", "1"}});
    CHECK(vars("A =1\n B = 2 \n") == Vars{{"A", "1"}, {"B", "2"}});
    CHECK(vars("\xEF\xBB\xBF# bom\nA=1\n") == Vars{{"A", "1"}});
    CHECK(vars("A=x\r\nB=y\r\n") == Vars{{"A", "x"}, {"B", "y"}});
    CHECK(vars("A=1\nA=2\n") == Vars{{"A", "2"}});
}

TEST_CASE("yaml-style colons and extra separators") {
    CHECK(vars("A: yaml\nB:yaml\n") == Vars{{"A", "yaml"}, {"B", "yaml"}});
    CHECK(vars("A:=1\nB==2\n") == Vars{{"A", "=1"}, {"B", "=2"}});
    CHECK(vars("=1\n") == Vars{{"", "1"}});
}

TEST_CASE("key characters: letters, digits and _.-[]") {
    CHECK(vars("FOO-BAR=1\nFOO.BAR=2\nF[0]=3\n1A=4\n-FOO=5\n") ==
          Vars{{"FOO-BAR", "1"}, {"FOO.BAR", "2"}, {"F[0]", "3"}, {"1A", "4"}, {"-FOO", "5"}});
    CHECK(vars("\xC3\x89=1\n\xE6\x97\xA5=2\nA\xC2\xB2=3\n") ==
          Vars{{"\xC3\x89", "1"}, {"\xE6\x97\xA5", "2"}, {"A\xC2\xB2", "3"}});
    CHECK(vars("A\tB=1\n") == Vars{{"A\tB", "1"}}); // only a space is refused inside a key
}

TEST_CASE("unquoted values: comments, trailing space, no escapes") {
    CHECK(vars("A= #foo\nB=x #c\nC=x#c\nD=x\t#c\nE=x y  \n") ==
          Vars{{"A", "#foo"}, {"B", "x"}, {"C", "x#c"}, {"D", "x\t#c"}, {"E", "x y"}});
    CHECK(vars("A=a\\nb\nB=2 C=3\n") == Vars{{"A", "a\\nb"}, {"B", "2 C=3"}});
    CHECK(vars("A=\nB=\xC2\xA0x\xC2\xA0\n") == Vars{{"A", ""}, {"B", "x"}});
}

TEST_CASE("single quotes are literal but for an escaped quote") {
    CHECK(vars("A='a\\nb\\'c'\nB='${U:?x}'\nC=''\n") == Vars{{"A", "a\\nb'c"}, {"B", "${U:?x}"}, {"C", ""}});
    CHECK(vars("A='a\\\\'\n") == Vars{{"A", "a\\\\"}});
}

TEST_CASE("double quotes take Go escapes, then interpolation") {
    CHECK(vars(R"(A="a\nb\tc\\d\"e\$f\ag")") == Vars{{"A", "a\nb\tc\\d\"e$f\ag"}});
    CHECK(vars(R"(A="a\rb\fc\vd\be")") == Vars{{"A", "a\rb\fc\vd\be"}});
    CHECK(vars(R"(A="x\'y\c\x41\u0041")") == Vars{{"A", "x\\'y\\c\\x41\\u0041"}});
    CHECK(vars(R"(A="\0101|\0377|\0400|\0|\01|\012|\0089")") ==
          Vars{{"A", "A|\xC3\xBF|\\400|\\|\\1|\\12|\\089"}});
    CHECK(vars(R"(A="\\$A")") == Vars{{"A", "\\1"}});
    CHECK(vars("A=\"x\\\\\"\nB=2\"\n") == Vars{{"A", "x\\"}, {"B", "2\""}});
}

TEST_CASE("quoted values span lines; what follows the quote is a new statement") {
    CHECK(vars("A=\"multi\nline\"\nB=2\n") == Vars{{"A", "multi\nline"}, {"B", "2"}});
    CHECK(vars("A=\"x\\\ny\"\n") == Vars{{"A", "x\\\ny"}});
    CHECK(vars("A=\"x\" # c\n  B=\"y\"C=2\n") == Vars{{"A", "x"}, {"B", "y"}, {"C", "2"}});
    CHECK(vars("A=\"x\"#c\nB=1\n") == Vars{{"A", "x"}, {"B", "1"}});
    CHECK(vars("A=\"x\"  Y\n") == Vars{{"A", "x"}, {"Y", std::nullopt}});
}

TEST_CASE("a bare name is taken from the environment by the caller") {
    auto r = parse("A=1\n\n  FOO\nexport BAR\n");
    REQUIRE(r);
    REQUIRE(r->size() == 3);
    CHECK((*r)[1].name == "FOO");
    CHECK_FALSE((*r)[1].value);
    CHECK((*r)[1].loc.to_string() == ".env:3:3");
    CHECK((*r)[2].name == "BAR");
    CHECK((*r)[2].loc.to_string() == ".env:4:8");
    CHECK(vars("export\n") == Vars{{"", std::nullopt}});
}

TEST_CASE("a last line with no separator and no newline is the value of the empty name") {
    CHECK(vars("A=1\nFOO") == Vars{{"A", "1"}, {"", "FOO"}});
    CHECK(vars("A=1\nexport") == Vars{{"A", "1"}, {"", "export"}});
    CHECK(vars("A=1\nFOO\n") == Vars{{"A", "1"}, {"FOO", std::nullopt}});
}

TEST_CASE("interpolation sees the environment first, then earlier lines") {
    CHECK(vars("X=x\nY=${X}-$A\n") == Vars{{"X", "x"}, {"Y", "x-1"}});
    CHECK(vars("A=file\nB=${A}\n") == Vars{{"A", "file"}, {"B", "1"}});
    CHECK(vars("X=\"${U:-def}\"\nY=${X:+set}\n") == Vars{{"X", "def"}, {"Y", "set"}});
    CHECK(vars("A=$$B\nB=\"$$B\"\nC=\\$A\n") == Vars{{"A", "$B"}, {"B", "$B"}, {"C", "\\1"}});
    std::vector<std::string> unset;
    REQUIRE(parse("X=${U}\nY='$V'\nZ=\"$W\"\n", DotenvFormat::Standard, &unset));
    CHECK(unset == std::vector<std::string>{"U", "W"});
}

TEST_CASE("invalid lines name the problem and where it is") {
    CHECK(error_of("A=1\nA B=1\n") == ".env:2:1: key cannot contain a space");
    CHECK(error_of("A=1\nB!=2\n") == ".env:2:2: unexpected character \"!\" in variable name \"B!=2\"");
    CHECK(error_of("A\xC2\xA7=1\n") ==
          ".env:1:2: unexpected character \"\xC2\xA7\" in variable name \"A\xC2\xA7=1\"");
    CHECK(error_of("A\xff=1\n") ==
          ".env:1:2: unexpected character \"\xEF\xBF\xBD\" in variable name \"A\\xff=1\"");
    CHECK(error_of("K='''\n") == ".env:1:5: unexpected character \"'\" in variable name \"'\"");
    CHECK(error_of("\n\nA=\"unterminated\nB=2\n") == ".env:3:3: A: unterminated quoted value \"unterminated");
    CHECK(error_of("export ") == ".env:1:1: zero length string");
}

TEST_CASE("interpolation errors carry the variable and the value's place") {
    CHECK(error_of("X=1\nA=${B:?oops}\n") == ".env:2:3: A: required variable B is missing a value: oops");
    CHECK(error_of("A=\"${\"\n") ==
          ".env:1:3: A: invalid interpolation format \"${\". You may need to escape any $ with another $.");
}

TEST_CASE("raw format takes values verbatim") {
    const auto raw = DotenvFormat::Raw;
    CHECK(vars("A=\"x\" # not a comment \nB='y'\n  # comment\n\nC=$A\\n\nD==e\n", raw) ==
          Vars{{"A", "\"x\" # not a comment "}, {"B", "'y'"}, {"C", "$A\\n"}, {"D", "=e"}});
    CHECK(vars("\xEF\xBB\xBF  A=1\r\nBARE\nE=\n", raw) ==
          Vars{{"A", "1"}, {"BARE", std::nullopt}, {"E", ""}});
    CHECK(vars("A.b-c[0]=1\nx:y=2", raw) == Vars{{"A.b-c[0]", "1"}, {"x:y", "2"}});
    CHECK(error_of("A=1\n=2\n", raw) == ".env:2:1: no variable name on line '=2'");
    CHECK(error_of("  A B=1\n", raw) == ".env:1:3: variable 'A B' contains whitespaces");
    CHECK(error_of("A=1\nB=\xff\n", raw) == ".env:2:1: invalid utf8 bytes at line 2");
}
