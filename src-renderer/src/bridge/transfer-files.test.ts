import { describe, expect, it } from 'vitest';
import { TRANSFER_HTTP } from '@contract/transfer';
import { artifactUrl, TRANSFER_PATHS } from './transfer-files';

describe('transfer files over HTTP', () => {
  it('use the paths and headers the web host serves', () => {
    expect(TRANSFER_PATHS).toEqual(TRANSFER_HTTP);
  });

  it('link an artifact with the secret in the query, both encoded', () => {
    expect(artifactUrl('out-1234abcd-0000', 'a+b/c')).toBe(
      '/transfer/artifacts/out-1234abcd-0000?secret=a%2Bb%2Fc',
    );
  });
});
