# shellcheck shell=bash
# Shared helpers for scripts/serve, scripts/test, scripts/install-tools.
# Source it; do not run it. Sets REPO_ROOT, the pinned tool versions, and PATH.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# Pinned versions. wasm-bindgen is not pinned here: it is read from Cargo.lock
# (the CLI must match the library exactly) and Trunk.toml must agree with it.
TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="version_132" # comes from the npm package binaryen@132 (tests/e2e/package.json)
WASM_TARGET="wasm32-unknown-unknown"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
E2E_DIR="$REPO_ROOT/tests/e2e"
# Cargo-installed tools that are not found at the right version on PATH go here,
# one install root per tool version, so that nothing else on the machine is replaced.
TOOLS_HOME="${LEVCALC_TOOLS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/levcalc-tools}"

# Never let trunk phone home (update check) and never let it download tools.
export TRUNK_SKIP_VERSION_CHECK=true
export TRUNK_OFFLINE=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# The wasm's compiler flags (see .cargo/config.toml, which this replaces for the wasm target):
# Leptos' erase_components, and the build machine's registry and toolchain directories cut
# from the file paths panic locations carry (about 1.5 KB gzip, and no /root/... in the bundle).
wasm_rustflags() {
  local flags="--cfg=erase_components" hash dir
  hash=$(rustc -vV 2>/dev/null | sed -n 's/^commit-hash: //p')
  [ -n "$hash" ] && flags="$flags --remap-path-prefix=/rustc/$hash/="
  for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
    [ -d "$dir" ] && flags="$flags --remap-path-prefix=$dir="
  done
  printf '%s' "$flags"
}
# Call again before a build: on a fresh machine the registry directory appears only after the
# install step.
refresh_wasm_flags() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$(wasm_rustflags)"
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
}
refresh_wasm_flags

path_prepend() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
}
log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# wasm-bindgen version recorded in Cargo.lock.
lock_wasm_bindgen_version() {
  awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' "$REPO_ROOT/Cargo.lock"
}

# Value of a quoted key in Trunk.toml (first match), e.g. trunk_toml_value wasm_bindgen
trunk_toml_value() {
  sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" "$REPO_ROOT/Trunk.toml" | head -n 1
}

# Fails unless Trunk.toml pins the same wasm-bindgen and wasm-opt the scripts install.
check_pins() {
  local lock toml opt
  lock="$(lock_wasm_bindgen_version)"
  [ -n "$lock" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
  toml="$(trunk_toml_value wasm_bindgen)"
  [ "$lock" = "$toml" ] || die "Trunk.toml [tools] wasm_bindgen = \"$toml\" but Cargo.lock has wasm-bindgen $lock. Set wasm_bindgen = \"$lock\" in Trunk.toml."
  opt="$(trunk_toml_value wasm_opt)"
  [ "$opt" = "$WASM_OPT_VERSION" ] || die "Trunk.toml [tools] wasm_opt = \"$opt\" but the scripts install binaryen $WASM_OPT_VERSION (tests/e2e/package.json)."
  WASM_BINDGEN_VERSION="$lock"
}

WASM_BINDGEN_VERSION="$(lock_wasm_bindgen_version)"
path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
path_prepend "$TOOLS_HOME/wasm-bindgen-cli-$WASM_BINDGEN_VERSION/bin"
path_prepend "$TOOLS_HOME/trunk-$TRUNK_VERSION/bin"
path_prepend "$E2E_DIR/node_modules/binaryen/bin" # wasm-opt (npm binaryen, see WASM_OPT_VERSION)
export PATH

# no_network CMD...: runs CMD in a fresh network namespace (no interface but a downed loopback),
# which proves it makes no network request; where unprivileged namespaces are not allowed, runs
# CMD as it is (Trunk.toml's offline = true still forbids downloads).
no_network() {
  refresh_wasm_flags
  if unshare --net true 2>/dev/null; then
    unshare --net "$@"
  elif unshare --net --map-root-user true 2>/dev/null; then
    unshare --net --map-root-user "$@"
  else
    echo "(no network namespace available here: running without network isolation)" >&2
    "$@"
  fi
}
