/** File sizes as people read them: 1.5 MB, 860 B. */
export function formatBytes(bytes: number): { value: string; unit: string } {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return { value: unit === 0 ? String(value) : value.toFixed(1), unit: units[unit] };
}
