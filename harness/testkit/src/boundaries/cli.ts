/**
 * Fails when product source (packages/*, services/*; not their tests) imports the
 * harness (harness/*), a test runner, or test code; or when a product package lists a
 * harness package among its runtime dependencies. Run by scripts/check.sh.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BoundaryViolation, findBoundaryViolations, type SourceFile } from './product-imports.js';

const root = new URL('../../../../', import.meta.url).pathname;
const productGroups = ['packages', 'services'];
const harnessFolder = 'harness';
const testRunners = ['vitest', 'testcontainers', '@testcontainers/postgresql', 'fast-check'];

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

const packagesIn = (group: string) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
    .map((entry) => `${group}/${entry.name}`);
const manifestOf = (folder: string) =>
  JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as Manifest;

const productRoots = productGroups.flatMap(packagesIn);
const harnessPackages = packagesIn(harnessFolder).map((folder) => manifestOf(folder).name);
const forbiddenPackages = new Set([...harnessPackages, ...testRunners]);

const files: SourceFile[] = productRoots.flatMap((folder) => {
  const src = join(root, folder, 'src');
  if (!existsSync(src)) return [];
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => {
      const path = `${folder}/src/${file}`;
      return { path, text: readFileSync(join(root, path), 'utf8') };
    });
});

const violations: BoundaryViolation[] = findBoundaryViolations(files, {
  productRoots,
  forbiddenPackages,
  harnessFolder,
});
for (const folder of productRoots) {
  const { name, dependencies = {} } = manifestOf(folder);
  for (const dependency of Object.keys(dependencies).filter((dep) => forbiddenPackages.has(dep)))
    violations.push({
      file: `${folder}/package.json`,
      specifier: dependency,
      reason: `${name} ships with it: harness and test tools belong in devDependencies`,
    });
}

for (const { file, specifier, reason } of violations)
  process.stderr.write(`${file}: '${specifier}': ${reason}\n`);
if (violations.length > 0) {
  process.stderr.write(`product imports: ${violations.length} import(s) of the harness from product code\n`);
  process.exit(1);
}
process.stdout.write(
  `product imports: ${files.length} files of ${productRoots.length} product packages, none imports the harness\n`,
);
