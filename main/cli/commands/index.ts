import type { CliCommand } from '../types.ts';
import { accountsCommand } from './accounts.ts';
import { historyCommand } from './history.ts';
import { probeCommand } from './probe.ts';
import { serveCommand } from './serve.ts';
import { statusCommand } from './status.ts';
import { watchCommand } from './watch.ts';

/** Every command; adding one is a file in this folder and a line here. */
export const COMMANDS: CliCommand[] = [accountsCommand, statusCommand, probeCommand, watchCommand, serveCommand, historyCommand];
