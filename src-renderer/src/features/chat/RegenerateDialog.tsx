import { useState } from 'react';
import type { Message } from '@contract/conversations';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { regenerate } from '../../stores/chat';
import { useCatalogStore } from '../../stores/catalog';
import { ModelPicker } from '../../components/pickers/ModelPicker';

/** "Regenerate with another model": choose a model, get a new answer in place of this one. */
export function RegenerateDialog({ message, onClose }: { message: Message | null; onClose: () => void }) {
  const models = useCatalogStore((s) => s.models);
  const providers = useCatalogStore((s) => s.providers);
  const health = useCatalogStore((s) => s.health);
  const [model, setModel] = useState<string | null>(null);
  const close = () => {
    setModel(null);
    onClose();
  };
  return (
    <Dialog
      open={message !== null}
      onClose={close}
      size="sm"
      title="Regenerate with another model"
      description="The new answer replaces this one. The cache is not used."
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            disabled={!model}
            onClick={() => {
              if (message && model) void regenerate(message, model);
              close();
            }}
          >
            Regenerate
          </Button>
        </>
      }
    >
      <div className="dialog-row">
        <span className="field-label">Model</span>
        <ModelPicker
          value={model}
          onChange={setModel}
          models={models}
          providers={providers}
          health={health}
          profileModelName={message?.model ?? null}
        />
      </div>
    </Dialog>
  );
}
