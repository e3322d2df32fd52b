/**
 * The charts' colours, read from the theme's CSS variables (tokens.css and costs.css) so they follow light and
 * dark: SVG attributes take plain colours, so the values are read from the computed style, and read again when
 * the theme changes (`data-theme` on <html>).
 */
import { useSyncExternalStore } from 'react';

export type ChartTheme = {
  series: readonly [string, string, string, string, string];
  error: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  border: string;
  cursor: string;
};

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const read = (variable: string) => style.getPropertyValue(variable).trim();
  return {
    series: [read('--chart-1'), read('--chart-2'), read('--chart-3'), read('--chart-4'), read('--chart-5')],
    error: read('--danger'),
    text: read('--text'),
    muted: read('--text-muted'),
    grid: read('--border'),
    surface: read('--surface-raised'),
    border: read('--border-strong'),
    cursor: read('--bg-hover'),
  };
}

let cached: { name: string; theme: ChartTheme } | null = null;

/** The same object while the theme stays the same (React compares snapshots by identity). */
function snapshot(): ChartTheme {
  const name = document.documentElement.dataset.theme ?? 'light';
  if (cached?.name !== name) cached = { name, theme: readTheme() };
  return cached.theme;
}

export function useChartTheme(): ChartTheme {
  return useSyncExternalStore(subscribe, snapshot);
}
