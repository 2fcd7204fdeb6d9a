/** Loads the scipy / scikit-learn reference cases from test/fixtures/reference. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../fixtures/reference/', import.meta.url));

export const reference = JSON.parse(readFileSync(dir + 'reference.json', 'utf8'));

export function loadArray(file: string, dtype: 'float64' | 'uint8' | 'int32'): Float64Array | Uint8Array | Int32Array {
  const buf = readFileSync(dir + file);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  if (dtype === 'float64') return new Float64Array(ab);
  if (dtype === 'int32') return new Int32Array(ab);
  return new Uint8Array(ab);
}

export interface ReferenceCase {
  width: number;
  height: number;
  image: Float64Array;
  mask: Uint8Array | null;
  truth: Uint8Array | null;
  std: number;
  eigenvalues: number[];
}

export function loadCase(name: string): ReferenceCase {
  const c = reference.cases[name];
  const [height, width] = c.image.shape;
  return {
    width,
    height,
    image: loadArray(c.image.file, 'float64') as Float64Array,
    mask: c.mask ? (loadArray(c.mask.file, 'uint8') as Uint8Array) : null,
    truth: c.truth ? (loadArray(c.truth.file, 'uint8') as Uint8Array) : null,
    std: c.graph_data_std_before_exp,
    eigenvalues: c.smallest_normalized_laplacian_eigenvalues,
  };
}
