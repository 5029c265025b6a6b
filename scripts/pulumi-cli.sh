#!/usr/bin/env bash
# Builds the pinned Pulumi CLI and the Pulumi YAML language host into a cache folder, once, and prints that folder.
#
# Why a build: the CLI is not on any registry this project can reach, but its Go module is on the Go module proxy.
# pkg/v3's go.mod replaces sdk/v3 with ../sdk (a path inside pulumi/pulumi's own repository), so
# `go install …/cmd/pulumi@version` refuses it; a copy of the module with that replace dropped builds as it is.
# The first build takes about 10 minutes and 2 GB of Go modules on 2 cores; later runs find the binaries and return.
#
# Usage: bash scripts/pulumi-cli.sh            -> prints the folder holding `pulumi` and `pulumi-language-yaml`
#        bash scripts/pulumi-cli.sh --no-build -> prints the folder only if both are built; else exits 3
#        PULUMI_CLI_DIR=/somewhere bash …      -> builds there instead of the default cache folder
set -euo pipefail

PULUMI_VERSION=v3.276.0
YAML_VERSION=v1.25.0
dir=${PULUMI_CLI_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-openai-admin/pulumi-$PULUMI_VERSION-yaml-$YAML_VERSION}
bin=$dir/bin

if [ "${1:-}" = "--no-build" ]; then
  [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-yaml" ] || { echo "pulumi-cli.sh: not built yet in $bin" >&2; exit 3; }
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "pulumi-cli.sh: Go is needed to build the Pulumi CLI (go 1.26.6 or later, as pulumi v3.276.0's modules require)" >&2; exit 1; }

if [ ! -x "$bin/pulumi" ]; then
  mkdir -p "$dir"
  echo "pulumi-cli.sh: building pulumi $PULUMI_VERSION into $bin (about 10 minutes the first time)" >&2
  src=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { echo "pulumi-cli.sh: go mod download gave no module folder" >&2; exit 1; }
  work=$(mktemp -d "$dir/src-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  (
    cd "$work"
    go mod edit -dropreplace github.com/pulumi/pulumi/sdk/v3
    go mod tidy >/dev/null 2>&1
    go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$bin/pulumi.partial" ./cmd/pulumi
  )
  mv "$bin/pulumi.partial" "$bin/pulumi" # only a finished build counts as built
fi

if [ ! -x "$bin/pulumi-language-yaml" ]; then
  echo "pulumi-cli.sh: installing pulumi-language-yaml $YAML_VERSION into $bin" >&2
  GOBIN=$bin go install "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION"
fi

got=$("$bin/pulumi" version)
[ "$got" = "$PULUMI_VERSION" ] || { echo "pulumi-cli.sh: $bin/pulumi reports $got, expected $PULUMI_VERSION" >&2; exit 1; }
echo "$bin"
