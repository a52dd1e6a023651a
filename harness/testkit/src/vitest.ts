// Test-file set-ups built on vitest: the stack the global setup provides (inject), and
// per-file fixtures opened in beforeAll and closed in afterAll.
export {
  createSagaTopics,
  outboxTestContext,
  ownKafka,
  type TestEnvironment,
  testAuth,
  testEnvironment,
} from './fixtures.js';

import './vitest-context.js';
