import { fileURLToPath } from 'node:url';

export {
  createDualWriteProducer,
  type DualWrite,
  type DualWriteOptions,
  dualWrite,
  openDualWriteSink,
} from './dual-write.js';

/** The module that runs one service, named by its first argument, as the dual-write baseline. */
export const dualWriteMain = fileURLToPath(new URL('./main.ts', import.meta.url));
