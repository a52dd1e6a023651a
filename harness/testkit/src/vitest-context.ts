import type { StackInfo } from '@sagaflow/devstack';

// Lets tests call inject('devstack') typed; provided by vitest-global-setup.ts.
declare module 'vitest' {
  export interface ProvidedContext {
    devstack: StackInfo;
  }
}
