import "server-only";
/**
 * Orders versions the way people read them: numeric parts numerically (1.10.0 after 1.9.0),
 * anything else as text. "Older versions" in the lifecycle means lower in this order.
 */
export function compareVersions(a: string, b: string): number {
  const left = a.replace(/^v/i, "").split(/[.-]/);
  const right = b.replace(/^v/i, "").split(/[.-]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const diff = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
