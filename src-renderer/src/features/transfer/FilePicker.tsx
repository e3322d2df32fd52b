import { FileUp } from 'lucide-react';
import { useRef } from 'react';
import { Button } from '../../components/Button';
import { picksInPage } from './transfer-jobs';

/** "Choose a file…": the page's picker on the web host, main's open dialog in Electron. */
export function FilePicker({
  label,
  inputLabel,
  accept,
  onPick,
  onChooseInMain,
  disabled,
  autoFocus,
}: {
  label: string;
  inputLabel: string;
  accept: string;
  onPick: (file: File) => void;
  onChooseInMain: () => void;
  disabled?: boolean;
  /** The control a dialog focuses when it opens. */
  autoFocus?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const inPage = picksInPage();
  return (
    <>
      <Button
        {...(autoFocus ? { 'data-autofocus': true } : {})}
        icon={<FileUp size={14} />}
        disabled={disabled}
        onClick={() => (inPage ? input.current?.click() : onChooseInMain())}
      >
        {label}
      </Button>
      {inPage && (
        <input
          ref={input}
          type="file"
          accept={accept}
          hidden
          aria-label={inputLabel}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onPick(file);
          }}
        />
      )}
    </>
  );
}
