import { networkInterfaces } from 'node:os';

/** A cheap "is any network up" check: a non-internal interface with an address. */
export function hasNetworkInterface(): boolean {
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => !i.internal));
}
