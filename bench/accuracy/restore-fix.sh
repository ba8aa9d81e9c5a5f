# Sourced by run.sh: make an extracted third-party project restore against the packages this machine's feed serves.
# Nothing in the product changes; only the extracted copy under work/ and an injected MSBuild file do.
#
# Every project of a repository imports work/<key>/.aitg/after.targets through CustomAfterMicrosoftCommonTargets
# (an environment variable, so it reaches `dotnet restore`, `dotnet build` and the scan's MSBuildWorkspace alike).
# Being imported after the project body, it wins over the repository's own settings:
#   - warnings stay warnings (TreatWarningsAsErrors=false, NU1603/NU1605/NU1608/NU1701/NU1109 not errors, no audit);
#   - central package management: no transitive pinning (NU1109 downgrades come from pinned transitive versions);
#   - packages the feed does not serve are removed (PackageReference/PackageVersion Remove), listed in .aitg/removed;
#     the served packages they depend on (unserved-dependencies.tsv) are referenced directly, listed in .aitg/pinned;
#   - a package whose pinned version is below what another package needs (NU1605/NU1109 downgrade) is raised to the
#     needed version (Update), listed in .aitg/bumped; one asked in a version newer than any the feed serves (NU1102
#     with a nearest version) is lowered to the newest served version, listed there too, before it is ever removed;
#   - with AITG_PEERS set, .aitg/peers.targets (written by run.sh --peers) adds the peer analyzers.

retarget() { # dir: old target frameworks whose packs are not served -> net8.0
  find "$1" -name '*.csproj' -not -path '*/node_modules/*' -print0 | xargs -0 -r sed -i -E \
    -e 's#<TargetFramework>(netcoreapp[123]\.[0-9]|net5\.0|net6\.0|net7\.0)(-[a-z]+)?</TargetFramework>#<TargetFramework>net8.0</TargetFramework>#' \
    -e '/<TargetFrameworks>/ s#(netcoreapp[123]\.[0-9]|net5\.0|net6\.0|net7\.0)#net8.0#g' \
    -e '/<RuntimeFrameworkVersion>/d'
  find "$1" \( -name 'Directory.Build.props' -o -name '*.props' \) -not -path '*/node_modules/*' -not -path '*/.aitg/*' -print0 | xargs -0 -r sed -i -E \
    's#<TargetFramework>(netcoreapp[123]\.[0-9]|net5\.0|net6\.0|net7\.0)</TargetFramework>#<TargetFramework>net8.0</TargetFramework>#'
}

write_after_targets() { # dir
  local dir="$1" a="$1/.aitg"
  mkdir -p "$a"; touch "$a/removed" "$a/bumped" "$a/pinned"
  {
    echo '<Project>'
    echo '  <!-- Written by bench/accuracy/restore-fix.sh: build settings for the benchmark copy only. -->'
    echo '  <PropertyGroup>'
    echo '    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>'
    echo '    <MSBuildTreatWarningsAsErrors>false</MSBuildTreatWarningsAsErrors>'
    echo '    <CodeAnalysisTreatWarningsAsErrors>false</CodeAnalysisTreatWarningsAsErrors>'
    echo '    <WarningsAsErrors></WarningsAsErrors>'
    echo '    <NoWarn>$(NoWarn);NU1603;NU1605;NU1608;NU1701;NU1109;NU1510;NU1900;NU1901;NU1902;NU1903;NU1904</NoWarn>'
    echo '    <WarningsNotAsErrors>$(WarningsNotAsErrors);NU1603;NU1605;NU1608;NU1701;NU1109;NU1510;NU1900;NU1901;NU1902;NU1903;NU1904</WarningsNotAsErrors>'
    echo '    <NuGetAudit>false</NuGetAudit>'
    echo '    <CentralPackageTransitivePinningEnabled>false</CentralPackageTransitivePinningEnabled>'
    echo '    <UseAppHost>false</UseAppHost>'
    echo '    <EnforceCodeStyleInBuild>false</EnforceCodeStyleInBuild>'
    echo '    <AzureCosmosDisableNewtonsoftJsonCheck>true</AzureCosmosDisableNewtonsoftJsonCheck>'
    echo '  </PropertyGroup>'
    echo '  <ItemGroup>'
    sort -u "$a/removed" | while read -r p; do [ -n "$p" ] && echo "    <PackageReference Remove=\"$p\" /><PackageVersion Remove=\"$p\" /><GlobalPackageReference Remove=\"$p\" />"; done
    sort -u "$a/bumped" | while read -r p v; do [ -n "$p" ] && echo "    <PackageReference Update=\"$p\" Version=\"$v\" Condition=\"'\$(ManagePackageVersionsCentrally)' != 'true'\" /><PackageVersion Update=\"$p\" Version=\"$v\" />"; done
    sort -u "$a/pinned" | while read -r p v; do [ -n "$p" ] && echo "    <PackageReference Include=\"$p\" Version=\"$v\" Condition=\"'\$(ManagePackageVersionsCentrally)' != 'true'\" /><PackageVersion Include=\"$p\" Version=\"$v\" Condition=\"'\$(ManagePackageVersionsCentrally)' == 'true'\" /><PackageReference Include=\"$p\" Condition=\"'\$(ManagePackageVersionsCentrally)' == 'true'\" />"; done
    echo '  </ItemGroup>'
    # The scan runs with the analyzers' audit level on (AITG_AUDIT, run.sh); the scorer leaves audit findings out
    # unless asked (--audit), so one scan gives both figures.
    printf 'is_global = true\naithreatgate.audit_rules = all\n' > "$a/audit.globalconfig"
    # AITG_MAX_DEPTH=N measures another summary depth than the default (an experiment, not the published figures).
    if [ -n "${AITG_MAX_DEPTH:-}" ]; then printf 'aithreatgate.llm_output_max_depth = %s\n' "$AITG_MAX_DEPTH" >> "$a/audit.globalconfig"; fi
    echo "  <ItemGroup Condition=\"'\$(AITG_AUDIT)' != ''\"><EditorConfigFiles Include=\"$a/audit.globalconfig\" /></ItemGroup>"
    echo "  <Import Project=\"$a/peers.targets\" Condition=\"'\$(AITG_PEERS)' != '' and Exists('$a/peers.targets')\" />"
    echo '</Project>'
  } > "$a/after.targets"
}

use_after_targets() { # dir: point MSBuild at the repository's injected file
  write_after_targets "$1"
  export CustomAfterMicrosoftCommonTargets="$1/.aitg/after.targets" CustomAfterMicrosoftCommonCrossTargetingTargets="$1/.aitg/after.targets"
}

retarget_newest() { # dir: net8.0/net9.0 -> net10.0, for packages whose only served versions need it (NU1202)
  find "$1" \( -name '*.csproj' -o -name '*.props' \) -not -path '*/node_modules/*' -not -path '*/.aitg/*' -print0 | xargs -0 -r sed -i -E \
    -e 's#<TargetFramework>net[89]\.0</TargetFramework>#<TargetFramework>net10.0</TargetFramework>#' \
    -e '/<TargetFrameworks>/ s#net[89]\.0#net10.0#g'
}

fix_restore() { # dir project logfile: restore; on errors the feed explains, adjust .aitg and try again (12 rounds)
  local dir="$1" project="$2" log="$3" round out changed pkg from parents
  use_after_targets "$dir"
  : > "$log"
  local newest=0
  for round in 1 2 3 4 5 6 7 8 9 10 11 12; do
    out="$(timeout 600 dotnet restore "$project" 2>&1 < /dev/null)"; local rc=$?
    echo "== round $round: exit $rc" >> "$log"; echo "$out" | grep -E 'error|warn NU11' | sort -u >> "$log"
    [ $rc -ne 0 ] || return 0
    changed=0
    # NU1102 with a nearest version: the feed serves only older versions of a package (Azure.Search.Documents 11.5.1
    # where 11.6.0 is asked). The newest served one is used (listed in .aitg/bumped), once: an API that changed little
    # between the two still binds. If the package still cannot be restored, it is removed below in a later round.
    local downgraded=" "
    while read -r pkg nearest; do
      [ -n "$pkg" ] || continue
      if ! grep -qixF "$pkg" "$dir/.aitg/removed" && ! grep -qi "^$pkg $nearest\$" "$dir/.aitg/bumped"; then
        sed -i "/^$pkg /Id" "$dir/.aitg/bumped"; echo "$pkg $nearest" >> "$dir/.aitg/bumped"; changed=1; downgraded+="$pkg "
      fi
    done < <(echo "$out" | awk '
      /error NU1102: Unable to find package/ { for (i = 1; i <= NF; i++) if ($i == "package") pkg = $(i + 1); next }
      /error NU1102:.*Nearest version:/ && pkg != "" { v = $0; sub(/.*Nearest version: /, "", v); sub(/ .*/, "", v); print pkg, v; pkg = "" }' | sort -u)
    # NU1101/NU1102: the feed has no (acceptable) version. A direct reference is removed; a package that only comes
    # transitively is removed through its direct parent when the parent's id is a prefix of it (MediatR.Contracts).
    for pkg in $(echo "$out" | grep -o -E 'error NU110[12]: Unable to find package [A-Za-z0-9._-]+' | awk '{print $NF}' | sed 's/\.$//' | sort -u); do
      case "$downgraded" in *" $pkg "*) continue;; esac
      if grep -rqiE --include='*.csproj' --include='*.props' --include='*.targets' "Include=\"$pkg\"" "$dir" --exclude-dir=.aitg; then
        grep -qixF "$pkg" "$dir/.aitg/removed" || { echo "$pkg" >> "$dir/.aitg/removed"; changed=1; }
      else
        parents=$(grep -rhoiE --include='*.csproj' --include='*.props' 'Include="[A-Za-z0-9._-]+"' "$dir" --exclude-dir=.aitg | sed -E 's/Include="(.*)"/\1/' | sort -u |
          while read -r p; do case "${pkg,,}" in "${p,,}".*) echo "$p";; esac; done)
        for p in $parents; do grep -qixF "$p" "$dir/.aitg/removed" || { echo "$p" >> "$dir/.aitg/removed"; changed=1; }; done
      fi
    done
    # A removed package's served dependencies (unserved-dependencies.tsv) are referenced directly: code that uses them
    # through the removed package (BotSharp's Dapper calls, via EntityFrameworkCore.BootKit) still binds.
    while IFS=$'\t' read -r pkg dep version _; do
      case "$pkg" in ''|'#'*) continue;; esac
      if grep -qixF "$pkg" "$dir/.aitg/removed" && ! grep -qi "^$dep " "$dir/.aitg/pinned"; then
        echo "$dep $version" >> "$dir/.aitg/pinned"; changed=1
      fi
    done < "$(dirname "${BASH_SOURCE[0]}")/unserved-dependencies.tsv"
    # NU1605/NU1109: "Detected package downgrade: P from A to B": raise P to A.
    while read -r pkg from; do
      [ -n "$pkg" ] || continue
      if ! grep -q "^$pkg $from\$" "$dir/.aitg/bumped"; then
        sed -i "/^$pkg /d" "$dir/.aitg/bumped"; echo "$pkg $from" >> "$dir/.aitg/bumped"; changed=1
      fi
    done < <(echo "$out" | grep -o -E 'Detected package downgrade: [A-Za-z0-9._-]+ from [^ ]+' | awk '{print $4, $6}' | sort -u)
    # NU1107: two parents need incompatible versions of a package; NuGet names the version to reference directly.
    while read -r pkg version; do
      [ -n "$pkg" ] || continue
      grep -q "^$pkg $version\$" "$dir/.aitg/pinned" || { sed -i "/^$pkg /d" "$dir/.aitg/pinned"; echo "$pkg $version" >> "$dir/.aitg/pinned"; changed=1; }
    done < <(echo "$out" | grep -o -E 'Install/reference [A-Za-z0-9._-]+ [^ ]+ directly' | awk '{print $2, $3}' | sort -u)
    # NU1202: the served versions of a package need a newer framework. Move the copy to net10.0 once; if that is not
    # enough, remove the package.
    if echo "$out" | grep -q 'error NU1202'; then
      if [ $newest -eq 0 ]; then newest=1; changed=1; retarget_newest "$dir"; echo "retargeted to net10.0 (NU1202)" >> "$log"
      else
        for pkg in $(echo "$out" | grep -o -E 'error NU1202: Package [A-Za-z0-9._-]+' | awk '{print $NF}' | sort -u); do
          grep -qixF "$pkg" "$dir/.aitg/removed" || { echo "$pkg" >> "$dir/.aitg/removed"; changed=1; }
        done
      fi
    fi
    [ $changed -eq 1 ] || return 1
    write_after_targets "$dir"
  done
  return 1
}
