/**
 * Regenerates assets/ from the same drawing code as the tray icon:
 * `node --import tsx scripts/make-assets.ts`. Writes the app icon as PNG (512), ICO (16-256) and
 * ICNS (16-1024), and the macOS tray template images (@1x/@2x). assets/icon.svg is the hand-kept
 * vector source of the same design.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawAppIcon, drawTemplateIcon } from '../main/core/icon/draw.ts';

const dir = join(import.meta.dirname, '..', 'assets');

/** ICO with PNG-compressed entries (Windows Vista and later). */
function ico(sizes: number[]): Buffer {
  const images = sizes.map((s) => drawAppIcon(s));
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((s, i) => {
    const e = 6 + 16 * i;
    header[e] = s >= 256 ? 0 : s;
    header[e + 1] = s >= 256 ? 0 : s;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(images[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

/** ICNS with PNG entries. */
function icns(): Buffer {
  const types: Array<[string, number]> = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];
  const entries = types.map(([type, size]) => {
    const png = drawAppIcon(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

const idle = { kind: 'none', text: '-', fraction: null } as const;
const files: Record<string, Buffer> = {
  'icon.png': drawAppIcon(512),
  'icon.ico': ico([16, 24, 32, 48, 64, 128, 256]),
  'icon.icns': icns(),
  'trayTemplate.png': drawTemplateIcon(idle, 16),
  'trayTemplate@2x.png': drawTemplateIcon(idle, 32),
};
for (const [name, data] of Object.entries(files)) {
  writeFileSync(join(dir, name), data);
  console.log(`wrote assets/${name} (${data.length} bytes)`);
}
