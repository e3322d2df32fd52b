import { FolderOpen, ImagePlus, Images } from 'lucide-react';
import { useRef, useState, type DragEvent } from 'react';
import { Button } from '../../components/Button';
import { ACCEPTED_TYPES } from '../../lib/images/images';
import { entriesOfDrop, pickedFiles, walkEntries, type PickedFile } from './dropped-files';

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/** Where images come in: dropped files or folders (walked), or the "Choose images" and "Choose a folder" pickers. */
export function DropZone({ onFiles, busy }: { onFiles: (files: PickedFile[]) => void; busy: boolean }) {
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const depth = useRef(0);
  const filePicker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement>(null);

  const onDrop = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    // Taken now: the browser empties the transfer once this handler returns.
    const { entries, files } = entriesOfDrop(event.dataTransfer);
    if (entries.length === 0) {
      onFiles(files);
      return;
    }
    setReading(true);
    walkEntries(entries)
      .then(onFiles)
      .catch(() => onFiles(files))
      .finally(() => setReading(false));
  };

  return (
    <div
      className={`batch-drop${over ? ' is-over' : ''}`}
      role="group"
      aria-label="Images for the batch"
      aria-busy={reading || busy}
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={onDrop}
      data-testid="batch-drop"
    >
      <Images size={26} aria-hidden className="batch-drop-icon" />
      <p className="batch-drop-title">{reading ? 'Reading the folder…' : 'Drop images or a folder here'}</p>
      <p className="batch-drop-hint">
        PNG, JPEG, GIF or WebP; up to 5,000 images. Large images are scaled down first.
      </p>
      <div className="batch-drop-actions">
        <Button icon={<ImagePlus size={15} aria-hidden />} onClick={() => filePicker.current?.click()}>
          Choose images
        </Button>
        <Button icon={<FolderOpen size={15} aria-hidden />} onClick={() => folderPicker.current?.click()}>
          Choose a folder
        </Button>
      </div>
      <input
        ref={filePicker}
        type="file"
        accept={ACCEPTED_TYPES.join(',')}
        multiple
        hidden
        aria-label="Images to add"
        onChange={(event) => {
          if (event.target.files?.length) onFiles(pickedFiles(event.target.files));
          event.target.value = '';
        }}
      />
      <input
        ref={folderPicker}
        type="file"
        {...{ webkitdirectory: '' }}
        multiple
        hidden
        aria-label="Folder to add"
        onChange={(event) => {
          if (event.target.files?.length) onFiles(pickedFiles(event.target.files));
          event.target.value = '';
        }}
      />
    </div>
  );
}
