/**
 * Assertions shared by specs about what the window shows: a cost as the exact figure rounded to the digits shown,
 * and a screenshot in both themes.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, snapshot } from '../fixtures';

/** The first dollar figure of a text in micro-dollars, and the unit of its last digit. */
export function shownDollars(text: string): { micros: number; unit: number } | null {
  const match = /\$([\d,]+)\.(\d{2,6})/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]!.replace(/,/g, ''));
  const fraction = Number(match[2]!.padEnd(6, '0'));
  return { micros: whole * 1_000_000 + fraction, unit: 10 ** (6 - match[2]!.length) };
}

/** The locator shows this cost: the exact figure rounded to the digits shown, not another amount. */
export async function expectShows(locator: Locator, micros: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const text = await locator.innerText();
        const shown = shownDollars(text);
        return shown !== null && Math.abs(shown.micros - micros) * 2 <= shown.unit ? 'shows it' : text;
      },
      { message: `shows ${micros} micro-dollars` },
    )
    .toBe('shows it');
}

/** Screenshots of the page in the light and then the dark theme, back in light after. */
export async function inBothThemes(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await snapshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
