/**
 * Storage firewall IP rules: CIDR ranges as they are, but single addresses without a prefix, because the storage
 * firewall refuses `/31` and `/32` ranges.
 */
export function storageIpRules(ranges: readonly string[]): string[] {
  return ranges.flatMap((range) => {
    const [address, prefix] = range.split('/');
    if (prefix === '32') return [address];
    if (prefix === '31') {
      const octets = address.split('.').map(Number);
      const last = octets[3] & ~1;
      return [0, 1].map((offset) => [...octets.slice(0, 3), last + offset].join('.'));
    }
    return [range];
  });
}
