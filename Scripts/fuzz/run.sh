#!/bin/sh
# Builds and runs Dendrite's libFuzzer targets (one per reader of outside data).
#
#   Scripts/fuzz/run.sh TARGET [SECONDS] [libFuzzer options…]
#
# TARGET is csv, idx, safetensors, config, history, hdf5, zip or all; SECONDS defaults to 60. The library is
# built once with -sanitize=fuzzer (coverage) into .build/fuzz; each target is linked with
# swiftc -sanitize=fuzzer. New inputs go to .build/fuzz/corpus-TARGET, the committed seeds are
# read from Scripts/fuzz/seeds/TARGET, and a crash is written as .build/fuzz/crash-… (reproduce
# with .build/fuzz/fuzz-TARGET FILE). See Scripts/fuzz/README.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: run.sh csv|idx|safetensors|config|history|hdf5|zip|all [seconds] [libFuzzer options]}
seconds=${2:-60}
[ $# -ge 2 ] && shift 2 || shift $#
options="$*"   # extra libFuzzer options (-name=value, without spaces)
scratch="$root/.build/fuzz"

swift build -c release --package-path "$root" --scratch-path "$scratch" --target Dendrite \
    -Xswiftc -sanitize=fuzzer -Xcc -fsanitize=fuzzer-no-link
products="$scratch/release"
# The CLI's files use the library's package-level helpers, so the history target joins the package
# (SwiftPM names it after the checkout's directory).
package=$(grep -o '"-package-name","[^"]*"' "$scratch/release.yaml" | grep -v swift_argument_parser | head -n 1 | cut -d '"' -f 4)

build() {
    extra=""
    # The history reader lives in the CLI executable; its two files are compiled in.
    [ "$1" = history ] && extra="-package-name $package $root/Sources/DendriteCLI/Commands/HistoryFile.swift $root/Sources/DendriteCLI/Commands/CommandFailure.swift"
    # shellcheck disable=SC2086
    swiftc -O -sanitize=fuzzer -parse-as-library -module-name Fuzz$1 -I "$products/Modules" \
        -Xcc -fmodule-map-file="$products/CDendriteKernels.build/module.modulemap" -I "$root/Sources/CDendriteKernels/include" \
        "$root/Scripts/fuzz/targets/FuzzInput.swift" "$root/Scripts/fuzz/targets/$1.swift" $extra \
        "$products"/CDendriteKernels.build/*.o "$products"/DendriteCore.build/*.o \
        "$products"/DendriteData.build/*.o "$products"/Dendrite.build/*.o \
        -o "$scratch/fuzz-$1"
}

run() {
    build "$1"
    # shellcheck disable=SC2086
    mkdir -p "$scratch/corpus-$1"
    # 2.5 GB of memory: the targets lower ResourceLimits (64 MiB tensors), so more is a leak or a bypass.
    "$scratch/fuzz-$1" -max_total_time="$seconds" -rss_limit_mb=2560 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="$scratch/" $options "$scratch/corpus-$1" "$root/Scripts/fuzz/seeds/$1"
}

if [ "$target" = all ]; then
    for name in csv idx safetensors config history hdf5 zip; do run "$name"; done
else
    run "$target" "$@"
fi
