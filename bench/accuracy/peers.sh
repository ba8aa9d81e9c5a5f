# Sourced by run.sh --peers: the peer analyzers on the same corpus and labels.
# Each listed project is analyzed twice by PeerScan/ (the loader of `aithreatgate scan`: restore, MSBuildWorkspace,
# compile errors tolerated, the project's own analyzers run on every compilation, SARIF 2.1 out); with
# AITG_PEERS_BUILD=1 it is built instead (Release, the compiler's ErrorLog; the compiler skips analyzers on projects
# that fail declaration binding, which is why the scan's loader is the default):
#   default: Security Code Scan (NuGet SecurityCodeScan.VS2019) with its built-in settings, and the .NET SDK's
#            NetAnalyzers with AnalysisModeSecurity=All (CA2100, CA2300-CA2330, CA3001-CA3012, CA5350-CA5405 as warnings);
#   audit:   the same with a project SecurityCodeScan.config.yml (an AdditionalFiles item, the file name is what SCS looks
#            for) that sets AuditMode: true (SCS then also reports sinks whose input it cannot prove constant).
# The analyzers come in through .aitg/peers.targets, imported by the injected after-targets (restore-fix.sh) when
# AITG_PEERS is set; nothing in the repositories' own files changes.
scs_version="${AITG_SCS_VERSION:-5.6.7}"

write_peers_targets() { # dir
  local a="$1/.aitg"
  mkdir -p "$a/scs-default" "$a/scs-audit"
  printf 'Version: 3.1\nReportAnalysisCompletion: true\n' > "$a/scs-default/SecurityCodeScan.config.yml"
  printf 'Version: 3.1\nReportAnalysisCompletion: true\nAuditMode: true\n' > "$a/scs-audit/SecurityCodeScan.config.yml"
  cat > "$a/peers.targets" <<XML
<Project>
  <!-- Written by bench/accuracy/peers.sh: peer analyzers for the benchmark copy only. -->
  <PropertyGroup>
    <EnableNETAnalyzers>true</EnableNETAnalyzers>
    <AnalysisModeSecurity>All</AnalysisModeSecurity>
    <RunAnalyzers>true</RunAnalyzers>
    <RunAnalyzersDuringBuild>true</RunAnalyzersDuringBuild>
    <ErrorLog>\$(AITG_PEER_SARIF_DIR)/\$(MSBuildProjectName)-\$(TargetFramework).sarif,version=2.1</ErrorLog>
  </PropertyGroup>
  <ItemGroup>
    <!-- Central package management forbids a Version here (NU1008): a PackageVersion item then gives it. -->
    <PackageReference Include="SecurityCodeScan.VS2019" Version="$scs_version" PrivateAssets="all" Condition="'\$(ManagePackageVersionsCentrally)' != 'true'" />
    <PackageVersion Include="SecurityCodeScan.VS2019" Version="$scs_version" Condition="'\$(ManagePackageVersionsCentrally)' == 'true'" />
    <PackageReference Include="SecurityCodeScan.VS2019" PrivateAssets="all" Condition="'\$(ManagePackageVersionsCentrally)' == 'true'" />
    <AdditionalFiles Include="$a/scs-\$(AITG_PEER_MODE)/SecurityCodeScan.config.yml" />
  </ItemGroup>
</Project>
XML
}

run_peers() {
  local log="$results/peers-log.tsv" psarif="$here/sarif-peers"; mkdir -p "$psarif"
  [ -n "$only" ] || printf 'repository\tproject\tmode\tseconds\texit\tcompile_errors\tsarif_files\tscs_ran\n' > "$log"
  "$here/extract.sh" --mirror "$mirror" ${only:+--only "$only"} || exit 2
  export AITG_PEERS=1
  peer_scan="$work/.peer-scan/peer-scan.dll"
  if [ "${AITG_PEERS_BUILD:-0}" != 1 ]; then
    echo "building peer-scan once (Release)"
    dotnet build -c Release "$here/PeerScan" -o "$work/.peer-scan" -v q -nologo || exit 2
  fi
  jq -r '.repositories[] | .repository as $r | .mirror as $m | .projects | to_entries[] | [$r, $m, (.key|tostring), .value] | @tsv' "$here/manifest.json" |
  while IFS=$'\t' read -r repo key n project; do
    if [ -n "$only" ] && [ "$only" != "$repo" ] && [ "$only" != "$key" ]; then continue; fi
    dir="$work/$key"
    # Only projects that hold a site of a kind some peer has a rule for (the site's file under the project's folder, or
    # the repository's only project): the other projects cannot change the peers' scores. AITG_PEERS_ALL=1 builds all.
    if [ -z "${AITG_PEERS_ALL:-}" ] && ! jq -e --arg r "$repo" --arg p "$project" --slurpfile pk "$here/peer-kinds.json" '
        ($pk[0] | to_entries | map(select(.value|type=="array" and length>0)) | map(.key)) as $ck
        | .repositories[] | select(.repository==$r) | (.projects|length) as $np | ($p | split("/") | .[:-1] | join("/")) as $d
        | [.sites[] | select(.kind as $k | $ck | index($k)) | select($np==1 or $d=="" or (.path | startswith($d + "/")))] | length > 0' \
        "$here/manifest.json" > /dev/null; then continue; fi
    [ -f "$dir/$project" ] || { printf '%s\t%s\t-\t0\tmissing\t\t\t\n' "$repo" "$project" >> "$log"; continue; }
    retarget "$dir"; write_peers_targets "$dir"
    export AITG_PEER_MODE=default
    fix_restore "$dir" "$dir/$project" "$results/${key}__${n}.peers-restore.log"
    for mode in default audit; do
      export AITG_PEER_MODE=$mode AITG_PEER_SARIF_DIR="$work/.peer-sarif/${key}__${n}__$mode"
      if [ "${AITG_PEERS_BUILD:-0}" = 1 ] || [ "$mode" = default ]; then rm -rf "$AITG_PEER_SARIF_DIR"; mkdir -p "$AITG_PEER_SARIF_DIR"; fi
      rm -f "$psarif/${key}__${n}__"*".peer-$mode.sarif"
      echo "peers ($mode): $repo: $project"
      t0=$(date +%s)
      if [ "${AITG_PEERS_BUILD:-0}" = 1 ]; then
        # The compiler's own run (the earlier method): it skips analyzers on projects that fail declaration binding.
        # --no-incremental: the audit build must run the analyzers again. ContinueOnError: a project reference that
        # does not compile does not stop the projects that use it.
        timeout "${AITG_SCAN_TIMEOUT:-1200}" dotnet build "$dir/$project" -c Release --no-restore --no-incremental -nologo -v q \
          -p:ContinueOnError=true -p:TreatWarningsAsErrors=false -p:AnalysisModeSecurity=All -p:EnableNETAnalyzers=true \
          > "$results/${key}__${n}.peers-$mode.log" 2>&1 < /dev/null
      elif [ "$mode" = default ]; then
        # Default: the same loader as `aithreatgate scan` (MSBuildWorkspace, compile errors tolerated), with the
        # project's own analyzers, which the injected peers.targets makes SCS and NetAnalyzers: equal terms. One load
        # serves both modes: the audit run swaps in SCS's audit configuration.
        audit_dir="$work/.peer-sarif/${key}__${n}__audit"; rm -rf "$audit_dir"; mkdir -p "$audit_dir"
        timeout "${AITG_SCAN_TIMEOUT:-1200}" dotnet "$peer_scan" "$dir/$project" "$AITG_PEER_SARIF_DIR/peer-scan.sarif" \
          --scs-config "$dir/.aitg/scs-audit/SecurityCodeScan.config.yml" "$audit_dir/peer-scan.sarif" \
          > "$results/${key}__${n}.peers-$mode.log" 2>&1 < /dev/null
        scan_rc=$?
        cp "$results/${key}__${n}.peers-default.log" "$results/${key}__${n}.peers-audit.log"
        (exit $scan_rc)
      else
        (exit $scan_rc) # the audit results were written by the default mode's run
      fi
      rc=$?; t1=$(date +%s)
      nf=0
      for f in "$AITG_PEER_SARIF_DIR"/*.sarif; do
        [ -f "$f" ] || continue
        cp "$f" "$psarif/${key}__${n}__$(basename "$f" .sarif).peer-$mode.sarif"; nf=$((nf+1))
      done
      ce=$(grep -c -E 'error CS[0-9]+' "$results/${key}__${n}.peers-$mode.log" || true)
      [ "$ce" != 0 ] || ce=$(sed -n 's/.*compile errors: \([0-9]*\).*/\1/p' "$results/${key}__${n}.peers-$mode.log" | tail -1)
      if [ "${AITG_PEERS_BUILD:-0}" = 1 ]; then
        ran=$(grep -l 'SCS0000' "$AITG_PEER_SARIF_DIR"/*.sarif 2>/dev/null | wc -l)
      else
        # peer-scan lists each project's analyzers; SCS ran where it loaded and did not crash (AD0001).
        ran=$(grep -q 'analyzer SecurityCodeScan[^:]*: [1-9]' "$results/${key}__${n}.peers-$mode.log" && echo 1 || echo 0)
        ! grep -q "Analyzer 'SecurityCodeScan" "$results/${key}__${n}.peers-$mode.log" || ran="$ran (crashed)"
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$repo" "$project" "$mode" "$((t1-t0))" "$rc" "$ce" "$nf" "$ran" >> "$log"
      echo "  $mode: exit $rc in $((t1-t0)) s, SARIF files: $nf, SCS completed in $ran, compile-error lines: $ce"
    done
  done
  for mode in default audit; do
    dotnet run -c Release --project "$here/Scorer" -- --manifest "$here/manifest.json" --sarif "$psarif" --work "$work" \
      --kinds "$here/peer-kinds.json" --pattern "*.peer-$mode.sarif" --title "Peers ($mode): Security Code Scan $scs_version + NetAnalyzers (AnalysisModeSecurity=All)" \
      --markdown "$results/score-peers-$mode.md" | tail -1
  done
  echo "total: $(( $(date +%s) - start_all )) s"
}
