#!/usr/bin/env bash
# Extracts each repository of manifest.json, at its pinned commit, from a local mirror into work/<mirror>/.
# Usage: bench/accuracy/extract.sh [--mirror DIR] [--work DIR] [--only NAME]
#   --mirror DIR  root of the local copies (default: $AITG_MIRROR or /work/.mirror). A repository owner/name is looked
#                 for as DIR/owner+name/repo, DIR/owner+name (bare git dirs) or DIR/owner/name(.git).
#   --work DIR    where the copies are written (default: bench/accuracy/work, git-ignored)
#   --only NAME   only this repository (owner/name or owner+name)
# Files the mirror does not hold (large files, LFS content) are skipped: only source is needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mirror="${AITG_MIRROR:-/work/.mirror}"; work="$here/work"; only=""
while [ $# -gt 0 ]; do case "$1" in
  --mirror) mirror="$2"; shift 2;; --work) work="$2"; shift 2;; --only) only="$2"; shift 2;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
manifest="$here/manifest.json"
mkdir -p "$work"
# Stop MSBuild and NuGet from walking up into AiThreatGate's own build settings (central package management etc.).
printf '<Project />\n' > "$work/Directory.Build.props"
printf '<Project />\n' > "$work/Directory.Build.targets"
printf '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n' > "$work/Directory.Packages.props"

gitdir_for() { # owner/name mirror-key
  local repo="$1" key="$2"
  for d in "$mirror/$key/repo" "$mirror/$key" "$mirror/$repo.git" "$mirror/$repo"; do
    if [ -d "$d" ] && git --git-dir "$d" rev-parse --git-dir >/dev/null 2>&1; then echo "$d"; return 0; fi
  done
  return 1
}

jq -r '.repositories[] | [.repository, .mirror, .commit] | @tsv' "$manifest" | while IFS=$'\t' read -r repo key commit; do
  if [ -n "$only" ] && [ "$only" != "$repo" ] && [ "$only" != "$key" ]; then continue; fi
  dest="$work/$key"
  if [ -f "$dest/.aitg-commit" ] && [ "$(cat "$dest/.aitg-commit")" = "$commit" ]; then echo "= $repo (already extracted)"; continue; fi
  if ! gd="$(gitdir_for "$repo" "$key")"; then echo "! $repo: no local copy under $mirror" >&2; continue; fi
  if ! git --git-dir "$gd" cat-file -e "$commit^{commit}" 2>/dev/null; then echo "! $repo: commit $commit not in $gd" >&2; continue; fi
  rm -rf "$dest"; mkdir -p "$dest"
  # One cat-file process for the whole tree; objects the snapshot lacks come back as "missing" and are skipped.
  git --git-dir "$gd" ls-tree -r -z --format='%(objectmode) %(objectname) %(path)' "$commit" |
    python3 -c '
import sys, subprocess, os
gd, dest = sys.argv[1], sys.argv[2]
entries = [e for e in sys.stdin.buffer.read().split(b"\0") if e]
files = []
for e in entries:
    mode, sha, path = e.split(b" ", 2)
    if mode not in (b"100644", b"100755"):
        continue
    files.append((sha, path.decode("utf-8", "surrogateescape")))
p = subprocess.Popen(["git", "--git-dir", gd, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
for sha, path in files:
    p.stdin.write(sha + b"\n"); p.stdin.flush()
    header = p.stdout.readline().split()
    if len(header) < 3 or header[1] == b"missing":
        continue
    data = p.stdout.read(int(header[2])); p.stdout.read(1)
    if len(data) > 2_000_000:
        continue
    target = os.path.join(dest, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f: f.write(data)
p.stdin.close(); p.wait()
' "$gd" "$dest"
  # A pinned SDK version in the repository would stop `dotnet` from running with the SDK installed here.
  find "$dest" -name global.json -not -path '*/node_modules/*' -exec mv {} {}.aitg-disabled \;
  # Package sources of the repository (private or preview feeds) are not reachable from every machine: restore from
  # the machine's own NuGet configuration instead.
  find "$dest" -iname nuget.config -not -path '*/node_modules/*' -exec mv {} {}.aitg-disabled \;
  echo "$commit" > "$dest/.aitg-commit"
  echo "+ $repo @ ${commit:0:12} -> $dest"
done
