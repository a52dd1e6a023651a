// Started by orphan-sweep.int.test.ts: runs an embedded stack, reports it on
// stdout and waits to be killed without a chance to clean up.
import { pino } from 'pino';
import { startDevstack } from '../start.js';

const stack = await startDevstack({ logger: pino({ level: 'silent' }) });
process.stdout.write(`${JSON.stringify({ source: stack.source, databaseUrl: stack.databaseUrl })}\n`);
setInterval(() => undefined, 1 << 30);
