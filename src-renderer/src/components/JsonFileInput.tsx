import type { RefObject } from 'react';

/**
 * A hidden picker of one JSON file, opened by a button of the caller's (`inputRef.current.click()`): the file
 * chosen is handed over, and the picker is reset so that the same file can be chosen again.
 */
export function JsonFileInput({
  inputRef,
  label,
  onFile,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  /** The accessible name of the picker, what the file is for ("Configuration file to import"). */
  label: string;
  onFile: (file: File) => void;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept="application/json,.json"
      hidden
      aria-label={label}
      onChange={(e) => {
        const picked = e.target.files?.[0];
        e.target.value = '';
        if (picked) onFile(picked);
      }}
    />
  );
}
