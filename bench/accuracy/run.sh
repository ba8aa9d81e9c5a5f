#!/usr/bin/env bash
# Runs the accuracy benchmark end to end: extract the pinned copies, build the CLI once, scan every listed project
# with the CLI's own `scan` command (compile errors tolerated), then score.
# Usage: bench/accuracy/run.sh [--mirror DIR] [--only NAME] [--skip-scan]
#   --mirror DIR   root of local repository copies (default: $AITG_MIRROR or /work/.mirror); see extract.sh
#   --only NAME    only this repository (owner/name or owner+name); scoring still reads every SARIF present
#   --skip-scan    only score the SARIF files already in sarif/
# Outputs: sarif/<owner+name>__<n>.sarif, results/scan-log.tsv (per project: seconds, exit code, compile warning),
# results/score.md (the scorer's report). Environment: AITG_SCAN_TIMEOUT (seconds per project, default 1200).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
mirror="${AITG_MIRROR:-/work/.mirror}"; only=""; skip_scan=0
while [ $# -gt 0 ]; do case "$1" in
  --mirror) mirror="$2"; shift 2;; --only) only="$2"; shift 2;; --skip-scan) skip_scan=1; shift;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
work="$here/work"; sarif="$here/sarif"; results="$here/results"
mkdir -p "$sarif" "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The feed here may not hold the exact old versions a repository pins; NuGet then resolves a newer one and, where that
# looks like a downgrade elsewhere in the graph, fails restore with NU1605 as an error. Environment variables are
# MSBuild properties, and projects append to them: keep these warnings as warnings so that restore succeeds.
# The vulnerability audit (NU190x) needs sources that are not reachable here: off.
export NoWarn="${NoWarn:+$NoWarn;}NU1603;NU1605;NU1608;NU1900;NU1901;NU1902;NU1903;NU1904" WarningsNotAsErrors="${WarningsNotAsErrors:+$WarningsNotAsErrors;}NU1603;NU1605;NU1608;NU1900;NU1901;NU1902;NU1903;NU1904" NuGetAudit=false
# No apphost: it needs a runtime host package per framework, and nothing is run.
export UseAppHost=false
start_all=$(date +%s)
if [ $skip_scan -eq 0 ]; then
  "$here/extract.sh" --mirror "$mirror" ${only:+--only "$only"} || exit 2
  echo "building the CLI once (Release)"
  dotnet build -c Release "$root/action/AiThreatGate.Cli" -o "$here/work/.cli" -v q -nologo || exit 2
  cli="$here/work/.cli/aithreatgate.dll"
  log="$results/scan-log.tsv"
  [ -n "$only" ] || printf 'repository\tproject\tseconds\texit\tcompile_errors\tremoved_packages\tsarif\n' > "$log"
  jq -r '.repositories[] | .repository as $r | .mirror as $m | .projects | to_entries[] | [$r, $m, (.key|tostring), .value] | @tsv' "$here/manifest.json" |
  while IFS=$'\t' read -r repo key n project; do
    if [ -n "$only" ] && [ "$only" != "$repo" ] && [ "$only" != "$key" ]; then continue; fi
    dir="$work/$key"; out="$sarif/${key}__${n}.sarif"
    if [ ! -f "$dir/$project" ]; then printf '%s\t%s\t0\tmissing\t\t\t\n' "$repo" "$project" >> "$log"; continue; fi
    # Frameworks whose packs the feed lacks (netcoreapp1-3, net5, net7 reference packages or hosts that are not
    # served): retarget the extracted copy to net8.0. The code is unchanged; only its target framework moves.
    find "$dir" -name '*.csproj' -not -path '*/node_modules/*' -print0 | xargs -0 sed -i -E \
      's#<TargetFramework>(netcoreapp[123]\.[0-9]|net5\.0|net7\.0)</TargetFramework>#<TargetFramework>net8.0</TargetFramework>#'
    echo "scanning $repo: $project"
    t0=$(date +%s); removed=""
    for attempt in 1 2 3 4 5 6; do
      timeout "${AITG_SCAN_TIMEOUT:-1200}" dotnet "$cli" scan "$dir/$project" --output "$out" --allow-compile-errors --repo "$dir" \
        > "$results/${key}__${n}.log" 2>&1 < /dev/null
      rc=$?
      # `scan` stops when restore fails, even with --allow-compile-errors. Where the feed lacks a package (NU1101) or
      # every acceptable version of it (NU1102), drop that PackageReference from the extracted copy and scan again:
      # the code that uses it then has compile errors, which are tolerated and counted.
      grep -q "'dotnet restore' failed" "$results/${key}__${n}.log" || break
      missing=$(dotnet restore "$dir/$project" 2>&1 | grep -o -E 'error NU110[12]: Unable to find package [A-Za-z0-9._-]+' | awk '{print $NF}' | sed 's/\.$//' | sort -u)
      [ -n "$missing" ] || break
      for pkg in $missing; do
        removed="$removed $pkg"
        find "$dir" \( -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -not -path '*/node_modules/*' -print0 |
          xargs -0 sed -i -E "/<PackageReference[^>]*Include=\"$pkg\"[^>]*\/>/d; /<PackageVersion[^>]*Include=\"$pkg\"[^>]*\/>/d"
      done
      echo "  restore failed; removed package references not on the feed:$removed"
    done
    t1=$(date +%s)
    [ -z "$removed" ] || echo "removed package references (not on the feed):$removed" >> "$results/${key}__${n}.log"
    ce=$(grep -c -E 'error CS[0-9]+|did not compile|failed to load|compile error' "$results/${key}__${n}.log" || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$repo" "$project" "$((t1-t0))" "$rc" "$ce" "${removed# }" "$(basename "$out")" >> "$log"
    echo "  ${key}__${n}: exit $rc in $((t1-t0)) s, compile-error lines: $ce"
  done
fi
dotnet run -c Release --project "$here/Scorer" -- --manifest "$here/manifest.json" --sarif "$sarif" --work "$work" \
  --markdown "$results/score.md"
echo "total: $(( $(date +%s) - start_all )) s"
