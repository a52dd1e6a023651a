import { fileURLToPath } from 'node:url';

export {
  createDualWriteProducer,
  type DualWrite,
  type DualWriteOptions,
  dualWrite,
  openDualWriteSink,
} from './dual-write.js';

/**
 * The compiled module that runs one service, named by its first argument, as the
 * dual-write baseline; the same path from src/ and dist/, as services run compiled.
 */
export const dualWriteMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
