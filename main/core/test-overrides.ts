/**
 * Environment variables that exist only so tests can run the real commands quickly. Each is named
 * HEADROOM_TEST_*, listed here, and announced on stderr by the host that honours it, so nobody runs
 * with one by accident.
 *
 * HEADROOM_TEST_POLL_INTERVAL_MS  every account polls at this interval (50 ms to 10 s) instead of
 *                                 its setting, whose minimum is 10 s (MIN_POLL_INTERVAL_SEC): the
 *                                 process tests watch several polls in a second or two.
 */
export const TEST_POLL_INTERVAL_VARIABLE = 'HEADROOM_TEST_POLL_INTERVAL_MS';

/** The poll interval override in ms, or undefined when unset or out of range. */
export function testPollIntervalMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[TEST_POLL_INTERVAL_VARIABLE];
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const ms = Number(raw);
  return ms >= 50 && ms <= 10_000 ? ms : undefined;
}
