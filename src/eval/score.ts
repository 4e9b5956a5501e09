/** A share that is 1 when nothing was claimed (precision) or nothing was expected (recall). */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
