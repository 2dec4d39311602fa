/**
 * Files for a form: each picked file goes up at once (`lib/client/upload_file.ts`), with its
 * progress; once up, a hidden `attachments` field names it, so that the form, posted or sent over
 * the socket, carries the ids. Shown only where scripts run: without them nothing could upload.
 */
import { useEffect, useState } from "preact/hooks";
import { fileSize } from "../../lib/client/file_size.ts";
import { uploadFile, type Uploading } from "../../lib/client/upload_file.ts";

export interface AttachLabels {
  attach: string;
  uploading: string;
  failed: string;
  remove: string;
}

interface Picked {
  key: string;
  name: string;
  size: number;
  sent: number;
  id?: string;
  done: boolean;
  failed: boolean;
  upload?: Uploading;
}

export function AttachFiles(
  { csrf, locale, labels: l }: { csrf: string; locale: string; labels: AttachLabels },
) {
  const [ready, setReady] = useState(false);
  const [files, setFiles] = useState<Picked[]>([]);
  useEffect(() => setReady(true), []);
  if (!ready) return null;

  const change = (key: string, values: Partial<Picked>) =>
    setFiles((all) => all.map((f) => f.key === key ? { ...f, ...values } : f));
  const pick = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    for (const file of input.files ?? []) {
      const key = crypto.randomUUID();
      const upload = uploadFile(file, csrf, ({ id, sent }) => change(key, { id, sent }));
      setFiles((all) => [
        ...all,
        { key, name: file.name, size: file.size, sent: 0, done: false, failed: false, upload },
      ]);
      upload.done.then(
        (attachment) => change(key, { id: attachment.id, done: true }),
        () => change(key, { failed: true }),
      );
    }
    input.value = "";
  };
  const remove = (file: Picked) => {
    file.upload?.cancel();
    setFiles((all) => all.filter((f) => f.key !== file.key));
  };
  return (
    <div class="attach-files">
      <label class="link">
        {l.attach}
        <input type="file" multiple class="visually-hidden" onChange={pick} />
      </label>
      {files.length > 0 && (
        <ul>
          {files.map((file) => (
            <li key={file.key}>
              <span>{file.name}</span> <span class="hint">{fileSize(file.size, locale)}</span>{" "}
              {file.failed
                ? <span class="field-error">{l.failed}</span>
                : !file.done && (
                  <progress value={file.sent} max={file.size} aria-label={l.uploading} />
                )}
              {file.done && <input type="hidden" name="attachments" value={file.id} />}
              <button type="button" class="link" onClick={() => remove(file)}>{l.remove}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
