#!/usr/bin/env node
import { adminUsage, parseAdminArgs } from './admin-args.js';

async function main(): Promise<number> {
  let command: ReturnType<typeof parseAdminArgs>;
  try {
    command = parseAdminArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${adminUsage}`);
    return 2;
  }
  const authorization = `Bearer ${command.token}`;
  const response =
    command.kind === 'act'
      ? await fetch(`${command.url}/admin/orders/${command.orderId}/${command.action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ reason: command.reason }),
        })
      : await fetch(
          command.kind === 'parked'
            ? `${command.url}/admin/sagas/parked`
            : `${command.url}/orders/${command.orderId}`,
          { headers: { authorization } },
        );
  console.log(JSON.stringify(await response.json(), null, 2));
  return response.ok ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`request failed: ${(error as Error).message}`);
  return 1;
});
