#!/usr/bin/env bash
# Measures what the analyzers add to a build: a generated 2,000-file project (5% calling LLM/model APIs) built
#   none      - no analyzers at all (RunAnalyzers=false)
#   base      - analyzers on, but neither NetAnalyzers nor AiThreatGate: the analyzers that ship inside the framework's
#               reference pack (the interop and logging generators' analyzers) still run, as in any build that runs
#               analyzers; the build AiThreatGate's package is added to when a project turns NetAnalyzers off
#   aitg      - the AiThreatGate analyzers (beside the reference pack's, as in base)
#   scs       - Security Code Scan (SecurityCodeScan.VS2019), as a peer
#   netsec    - NetAnalyzers with the taint rules CA3001 (SQL) and CA3006 (process) enabled, as a peer
#   sdk       - the .NET SDK's default analyzers only (what a new project runs anyway)
#   sdk-aitg  - the SDK's default analyzers plus AiThreatGate (AiThreatGate's cost on top of a default build)
# Each configuration gets one warm-up build; then RUNS rounds of measured rebuilds (--no-incremental), the configurations
# interleaved within each round so machine drift hits all of them alike. Min and median reported, and the paired
# differences per round (the two builds of a pair run back to back in a round): aitg over none, aitg over base, sdk-aitg
# over sdk. Finally one build per configuration with -p:ReportAnalyzer=true prints the compiler's own analyzer times.
# CPU=1 also records the CPU time (user + system) each build spends, with the compiler server and MSBuild node reuse
# off so every compiler process is a child of the timed build; CPU time is far steadier than wall-clock time on a
# shared machine. CONFIGS="none aitg" picks configurations.
# Usage: bash bench/analyzer-overhead/run.sh [RUNS]   (from the repository root)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
python3 "$root/bench/analyzer-overhead/generate.py" "$work" 2000 >/dev/null
dotnet build "$root/analyzers/AiThreatGate.Analyzers/AiThreatGate.Analyzers.csproj" -c Release --nologo -v quiet >/dev/null
analyzer_dll="$root/analyzers/AiThreatGate.Analyzers/bin/Release/netstandard2.0/AiThreatGate.Analyzers.dll"
# ONNX Runtime's managed API comes from its real package (no native runtime: nothing runs a model).

cat > "$work/Bench.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>disable</Nullable>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <NoWarn>\$(NoWarn);CS8981;NU1603;SYSLIB0011</NoWarn>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <EnableNETAnalyzers Condition="'\$(Config)' != 'netsec' and '\$(Config)' != 'sdk' and '\$(Config)' != 'sdk-aitg'">false</EnableNETAnalyzers>
    <RunAnalyzers Condition="'\$(Config)' == 'none'">false</RunAnalyzers>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="src/*.cs" />
    <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.31.1" />
    <PackageReference Include="OpenAI" Version="2.15.0" />
    <PackageReference Include="Microsoft.Data.Sqlite" Version="10.0.11" />
    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="10.11.0" />
    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="10.0.10" />
  </ItemGroup>
  <ItemGroup Condition="'\$(Config)' == 'aitg' or '\$(Config)' == 'sdk-aitg'">
    <Analyzer Include="$analyzer_dll" />
  </ItemGroup>
  <ItemGroup Condition="'\$(Config)' == 'netsec'">
    <GlobalAnalyzerConfigFiles Include="netsec.globalconfig" />
  </ItemGroup>
  <ItemGroup Condition="'\$(Config)' == 'scs'">
    <PackageReference Include="SecurityCodeScan.VS2019" Version="5.6.7" PrivateAssets="all" />
  </ItemGroup>
</Project>
PROJ
# The taint rules are raised for the netsec configuration only: the sdk configurations keep the SDK's defaults.
cat > "$work/netsec.globalconfig" <<'CFG'
is_global = true
dotnet_diagnostic.CA3001.severity = warning
dotnet_diagnostic.CA3006.severity = warning
CFG
cat > "$work/Directory.Build.props" <<'P'
<Project />
P
cp "$root/nuget.config" "$work/"

cd "$work"
read -r -a configs <<< "${CONFIGS:-none base aitg sdk sdk-aitg scs netsec}"
declare -A times
declare -A cpu
build_flags=()
if [ -n "${CPU:-}" ]; then build_flags=(-p:UseSharedCompilation=false -nodeReuse:false -m:1); fi
for config in "${configs[@]}"; do
  dotnet restore -p:Config=$config --nologo -v quiet >/dev/null
  # A failed build would time as a fast one: fail loudly instead.
  dotnet build -p:Config=$config --no-restore --nologo -v quiet > "build-$config.log" 2>&1 || { cat "build-$config.log"; exit 1; }
done
for round in $(seq "$runs"); do
  for config in "${configs[@]}"; do
    # Restore once per switch: the configurations share obj/, and each has its own package set.
    dotnet restore -p:Config=$config --nologo -v quiet >/dev/null
    start=$(date +%s.%N)
    before=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    dotnet build -p:Config=$config "${build_flags[@]}" --no-restore --no-incremental --nologo -v quiet -clp:NoSummary > "build-$config.log" 2>&1 || { cat "build-$config.log"; exit 1; }
    end=$(date +%s.%N)
    # utime + stime + cutime + cstime of this shell, in clock ticks: the CPU time of the finished build's processes.
    after=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    times[$config]="${times[$config]:-} $(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", e - s}')"
    cpu[$config]="${cpu[$config]:-} $(awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (a - b) / hz}')"
  done
  echo "round $round done" >&2
done
results=()
cpu_results=()
for config in "${configs[@]}"; do
  median=$(printf '%s\n' ${times[$config]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  findings=$(grep -cE "warning (AITG|SCS|CA300)" "build-$config.log" || true)
  crashes=$(grep -c "AD0001" "build-$config.log" || true)
  results+=("$config $median findings=$findings AD0001=$crashes")
  echo "$config: median ${median}s, min $(printf '%s\n' ${times[$config]} | sort -g | head -1)s (runs:${times[$config]}), findings $findings, AD0001 $crashes"
  if [ -n "${CPU:-}" ]; then
    cpu_median=$(printf '%s\n' ${cpu[$config]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    cpu_results+=("$config $cpu_median")
    echo "$config: CPU median ${cpu_median}s, min $(printf '%s\n' ${cpu[$config]} | sort -g | head -1)s (runs:${cpu[$config]})"
  fi
done

overheads() {
  local label=$1; shift
  local none base
  none=$(printf '%s\n' "$@" | awk '$1 == "none" {print $2}')
  base=$(printf '%s\n' "$@" | awk '$1 == "base" {print $2}')
  for line in "$@"; do
    set -- $line
    if [ -n "$none" ]; then echo "$label $1: $(awk -v t="$2" -v b="$none" 'BEGIN {printf "%.1f", (t - b) * 100 / b}')% over no analyzers"; fi
    if [ -n "$base" ] && [ "$1" = aitg ]; then echo "$label $1: $(awk -v t="$2" -v b="$base" 'BEGIN {printf "%.1f", (t - b) * 100 / b}')% over the reference pack's analyzers alone (base)"; fi
  done
}
overheads "wall" "${results[@]}"

# Paired differences: per round, the second configuration over the first, then their median and range.
paired() { # label series(times|cpu) base config
  local label=$1 series=$2 base=$3 config=$4 a b
  local -n values=$series
  [ -n "${values[$base]:-}" ] && [ -n "${values[$config]:-}" ] || return 0
  read -r -a a <<< "${values[$base]}"; read -r -a b <<< "${values[$config]}"
  local diffs=() i
  for i in "${!a[@]}"; do diffs+=("$(awk -v t="${b[$i]}" -v s="${a[$i]}" 'BEGIN {printf "%.1f", (t - s) * 100 / s}')"); done
  echo "$label paired $config over $base: ${diffs[*]} % (median $(printf '%s\n' "${diffs[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')%, min over min $(awk -v t="$(printf '%s\n' ${values[$config]} | sort -g | head -1)" -v s="$(printf '%s\n' ${values[$base]} | sort -g | head -1)" 'BEGIN {printf "%.1f", (t - s) * 100 / s}')%)"
}
for pair in "none aitg" "base aitg" "sdk sdk-aitg"; do paired wall times $pair; done
[ -z "${CPU:-}" ] || for pair in "none aitg" "base aitg" "sdk sdk-aitg"; do paired cpu cpu $pair; done
sdk=$(printf '%s\n' "${results[@]}" | awk '$1 == "sdk" {print $2}')
sdk_aitg=$(printf '%s\n' "${results[@]}" | awk '$1 == "sdk-aitg" {print $2}')
if [ -n "$sdk" ] && [ -n "$sdk_aitg" ]; then echo "wall sdk-aitg: $(awk -v t="$sdk_aitg" -v b="$sdk" 'BEGIN {printf "%.1f", (t - b) * 100 / b}')% over the SDK's default analyzers"; fi
if [ -n "${CPU:-}" ]; then
  overheads "cpu" "${cpu_results[@]}"
  sdk=$(printf '%s\n' "${cpu_results[@]}" | awk '$1 == "sdk" {print $2}')
  sdk_aitg=$(printf '%s\n' "${cpu_results[@]}" | awk '$1 == "sdk-aitg" {print $2}')
  if [ -n "$sdk" ] && [ -n "$sdk_aitg" ]; then echo "cpu sdk-aitg: $(awk -v t="$sdk_aitg" -v b="$sdk" 'BEGIN {printf "%.1f", (t - b) * 100 / b}')% over the SDK's default analyzers"; fi
fi

# The compiler's own accounting of analyzer time: per analyzer assembly for every configuration that runs analyzers,
# and per rule type for AiThreatGate. Summed over threads, it is steadier than any wall-clock difference.
for config in "${configs[@]}"; do
  [ "$config" = none ] && continue
  dotnet restore -p:Config=$config --nologo -v quiet >/dev/null
  dotnet build -p:Config=$config --no-restore --no-incremental --nologo -v:d -p:ReportAnalyzer=true > "build-report-$config.log" 2>&1 || { tail -50 "build-report-$config.log"; exit 1; }
  echo "ReportAnalyzer ($config): $(grep -m1 -E "Total analyzer execution time" "build-report-$config.log" | sed 's/^ *//')"
  grep -E "^ *[0-9<.]+ +[0-9<]+ +[A-Za-z].*, Version=" "build-report-$config.log" | sed "s/^ */  /" | sort -u | sort -rn | head -4
  if [ "$config" = aitg ]; then
    grep -E "AiThreatGate\.Analyzers\.Rules\." "build-report-$config.log" | sed 's/^ */  /' | sort -u | head -30
  fi
done
if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
