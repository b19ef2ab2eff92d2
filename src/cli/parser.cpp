#include "cli/parser.hpp"

#include <fmt/format.h>

namespace rehearsa::cli {

namespace {

std::shared_ptr<cxxopts::Value> value_of(const OptionSpec& option) {
    switch (option.arity) {
    case Arity::Flag:
        return cxxopts::value<bool>();
    case Arity::Repeated:
        return cxxopts::value<std::vector<std::string>>();
    case Arity::Single:
        return cxxopts::value<std::string>();
    }
    return cxxopts::value<std::string>();
}

void add_option(cxxopts::Options& parser, const OptionSpec& option) {
    std::string names = option.short_name.empty() ? std::string(option.long_name)
                                                  : fmt::format("{},{}", option.short_name, option.long_name);
    parser.add_option("", cxxopts::Option(names, std::string(option.help), value_of(option),
                                          std::string(option.value_name)));
}

} // namespace

cxxopts::Options make_parser(const CommandSpec& command) {
    cxxopts::Options parser("rehearsa");
    for (const OptionSpec* option : command_options(command))
        add_option(parser, *option);
    parser.add_options()(std::string(k_operands), "", cxxopts::value<std::vector<std::string>>());
    parser.parse_positional({std::string(k_operands)});
    return parser;
}

} // namespace rehearsa::cli
