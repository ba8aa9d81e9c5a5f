#!/usr/bin/env bash
# Measures what flows across projects cost (issue 16): a generated layered solution (generate.py) of each SIZE is
# restored once, then in ROUNDS rounds, interleaved, two commands of the published CLI run on it:
#   summaries  - `aithreatgate summaries`: load (restore check, MSBuildWorkspace, compile) + every project's summaries
#   scan       - `aithreatgate scan`: the same summaries, then every project analyzed with them (SARIF written)
# Recorded per run: wall-clock seconds and peak resident memory (GNU time), and from the summaries command its own
# split of load time and summarizing time. Min / median / max reported. Each scan's SARIF must hold the cross-project
# findings the generated code carries (two per top-layer app, none for the allowlisted look-alike), or the run fails:
# a benchmark that stopped finding the flows would measure nothing.
# Usage: bash bench/cross-project/run.sh [ROUNDS] [SIZES]   e.g. bash bench/cross-project/run.sh 3 "50 200"
set -euo pipefail
rounds=${1:-3}
sizes=${2:-"50 200"}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish "$root/action/AiThreatGate.Cli/AiThreatGate.Cli.csproj" -c Release -o "$work/cli" --nologo -v quiet >/dev/null
cli="$work/cli/aithreatgate.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for size in $sizes; do
  python3 "$root/bench/cross-project/generate.py" "$work/s$size" "$size" >&2
  dotnet restore "$work/s$size/Bench.slnx" -v quiet --nologo >/dev/null
done

results="$work/results.tsv"
: > "$results"
for round in $(seq 1 "$rounds"); do
  for size in $sizes; do
    dir="$work/s$size"
    /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$cli" summaries "$dir/Bench.slnx" -o "$dir/aithreatgate.summaries.out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r wall rss < "$work/time"
    split=$(grep -o 'loaded in [0-9.]* s, summarized in [0-9.]* s' "$work/err" | awk '{print $3, $7}')
    entries=$(grep -c -v '^#' "$dir/aithreatgate.summaries.out")
    printf 'summaries\t%s\t%s\t%s\t%s\t%s\n' "$size" "$wall" "$rss" "$split" "$entries" >> "$results"

    /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$cli" scan "$dir/Bench.slnx" --output "$dir/scan.sarif" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r wall rss < "$work/time"
    found=$(python3 - "$dir/scan.sarif" "$size" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
crossing = [r for r in results if r["ruleId"] == "AITG010"]
print(len(crossing))
PY
)
    printf 'scan\t%s\t%s\t%s\t-\t%s\n' "$size" "$wall" "$rss" "$found" >> "$results"
    echo "round $round, $size projects: done" >&2
  done
done

python3 - "$results" "$sizes" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
sizes = sys.argv[2].split()
def spread(values):
    values = sorted(values)
    return f"{values[0]:.1f} / {statistics.median(values):.1f} / {values[-1]:.1f}"
print("| command | projects | wall s (min / median / max) | peak RSS MB (min / median / max) | load s / summarize s (median) | output |")
print("|---|---|---|---|---|---|")
for command in ("summaries", "scan"):
    for size in sizes:
        mine = [r for r in rows if r[0] == command and r[1] == size]
        wall = [float(r[2]) for r in mine]
        rss = [int(r[3]) / 1024 for r in mine]
        split = "-"
        if command == "summaries":
            load = statistics.median(float(r[4].split()[0]) for r in mine)
            summarize = statistics.median(float(r[4].split()[1]) for r in mine)
            split = f"{load:.1f} / {summarize:.1f}"
        output = sorted({r[5] for r in mine})
        unit = "entries" if command == "summaries" else "AITG010 findings"
        print(f"| {command} | {size} | {spread(wall)} | {spread(rss)} | {split} | {', '.join(output)} {unit} |")
print()
print("runs (command, projects, wall s, peak RSS KB, load/summarize s, output):")
for r in rows:
    print("  " + " ".join(r))
PY

# Every top-layer app has two risky flows across projects and one allowlisted look-alike.
python3 - "$results" <<'PY'
import sys
for r in (line.rstrip("\n").split("\t") for line in open(sys.argv[1])):
    if r[0] == "scan":
        size = int(r[1]); width = 10; layers = (size + width - 1) // width
        apps = size - (layers - 1) * width if layers >= 3 else 0
        if int(r[5]) != 2 * apps:
            sys.exit(f"scan of {size} projects reported {r[5]} AITG010 findings, expected {2 * apps}: the benchmark no longer measures the flows")
PY
