#!/usr/bin/env bash
# Builds what the Go route of the real-engine suite needs, once, and prints the folder holding it: the Go SDK
# generator (tests/engine/go/sdkgen) as `openai-go-sdkgen`, and, in Go's build cache, the Pulumi Go SDK and
# Automation API packages the Go program (tests/engine/programs/go) imports.
#
# Why ahead of the tests: the generator links pulumi/pulumi's pkg/v3 (its schema binder and Go code generator),
# about 5 minutes of compiling on 2 cores the first time, and the program's Pulumi packages about 1.5 more; with
# both done, tests/engine/go.test.ts generates the SDK from the plugin under test and builds the program in seconds.
# The folder is named after a hash of the generator's sources, the program's go.mod and go.sum, and the Go version,
# so a change to any of them asks for a new build.
#
# Usage: bash scripts/go-route.sh            -> prints the folder holding `openai-go-sdkgen`
#        bash scripts/go-route.sh --no-build -> prints the folder only if built; else exits 3 (4: no Go)
#        GO_ROUTE_DIR=/somewhere bash …      -> builds there instead of the default cache folder
set -euo pipefail
cd "$(dirname "$0")/.."
sdkgen=tests/engine/go/sdkgen
program=tests/engine/programs/go

command -v go >/dev/null || {
  echo "go-route.sh: Go is needed for the Go route (go 1.26.6 or later, as pulumi v3.276.0's modules require)" >&2
  exit 4
}
key=$( (cat "$sdkgen/main.go" "$sdkgen/go.mod" "$sdkgen/go.sum" "$program/go.mod" "$program/go.sum"; go version) | sha256sum | cut -c1-12)
dir=${GO_ROUTE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-openai-admin/go-route-$key}
bin=$dir/openai-go-sdkgen

if [ "${1:-}" = "--no-build" ]; then
  [ -x "$bin" ] || { echo "go-route.sh: not built yet in $dir" >&2; exit 3; }
  echo "$dir"
  exit 0
fi

if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  # -trimpath here and in the test: Go's build cache then keys a package by its content, not by its folder, so the
  # program built in a fresh folder on each test run finds these packages compiled.
  echo "go-route.sh: compiling the Pulumi packages the Go program imports (about 1.5 minutes the first time)" >&2
  imports=$(cd "$program" && go list -e -f '{{join .Imports "\n"}}' . | grep '\.' | grep -v '^example\.com/')
  # The generated SDK (absent here, it is made from the plugin's schema at test time) also imports pulumi/config.
  (cd "$program" && go build -trimpath $imports github.com/pulumi/pulumi/sdk/v3/go/pulumi/config)
  echo "go-route.sh: building the Go SDK generator into $dir (about 5 minutes the first time)" >&2
  (cd "$sdkgen" && go build -trimpath -o "$bin.partial" .)
  mv "$bin.partial" "$bin" # only a finished build counts as built, and it is built last
fi
echo "$dir"
