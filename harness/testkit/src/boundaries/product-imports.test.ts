import { describe, expect, it } from 'vitest';
import {
  type BoundaryRules,
  findBoundaryViolations,
  isProductRuntimeFile,
  packageOf,
} from './product-imports.js';

const rules: BoundaryRules = {
  productRoots: ['packages/outbox', 'services/order'],
  forbiddenPackages: new Set(['@sagaflow/devstack', '@sagaflow/testkit', 'vitest']),
  harnessFolder: 'harness',
};

const check = (path: string, text: string) => findBoundaryViolations([{ path, text }], rules);

describe('product imports', () => {
  it('lets product code import the product and third parties', () => {
    const text = [
      "import { enqueue } from '@sagaflow/outbox';",
      "import pg from 'pg';",
      "import { relay } from '../relay/relay.js';",
      "export { a } from './a.js';",
    ].join('\n');
    expect(check('packages/outbox/src/enqueue/enqueue.ts', text)).toEqual([]);
  });

  it('takes a component’s stylesheet as an asset, but not a path into the harness', () => {
    const text = ["import './styles.css';", "import '../../../../harness/system/src/look.css';"].join('\n');
    const found = check('services/order/src/console/App.tsx', text).map((violation) => violation.specifier);
    expect(found).toEqual(['../../../../harness/system/src/look.css']);
  });

  it('refuses harness packages and test runners, by package name', () => {
    const text = [
      "import { startDevstack } from '@sagaflow/devstack';",
      "import { waitFor } from '@sagaflow/testkit/vitest';",
      "import { it } from 'vitest';",
      "const lazy = await import('@sagaflow/devstack');",
    ].join('\n');
    const found = check('services/order/src/main.ts', text).map((violation) => violation.specifier);
    expect(found).toEqual(['@sagaflow/devstack', '@sagaflow/testkit/vitest', 'vitest', '@sagaflow/devstack']);
  });

  it('refuses relative paths into the harness, out of the product, or into test code', () => {
    const text = [
      "import { x } from '../../../../harness/testkit/src/index.js';",
      "import { y } from '../../../../scripts/tool.js';",
      "import { z } from '../testing/order-fixture.js';",
      "import { w } from './routes.test.js';",
    ].join('\n');
    const reasons = check('services/order/src/orders/routes.ts', text).map((violation) => violation.reason);
    expect(reasons).toEqual([
      'a path into the harness',
      'a path out of the product (scripts/tool.js)',
      'test code, which does not ship',
      'test code, which does not ship',
    ]);
  });

  it('leaves test code free to use the harness', () => {
    const text = "import { testEnvironment } from '@sagaflow/testkit/vitest';";
    expect(check('services/order/src/orders/orders-api.int.test.ts', text)).toEqual([]);
    expect(check('services/order/src/testing/order-fixture.ts', text)).toEqual([]);
  });

  it('tells runtime files from test code', () => {
    expect(isProductRuntimeFile('packages/outbox/src/relay/relay.ts')).toBe(true);
    expect(isProductRuntimeFile('packages/outbox/src/relay/relay.int.test.ts')).toBe(false);
    expect(isProductRuntimeFile('services/order/src/testing/saga-driver.ts')).toBe(false);
    expect(isProductRuntimeFile('packages/outbox/dist/index.d.ts')).toBe(false);
    expect(isProductRuntimeFile('packages/console/src/app/pages/OrderPage.tsx')).toBe(true);
    expect(isProductRuntimeFile('packages/console/src/app/pages/OrderPage.test.tsx')).toBe(false);
  });

  it('names the package of a specifier', () => {
    expect(packageOf('@sagaflow/testkit/vitest')).toBe('@sagaflow/testkit');
    expect(packageOf('drizzle-orm/pg-core')).toBe('drizzle-orm');
  });
});
