import type { Command } from 'commander';
import { type RegisterCommands, withStore } from '../context.js';
import { exitCodes } from '../exit-codes.js';

/** Every thread computed again from the stored headers: a repair, as imports thread only what they touch. */
async function rethreadCommand(command: Command): Promise<number> {
  return withStore(command, async (store) => {
    await store.rethread({ full: true });
    process.stderr.write('listlens: every thread computed again\n');
    return exitCodes.ok;
  }, 'write');
}

export const registerRethread: RegisterCommands = (program, act) => {
  program
    .command('rethread')
    .description('compute every thread again from the stored messages (a repair; imports and fetches thread what they add)')
    .action(act((_options: object, command: Command) => rethreadCommand(command)));
};
