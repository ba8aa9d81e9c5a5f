#!/usr/bin/env bash
# Measures what the analyzers add to a build: a generated 2,000-file project (5% calling LLM/model APIs) built
#   none      - no analyzers at all (RunAnalyzers=false)
#   aitg      - the AiThreatGate analyzers
#   scs       - Security Code Scan (SecurityCodeScan.VS2019), as a peer
#   netsec    - NetAnalyzers with the taint rules CA3001 (SQL) and CA3006 (process) enabled, as a peer
#   sdk       - the .NET SDK's default analyzers only (what a new project runs anyway)
#   sdk-aitg  - the SDK's default analyzers plus AiThreatGate (AiThreatGate's cost on top of a default build)
# Each configuration gets one warm-up build; then RUNS rounds of measured rebuilds (--no-incremental), the configurations
# interleaved within each round so machine drift hits all of them alike. Median reported. Finally one aitg build with
# -p:ReportAnalyzer=true prints the compiler's own per-analyzer times.
# Usage: bash bench/analyzer-overhead/run.sh [RUNS]   (from the repository root)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
python3 "$root/bench/analyzer-overhead/generate.py" "$work" 2000 >/dev/null
dotnet build "$root/analyzers/AiThreatGate.Analyzers/AiThreatGate.Analyzers.csproj" -c Release --nologo -v quiet >/dev/null
analyzer_dll="$root/analyzers/AiThreatGate.Analyzers/bin/Release/netstandard2.0/AiThreatGate.Analyzers.dll"

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
    <Compile Include="$root/tests/AiThreatGate.Stubs/*.cs" />
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
configs=(none aitg sdk sdk-aitg scs netsec)
declare -A times
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
    dotnet build -p:Config=$config --no-restore --no-incremental --nologo -v quiet -clp:NoSummary > "build-$config.log" 2>&1 || { cat "build-$config.log"; exit 1; }
    end=$(date +%s.%N)
    times[$config]="${times[$config]:-} $(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", e - s}')"
  done
  echo "round $round done" >&2
done
results=()
for config in "${configs[@]}"; do
  median=$(printf '%s\n' ${times[$config]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  findings=$(grep -cE "warning (AITG|SCS|CA300)" "build-$config.log" || true)
  crashes=$(grep -c "AD0001" "build-$config.log" || true)
  results+=("$config $median findings=$findings AD0001=$crashes")
  echo "$config: median ${median}s (runs:${times[$config]}), findings $findings, AD0001 $crashes"
done

base=$(echo "${results[0]}" | awk '{print $2}')
sdk=$(echo "${results[2]}" | awk '{print $2}')
for line in "${results[@]}"; do
  set -- $line
  echo "$1: $(awk -v t="$2" -v b="$base" 'BEGIN {printf "%.1f", (t - b) * 100 / b}')% over no analyzers"
done
echo "sdk-aitg: $(echo "${results[3]}" | awk -v b="$sdk" '{printf "%.1f", ($2 - b) * 100 / b}')% over the SDK's default analyzers"

# The compiler's own accounting of analyzer time (per analyzer assembly and per rule type).
dotnet restore -p:Config=aitg --nologo -v quiet >/dev/null
dotnet build -p:Config=aitg --no-restore --no-incremental --nologo -v:d -p:ReportAnalyzer=true > build-report.log 2>&1 || { tail -50 build-report.log; exit 1; }
echo "ReportAnalyzer (aitg):"
grep -E "Total analyzer execution time|AiThreatGate\.Analyzers\.Rules\.|AiThreatGate.Analyzers, Version" build-report.log | sed 's/^ *//' | sort -u | head -40
if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
