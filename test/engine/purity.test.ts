import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../src-main/engine/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

it('the engine imports no runtime: no node:*, electron, sharp or DOM globals', () => {
  const files = sources(root);
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect(spec.startsWith('.') || spec === 'ml-kmeans', `${file} imports ${spec}`).toBe(true);
    expect(/\b(document|window|localStorage)\./.test(text), `${file} uses a DOM global`).toBe(false);
  }
});
