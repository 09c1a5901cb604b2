// Regenerates assets/icon.png from the same drawing code as the tray icon: `node --import tsx scripts/make-assets.ts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawAppIcon } from '../main/core/icon/draw.ts';

const out = join(import.meta.dirname, '..', 'assets', 'icon.png');
writeFileSync(out, drawAppIcon(512));
console.log(`wrote ${out}`);
