#!/usr/bin/env bash
# Builds every sample against the packages packed into artifacts/packages (run `dotnet pack` first), with a private
# package folder so a re-packed 0.1.0 is never served stale from the global NuGet cache.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=artifacts/sample-packages
rm -rf "$packages"
for project in samples/*/*.csproj; do
  echo "== $project"
  dotnet build "$project" -c Release -p:SharpformersFromPackages=true --packages "$packages" -o "artifacts/samples/$(basename "$(dirname "$project")")"
done
