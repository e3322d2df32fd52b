import { describe, expect, it } from 'vitest';
import { activityGroup, groupByActivity } from './activity-groups';

const now = new Date(2025, 5, 18, 15, 30).getTime();
const at = (d: number, h = 12) => new Date(2025, 5, d, h).getTime();

describe('activityGroup', () => {
  it('places times in calendar days, not 24-hour windows', () => {
    expect(activityGroup(new Date(2025, 5, 18, 0, 1).getTime(), now)).toBe('Today');
    expect(activityGroup(new Date(2025, 5, 17, 23, 59).getTime(), now)).toBe('Yesterday');
    expect(activityGroup(at(12), now)).toBe('Previous 7 days');
    expect(activityGroup(at(1), now)).toBe('Previous 30 days');
    expect(activityGroup(new Date(2025, 3, 1).getTime(), now)).toBe('Older');
  });

  it('groups consecutive items, keeping their order', () => {
    const items = [
      { id: 'a', updatedAt: at(18) },
      { id: 'b', updatedAt: at(18, 9) },
      { id: 'c', updatedAt: at(17) },
      { id: 'd', updatedAt: at(2) },
    ];
    expect(groupByActivity(items, now).map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ['Today', ['a', 'b']],
      ['Yesterday', ['c']],
      ['Previous 30 days', ['d']],
    ]);
  });
});
