#!/usr/bin/env node
import { requestFailure, runDeadLettersCli, sendCliRequest, writeCliOutput } from '@sagaflow/service-kit';
import { type AdminCommand, adminUsage, orderCliService, parseAdminArgs } from './admin-args.js';
import { followUpRequest, formatOrderAnswer, orderRequest } from './admin-format.js';

async function main(argv: string[]): Promise<number> {
  let command: AdminCommand;
  try {
    command = parseAdminArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${adminUsage}`);
    return 2;
  }
  if (command.kind === 'dead-letters') return runDeadLettersCli(argv, process.env, orderCliService);
  const { url, token } = command;
  try {
    const answer = await sendCliRequest(url, token, orderRequest(command));
    const next = answer.status === 200 ? followUpRequest(command) : undefined;
    const followUp = next === undefined ? undefined : await sendCliRequest(url, token, next);
    return writeCliOutput(formatOrderAnswer(command, answer, followUp));
  } catch (error) {
    console.error(requestFailure(url, error));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
