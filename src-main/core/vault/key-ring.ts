import type { KeyRing } from '../policies/pipeline';
import type { KeyVault } from './vault';

/**
 * A vault as the pipeline's key ring: the vault alone keeps which key is current and moves it on a rotation, so
 * the key that worked is the one the next call sends, and a refused key is not tried first again.
 */
export function keyRingOf(vault: Pick<KeyVault, 'keyFor' | 'rotateAfter'>): KeyRing {
  return {
    current: (id) => {
      const key = vault.keyFor(id);
      return key ? { id: key.keyId, secret: key.secret } : undefined;
    },
    rotate: (id, refusedId, tried) => {
      const key = vault.rotateAfter(id, refusedId, tried);
      return key ? { id: key.keyId, secret: key.secret } : null;
    },
  };
}
