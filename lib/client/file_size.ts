/** A file's size as people read it, in the interface's language: "820 kB", "12,5 МБ". */
const UNITS = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;

export function fileSize(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: UNITS[unit],
    // "14 byte" reads oddly: bytes get the narrow form ("14B", "14 Б").
    unitDisplay: unit === 0 ? "narrow" : "short",
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
}
