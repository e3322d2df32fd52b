import { useState } from 'react';
import type { Attachment } from '@contract/conversations';
import { attachmentUrl } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { formatBytes } from '@contract/format';

/** A message's images as thumbnails (sized before they load, so the list does not jump); click to view larger. */
export function AttachmentThumbnails({ attachments }: { attachments: readonly Attachment[] }) {
  const [viewing, setViewing] = useState<Attachment | null>(null);
  if (attachments.length === 0) return null;
  return (
    <div className="message-attachments">
      {attachments.map((a) => {
        const height = 112;
        const width = Math.round(Math.min(240, Math.max(56, (a.width / a.height) * height)));
        return (
          <button
            key={a.hash}
            type="button"
            className="thumb"
            aria-label={`View ${a.name ?? 'image'}`}
            onClick={() => setViewing(a)}
          >
            <img
              src={attachmentUrl(a.hash)}
              alt={a.name ?? 'Attached image'}
              width={width}
              height={height}
              loading="lazy"
              decoding="async"
            />
          </button>
        );
      })}
      <Dialog
        open={viewing !== null}
        onClose={() => setViewing(null)}
        title={viewing?.name ?? 'Image'}
        size="lg"
      >
        {viewing && (
          <figure className="image-viewer">
            <img
              src={attachmentUrl(viewing.hash)}
              alt={viewing.name ?? 'Attached image'}
              width={viewing.width}
              height={viewing.height}
            />
            <figcaption>
              {viewing.width} × {viewing.height} px · {formatBytes(viewing.bytes)} ·{' '}
              {viewing.mediaType.replace('image/', '').toUpperCase()}
            </figcaption>
          </figure>
        )}
      </Dialog>
    </div>
  );
}
