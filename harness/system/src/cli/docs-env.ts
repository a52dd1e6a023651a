/** pnpm docs:env — rewrites the README's environment variables table from the env schemas. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withEnvTable } from '../docs/env-table.js';
import { repoRoot } from '../launcher/launcher.js';

const path = `${repoRoot}README.md`;
const before = readFileSync(path, 'utf8');
const after = withEnvTable(before);
writeFileSync(path, after);
console.log(before === after ? 'README.md: the table was current' : 'README.md: table rewritten');
