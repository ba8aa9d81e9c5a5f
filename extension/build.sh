#!/usr/bin/env bash
# Packages the Azure DevOps extension: the task's Node dependencies, the .NET CLI published into task/cli, and the
# .vsix made by tfx-cli. Checks that the package lists the task and the CLI. Output: extension/out/*.vsix
set -euo pipefail
cd "$(dirname "$0")"

rm -rf out task/cli
(cd task && npm install --no-audit --no-fund --omit=dev --silent)
dotnet publish ../action/AiThreatGate.Cli/AiThreatGate.Cli.csproj -c Release -o task/cli --nologo -v quiet
npm install --no-audit --no-fund --no-save --silent tfx-cli@0.23.1
npx --no-install tfx extension create --manifest-globs vss-extension.json --output-path out --no-prompt >/dev/null

vsix=$(ls out/*.vsix)
listing=$(python3 -c "import sys,zipfile; print('\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))" "$vsix")
for required in extension.vsixmanifest task/task.json task/index.js task/args.js task/cli/aithreatgate.dll task/node_modules/azure-pipelines-task-lib/task.js; do
  if ! grep -qx "$required" <<<"$listing"; then
    echo "error: $vsix does not contain $required" >&2
    exit 1
  fi
done
echo "built $vsix ($(wc -l <<<"$listing") files; task and CLI present)"
