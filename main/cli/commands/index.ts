import type { CliCommand } from '../types.ts';

/** Every command; adding one is a file in this folder and a line here. */
export const COMMANDS: CliCommand[] = [];
