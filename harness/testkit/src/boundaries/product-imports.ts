import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** A product file and its text; `path` is relative to the repository root, with '/' separators. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface BoundaryRules {
  /** Folders (relative to the root) whose packages are the product, e.g. packages/outbox. */
  productRoots: readonly string[];
  /** Package names a product file must not import: the harness's, and test runners. */
  forbiddenPackages: ReadonlySet<string>;
  /** The folder that holds the harness, e.g. 'harness'. */
  harnessFolder: string;
}

export interface BoundaryViolation {
  file: string;
  specifier: string;
  reason: string;
}

/**
 * Test code may use the harness; what ships may not. A product file is test code when
 * it is a `*.test.ts(x)` or sits under a `testing/` folder (a package's test fixtures).
 * The console's components are `.tsx`: they ship too.
 */
export function isProductRuntimeFile(path: string): boolean {
  if (!/\.tsx?$/.test(path) || path.endsWith('.d.ts')) return false;
  if (/\.test\.tsx?$/.test(path)) return false;
  return !path.split('/').includes('testing');
}

/** The package a bare specifier names: '@scope/name/sub' → '@scope/name', 'pg/lib' → 'pg'. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

/** Every import by a product runtime file of the harness, of a test runner, or of test code. */
export function findBoundaryViolations(
  files: readonly SourceFile[],
  rules: BoundaryRules,
): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  for (const file of files) {
    if (!isProductRuntimeFile(file.path)) continue;
    for (const specifier of importsOf(file.text)) {
      const reason = violationOf(file.path, specifier, rules);
      if (reason !== undefined) violations.push({ file: file.path, specifier, reason });
    }
  }
  return violations;
}

function violationOf(file: string, specifier: string, rules: BoundaryRules): string | undefined {
  if (!specifier.startsWith('.')) {
    const name = packageOf(specifier);
    return rules.forbiddenPackages.has(name) ? `${name} is harness or test tooling` : undefined;
  }
  const target = join(dirname(file), specifier).split(sep).join('/');
  if (target === rules.harnessFolder || target.startsWith(`${rules.harnessFolder}/`))
    return 'a path into the harness';
  if (!rules.productRoots.some((root) => target.startsWith(`${root}/`)))
    return `a path out of the product (${relative('.', target)})`;
  // A stylesheet or an image the bundler takes in is an asset, not code.
  if (/\.(css|svg|png)$/.test(target)) return undefined;
  if (!isProductRuntimeFile(target.replace(/\.js$/, '.ts'))) return 'test code, which does not ship';
  return undefined;
}
