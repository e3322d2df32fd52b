/**
 * The bridge calls of the catalogue refresh (Settings → Models): each a step into the catalogue store. A refused
 * dataset or a stale check is a `DatasetError`, which reaches the window as its message.
 */
import type { CallHandlers } from '../../bridge/router';
import type { CatalogueStore } from './store';

export type CatalogueHandlers = Pick<
  CallHandlers,
  'catalogue.info' | 'catalogue.check' | 'catalogue.apply' | 'catalogue.revert'
>;

export function catalogueHandlers(store: CatalogueStore, updateUrl: () => string): CatalogueHandlers {
  return {
    'catalogue.info': () => store.info(),
    'catalogue.check': (input) => store.check(input, updateUrl()),
    'catalogue.apply': ({ checkId }) => store.apply(checkId),
    'catalogue.revert': () => store.revert(),
  };
}
