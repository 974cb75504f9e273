#!/bin/sh
# ODR guard: a weak (inline/template) symbol defined in an object compiled with AVX2 or AVX-512
# flags may be the copy the linker keeps for every caller, so a scalar caller could execute
# AVX-512 code. Each such weak symbol must be mangled with its ISA's namespace (goldfinch::avx2::
# or goldfinch::avx512::, or a template argument from there). Usage: check_isa_symbols.sh NM LIB.a
set -eu
nm_tool=$1
lib=$2
bad=$("$nm_tool" -C --defined-only "$lib" | awk '
  /^$/ { next }
  /:$/ { member = $0; isa = ""; if (member ~ /avx512/) isa = "avx512"; else if (member ~ /avx2/) isa = "avx2"; next }
  isa != "" {
    type = $2
    if (type == "W" || type == "V" || type == "u" || type == "i") {
      name = $0; sub(/^[0-9a-f]* [A-Za-z] /, "", name)
      # DW.ref.* are data words pointing at the C++ personality routine, not code.
      if (index(name, isa "::") == 0 && name !~ /^DW\.ref\./) print member " " name
    }
  }')
if [ -n "$bad" ]; then
  echo "weak symbols compiled with ISA flags but not in an ISA namespace:"
  echo "$bad"
  exit 1
fi
count=$("$nm_tool" -C --defined-only "$lib" | awk '
  /:$/ { isa = ($0 ~ /avx/) } isa && ($2 == "W" || $2 == "V" || $2 == "u" || $2 == "i") { n++ } END { print n + 0 }')
echo "ok: all $count weak symbols in the ISA objects of $lib carry their ISA namespace"
