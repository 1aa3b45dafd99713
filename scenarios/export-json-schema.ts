/**
 * Writes scenarios/scenario.schema.json from the zod schema (`npm run schema`).
 * `--check` writes nothing and exits 1 when the file is missing or stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_FILE, scenarioJsonSchemaText } from './jsonSchema.js';

/** The package root: the nearest folder up from this script with a package.json (works from dist/ and from source). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the script');
    dir = parent;
  }
}

const target = join(packageRoot(), 'scenarios', JSON_SCHEMA_FILE);
const text = scenarioJsonSchemaText();
const shown = relative(process.cwd(), target) || target;

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (current !== text) {
    process.stderr.write(`${shown}: ${current === null ? 'missing' : 'out of date'}; run npm run schema\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${shown}: up to date\n`);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${shown} (${text.length.toLocaleString('en-US')} bytes)\n`);
}
