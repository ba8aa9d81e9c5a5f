#!/usr/bin/env bash
# Runs the accuracy benchmark end to end: extract the pinned copies, build the CLI once, scan every listed project
# with the CLI's own `scan` command (compile errors tolerated), then score.
# Usage: bench/accuracy/run.sh [--mirror DIR] [--only NAME] [--skip-scan] [--peers]
#   --mirror DIR   root of local repository copies (default: $AITG_MIRROR or /work/.mirror); see extract.sh
#   --only NAME    only this repository (owner/name or owner+name); scoring still reads every SARIF present
#   --skip-scan    only score the SARIF files already in sarif/
#   --peers        instead of AiThreatGate, build every project with the peer analyzers (Security Code Scan in default and
#                  in audit mode, the SDK's NetAnalyzers with AnalysisModeSecurity=All) and score their SARIF with
#                  peer-kinds.json: sarif-peers/<key>__<n>__<project>.peer-{default,audit}.sarif, results/score-peers-*.md
# Outputs: sarif/<owner+name>__<n>.sarif, results/scan-log.tsv (per project: seconds, exit code, compile warning),
# results/score.md (the scorer's report). Environment: AITG_SCAN_TIMEOUT (seconds per project, default 1200).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
mirror="${AITG_MIRROR:-/work/.mirror}"; only=""; skip_scan=0; peers=0
while [ $# -gt 0 ]; do case "$1" in
  --mirror) mirror="$2"; shift 2;; --only) only="$2"; shift 2;; --skip-scan) skip_scan=1; shift;; --peers) peers=1; shift;;
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
# One scan for both figures: audit-level findings are marked "[audit]" and scored only by the second scorer run.
export AITG_AUDIT=1
. "$here/restore-fix.sh"
start_all=$(date +%s)
if [ $peers -eq 1 ]; then
  . "$here/peers.sh"; run_peers
  exit 0
fi
if [ $skip_scan -eq 0 ]; then
  "$here/extract.sh" --mirror "$mirror" ${only:+--only "$only"} || exit 2
  echo "building the CLI once (Release)"
  dotnet build -c Release "$root/action/AiThreatGate.Cli" -o "$here/work/.cli" -v q -nologo || exit 2
  cli="$here/work/.cli/aithreatgate.dll"
  log="$results/scan-log.tsv"
  [ -n "$only" ] || printf 'repository\tproject\tseconds\texit\tcompile_errors\tremoved_packages\tsarif\n' > "$log"
  # A full run starts from no SARIF, so that a file of an earlier layout (one per project) is not scored again.
  [ -n "$only" ] || rm -f "$sarif"/*.sarif
  # A repository's listed projects are scanned together, as one solution (what `aithreatgate scan -p <solution>` does), so
  # that flows across them are seen: each project is restored on its own first (the feed fixes are per project), then a
  # solution of the listed projects is written to .aitg/bench.slnx and scanned once. One listed project is scanned alone.
  scan_target() { # repo key label target out
    local repo="$1" key="$2" label="$3" target="$4" out="$5" t0 t1 rc removed bumped ce
    echo "scanning $repo: $label"
    t0=$(date +%s)
    timeout "${AITG_SCAN_TIMEOUT:-1200}" dotnet "$cli" scan "$target" --output "$out" --allow-compile-errors --repo "$dir" \
      > "$results/${key}__${label//\//_}.log" 2>&1 < /dev/null
    rc=$?
    t1=$(date +%s)
    removed="$(tr '\n' ' ' < "$dir/.aitg/removed" 2>/dev/null)"; bumped="$(awk '{printf "%s@%s ", $1, $2}' "$dir/.aitg/bumped" 2>/dev/null)"
    ce=$(grep -c -E 'error CS[0-9]+|did not compile|failed to load|compile error' "$results/${key}__${label//\//_}.log" || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$repo" "$label" "$((t1-t0))" "$rc" "$ce" "${removed% }${bumped:+ raised: ${bumped% }}" "$(basename "$out")" >> "$log"
    echo "  $(basename "$out"): exit $rc in $((t1-t0)) s, compile-error lines: $ce"
  }
  jq -r '.repositories[] | [.repository, .mirror, (.projects | join("\u001f"))] | @tsv' "$here/manifest.json" |
  while IFS=$'\t' read -r repo key projects; do
    if [ -n "$only" ] && [ "$only" != "$repo" ] && [ "$only" != "$key" ]; then continue; fi
    dir="$work/$key"
    IFS=$'\x1f' read -r -a list <<< "$projects"
    present=()
    for project in "${list[@]}"; do
      if [ ! -f "$dir/$project" ]; then printf '%s\t%s\t0\tmissing\t\t\t\n' "$repo" "$project" >> "$log"; continue; fi
      present+=("$project")
    done
    [ ${#present[@]} -gt 0 ] || continue
    # Frameworks whose packs the feed lacks (netcoreapp1-3, net5, net6, net7 reference packages or hosts that are not
    # served): retarget the extracted copy to net8.0. The code is unchanged; only its target framework moves.
    retarget "$dir"
    for n in "${!present[@]}"; do
      fix_restore "$dir" "$dir/${present[$n]}" "$results/${key}__${n}.restore.log"
    done
    if [ ${#present[@]} -eq 1 ]; then
      scan_target "$repo" "$key" "${present[0]}" "$dir/${present[0]}" "$sarif/${key}__0.sarif"
      continue
    fi
    rm -f "$dir/.aitg/bench.slnx"
    if dotnet new sln -n bench -o "$dir/.aitg" --format slnx > /dev/null 2>&1 \
      && (cd "$dir" && dotnet sln .aitg/bench.slnx add "${present[@]}" > /dev/null 2>&1); then
      scan_target "$repo" "$key" "solution of ${#present[@]} projects" "$dir/.aitg/bench.slnx" "$sarif/${key}__all.sarif"
    else
      echo "  could not write a solution of the listed projects: scanning them one by one"
      for n in "${!present[@]}"; do
        scan_target "$repo" "$key" "${present[$n]}" "$dir/${present[$n]}" "$sarif/${key}__${n}.sarif"
      done
    fi
  done
fi
dotnet run -c Release --project "$here/Scorer" -- --manifest "$here/manifest.json" --sarif "$sarif" --work "$work" \
  --markdown "$results/score.md"
dotnet run -c Release --project "$here/Scorer" -- --manifest "$here/manifest.json" --sarif "$sarif" --work "$work" \
  --markdown "$results/score-audit.md" --audit --title "AiThreatGate accuracy, audit level on (aithreatgate.audit_rules = all)" | tail -1
echo "total: $(( $(date +%s) - start_all )) s"
