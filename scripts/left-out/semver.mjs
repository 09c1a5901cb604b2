// Stands in for semver (see left-out.mjs): every function conf calls throws, as does `new semver.Range()`.
import { leftOut } from './left-out.mjs';

export default new Proxy({}, { get: () => leftOut });
