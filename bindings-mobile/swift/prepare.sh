#!/usr/bin/env bash
# Prepares the Swift package on a Mac: builds the Rust static library for
# this machine, generates the Swift bindings with uniffi-bindgen and copies
# them into the package. Then run `swift test` here.
#
#   bindings-mobile/swift/prepare.sh [--debug]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
profile=release
[[ "${1:-}" == "--debug" ]] && profile=debug

cd "$root"
if [[ $profile == release ]]; then
    cargo build --release -p billing-core-mobile
else
    cargo build -p billing-core-mobile
fi
lib_dir="$target/$profile"
cdylib="$lib_dir/libbilling_core_mobile.dylib"
[[ -f "$cdylib" ]] || cdylib="$lib_dir/libbilling_core_mobile.so"

out="$target/uniffi/swift"
rm -rf "$out"
cargo run --quiet -p uniffi-bindgen -- generate "$cdylib" --language swift --no-format --out-dir "$out"

cp "$out/BillingCore.swift" "$here/Sources/BillingCore/BillingCore.swift"
cp "$out/BillingCoreFFI.h" "$here/Sources/BillingCoreFFI/BillingCoreFFI.h"
mkdir -p "$here/lib"
# Only the static library: the package links it statically.
cp "$lib_dir/libbilling_core_mobile.a" "$here/lib/"
echo "Swift package ready: cd $here && swift test"
