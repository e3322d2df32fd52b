import type { ErrorOffer } from '@contract/error-words';
import { Button } from '../components/Button';
import { navigate } from '../stores/app';

/**
 * The ways out of an error that lead elsewhere in the app: Open Settings (a key or a provider to set up) and
 * Open budgets. The offers come from main's error words (`@contract/error-words`); the caller adds those that
 * need its context (retry, another model).
 */
export function NavigationOffers({
  offers,
  look,
}: {
  offers: readonly ErrorOffer[];
  look: 'button' | 'link';
}) {
  const offer = (label: string, go: () => void) =>
    look === 'link' ? (
      <button key={label} type="button" className="link-button" onClick={go}>
        {label}
      </button>
    ) : (
      <Button key={label} size="sm" variant="primary" onClick={go}>
        {label}
      </Button>
    );
  return (
    <>
      {offers.includes('open-settings') && offer('Open Settings', () => navigate('settings'))}
      {offers.includes('open-budgets') && offer('Open budgets', () => navigate('costs'))}
    </>
  );
}
