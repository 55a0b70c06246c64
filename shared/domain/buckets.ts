/** The collections bucket for a days-past-due figure (30-day months): M0 current, M1 1–30 … M6 151–180, M6+ beyond. */
export function bucketFor(daysPastDue: number): string {
  if (daysPastDue > 180) return 'M6+';
  if (daysPastDue <= 0) return 'M0';
  return `M${Math.ceil(daysPastDue / 30)}`;
}
