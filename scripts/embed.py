#!/usr/bin/env python3
"""embed.py IN OUT SYMBOL: writes a C++ source defining `extern const std::string_view SYMBOL`
holding IN's bytes, so data files ship inside the binary (g++ 12 has no #embed)."""
import sys

src, out, symbol = sys.argv[1:4]
data = open(src, 'rb').read()
ns, _, name = symbol.rpartition('::')
body = ','.join(str(b) for b in data)
with open(out, 'w') as f:
    f.write('#include <string_view>\n')
    f.write(f'namespace {ns.lstrip(":")} {{\n')
    f.write(f'static const char k_bytes[] = {{{body},0}};\n')
    f.write(f'extern const std::string_view {name};\n')
    f.write(f'const std::string_view {name}{{k_bytes, {len(data)}}};\n')
    f.write('}\n')
