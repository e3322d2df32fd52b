/** Sidebar sections by last activity, as people think of them: Today, Yesterday, Previous 7 days, 30 days, Older. */
export type ActivityGroup = 'Today' | 'Yesterday' | 'Previous 7 days' | 'Previous 30 days' | 'Older';

export function activityGroup(at: number, now: number): ActivityGroup {
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const today = startOfToday.getTime();
  const day = 86_400_000;
  if (at >= today) return 'Today';
  if (at >= today - day) return 'Yesterday';
  if (at >= today - 7 * day) return 'Previous 7 days';
  if (at >= today - 30 * day) return 'Previous 30 days';
  return 'Older';
}

/** Splits items (already sorted by activity, newest first) into consecutive groups. */
export function groupByActivity<T extends { updatedAt: number }>(
  items: readonly T[],
  now: number,
): Array<{ group: ActivityGroup; items: T[] }> {
  const groups: Array<{ group: ActivityGroup; items: T[] }> = [];
  for (const item of items) {
    const group = activityGroup(item.updatedAt, now);
    const last = groups[groups.length - 1];
    if (last?.group === group) last.items.push(item);
    else groups.push({ group, items: [item] });
  }
  return groups;
}
