/** Left-aligned columns, two spaces apart, each line indented; for the demo's and the benchmark's printouts. */
export function table(rows: string[][], indent = "     "): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => indent + r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}
