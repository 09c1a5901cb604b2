import { VERSION } from '../core/version.ts';

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version') {
    console.log(VERSION);
    return 0;
  }
  console.log('usage: headroom <command> [options]');
  return argv.length === 0 ? 0 : 64;
}
