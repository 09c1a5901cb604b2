import type { CliCommand } from '../types.ts';
import { probeCommand } from './probe.ts';

/** Every command; adding one is a file in this folder and a line here. */
export const COMMANDS: CliCommand[] = [probeCommand];
