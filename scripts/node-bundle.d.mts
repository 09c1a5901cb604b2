// Types for node-bundle.mjs (plain JavaScript so that the build runs on plain Node).
import type { BuildOptions } from 'esbuild';

export const nodeBundleOptions: BuildOptions;
export function assertAsciiBundle(file: string): void;
