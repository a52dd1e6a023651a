#!/usr/bin/env node
import { runDeadLettersCli } from '@sagaflow/service-kit';

// The payment service's admin CLI: its dead letters (the kit's command, the service's URL).
process.exitCode = await runDeadLettersCli(process.argv.slice(2), process.env, {
  name: 'payment',
  port: 3002,
});
