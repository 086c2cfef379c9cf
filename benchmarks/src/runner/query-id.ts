// The one reading of a query id (`q06`, `q6`, `Q6`, `6`) that every engine's own query versions use.

/** The number a query id names: `q06`, `q6`, `Q6` and `6` are 6; null for anything else. */
export function queryNumber(id: string): number | null {
  const m = /^[qQ]?0*(\d{1,3})$/.exec(id.trim());
  return m === null ? null : Number(m[1]);
}
