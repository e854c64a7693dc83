#!/usr/bin/env bash
# Before the first release only: rebuilds the Initial migration from the entities (then the
# hand-written AppendOnlyAndDefaults after it). Once a migration has landed, add new ones instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f migrations/*-Initial.ts
cat > migrations/index.ts <<'TS'
export const ALL_MIGRATIONS: Function[] = [];
TS
npx ts-node -T -r tsconfig-paths/register scripts/migration-generate.ts Initial
M=$(ls migrations/*-Initial.ts | xargs -n1 basename | sed 's/.ts$//')
C=$(grep -o "class [A-Za-z0-9]*" "migrations/$M.ts" | cut -d' ' -f2)
T=$(( ${M%%-*} + 1 ))
OLD=$(ls migrations/*-AppendOnlyAndDefaults.ts | xargs -n1 basename | sed 's/.ts$//')
sed -i "s/AppendOnlyAndDefaults[0-9]*/AppendOnlyAndDefaults$T/g" "migrations/$OLD.ts"
[ "$OLD" = "$T-AppendOnlyAndDefaults" ] || mv "migrations/$OLD.ts" "migrations/$T-AppendOnlyAndDefaults.ts"
cat > migrations/index.ts <<TS
import { $C } from './$M';
import { AppendOnlyAndDefaults$T } from './$T-AppendOnlyAndDefaults';

/** Every migration, in order. Imported (not globbed) so ts-jest, ts-node and the build all see the same list. */
export const ALL_MIGRATIONS: Function[] = [$C, AppendOnlyAndDefaults$T];
TS
npx prettier --write migrations > /dev/null
