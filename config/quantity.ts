/** Kubernetes resource quantities (`10Gi`, `500m`), as the API server parses them. */

const MEMORY_OR_STORAGE = /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const CPU = /^([0-9]+(\.[0-9]+)?)(m)?$/;

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Bytes in a memory/storage quantity such as `10Gi`; undefined when it is not a quantity (`10GB`). */
export function parseByteQuantity(text: string): number | undefined {
  const match = MEMORY_OR_STORAGE.exec(text);
  if (!match) return undefined;
  const unit = match[3] ?? '';
  return Number(match[1]) * (BINARY[unit] ?? DECIMAL[unit] ?? 1);
}

/** Millicores in a CPU quantity such as `250m` or `2`; undefined when it is not a quantity. */
export function parseCpuQuantity(text: string): number | undefined {
  const match = CPU.exec(text);
  if (!match) return undefined;
  return match[3] === 'm' ? Number(match[1]) : Number(match[1]) * 1000;
}

/** A hint for the common mistake of writing `10GB` (or `10G B`) for `10Gi`. */
export function suggestQuantity(text: string): string {
  const match = /^([0-9.]+)\s*([KMGTPE])i?B?$/i.exec(text.trim());
  if (!match) return '10Gi';
  const unit = match[2].toUpperCase();
  return `${match[1]}${unit === 'K' ? 'Ki' : `${unit}i`}`;
}
