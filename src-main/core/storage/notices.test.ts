import { describe, expect, it } from 'vitest';
import { NoticeList } from './notices';

describe('NoticeList', () => {
  it('lists notices oldest first, replaces one with the same id, tells listeners, and dismisses', () => {
    let clock = 1;
    const notices = new NoticeList(() => clock++);
    const heard: string[] = [];
    const stop = notices.onAdded((n) => heard.push(n.message));
    notices.add({ id: 'vault-weak', level: 'warning', message: 'weak' });
    const other = notices.add({ level: 'info', message: 'recovered' });
    notices.add({ id: 'vault-weak', level: 'warning', message: 'still weak' });
    expect(notices.list()).toEqual([
      { id: other.id, level: 'info', message: 'recovered', at: 2 },
      { id: 'vault-weak', level: 'warning', message: 'still weak', at: 3 },
    ]);
    expect(heard).toEqual(['weak', 'recovered', 'still weak']);
    expect(notices.dismiss('vault-weak')).toBe(true);
    expect(notices.dismiss('vault-weak')).toBe(false);
    stop();
    notices.add({ level: 'error', message: 'unheard' });
    expect(heard).toHaveLength(3);
    expect(notices.has(other.id)).toBe(true);
  });
});
