// Runs the provider simulator in its own process: benchmarks count only the client's CPU, and the
// CLI process tests talk to it the way the commands talk to a real provider. Prints its base URLs
// first, then reads one JSON command per line on stdin and answers each with one JSON line.
import { createInterface } from 'node:readline';
import { startProviderSimulator } from '../../main/core/simulator/server.ts';

const sim = await startProviderSimulator({ latencyMs: Number(process.env.SIM_LATENCY_MS ?? 0) });
process.stdout.write(JSON.stringify({ baseUrls: sim.baseUrls }) + '\n');

type Command =
  | { addAccount: Parameters<typeof sim.addAccount> }
  | { set: Parameters<typeof sim.set> }
  | { fail: Parameters<typeof sim.fail> }
  | { stats: Parameters<typeof sim.stats> };

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as Command;
  if ('addAccount' in cmd) process.stdout.write(JSON.stringify({ key: sim.addAccount(...cmd.addAccount) }) + '\n');
  else if ('set' in cmd) {
    sim.set(...cmd.set);
    process.stdout.write('{"ok":true}\n');
  } else if ('fail' in cmd) {
    sim.fail(...cmd.fail);
    process.stdout.write('{"ok":true}\n');
  }
  else if ('stats' in cmd) process.stdout.write(JSON.stringify({ stats: sim.stats(...cmd.stats) }) + '\n');
}
await sim.close();
