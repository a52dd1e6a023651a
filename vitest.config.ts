import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const workspaceDirs = ['packages', 'services', 'harness'].flatMap((group) =>
  readdirSync(group, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(group, entry.name, 'package.json')))
    .map((entry) => join(group, entry.name)),
);

const devstackSetup = new URL('./harness/testkit/src/vitest-global-setup.ts', import.meta.url).pathname;
const buildSetup = new URL('./harness/testkit/src/vitest-build-setup.ts', import.meta.url).pathname;

// Workspace packages resolve to their TypeScript source. Vitest merges its defaults
// (node, development|production) in after this list, and passes the whole list to its
// workers as --conditions, so Node's own resolution there agrees.
const sourceCondition = '@sagaflow/source';
const resolveSource = {
  resolve: { conditions: [sourceCondition] },
  ssr: { resolve: { conditions: [sourceCondition] } },
};

function hasFiles(dir: string, suffixes: string[]): boolean {
  const src = join(dir, 'src');
  if (!existsSync(src)) return false;
  return readdirSync(src, { recursive: true, encoding: 'utf8' }).some((file) =>
    suffixes.some((suffix) => file.endsWith(suffix)),
  );
}

// One project per package and kind of test: units run without IO; integration and
// end-to-end tests share one local stack per package, started by the global setup.
export default defineConfig({
  test: {
    projects: workspaceDirs.flatMap((dir) => {
      const name = dir.split('/')[1] as string;
      const unit = {
        ...resolveSource,
        test: {
          name: `${name}:unit`,
          root: dir,
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'src/**/*.e2e.test.ts'],
        },
      };
      const integration = {
        ...resolveSource,
        test: {
          name: `${name}:int`,
          root: dir,
          include: ['src/**/*.int.test.ts', 'src/**/*.e2e.test.ts'],
          // The build first: these tests spawn services and CLIs from dist, which must match the source.
          globalSetup: [buildSetup, devstackSetup],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      };
      return [
        ...(hasFiles(dir, ['.test.ts']) ? [unit] : []),
        ...(hasFiles(dir, ['.int.test.ts', '.e2e.test.ts']) ? [integration] : []),
      ];
    }),
  },
});
