/** The files attached to the message being written: each with its progress, Retry and Remove. */
import type { AttachedFile } from "../../lib/client/use_attachments.ts";
import { fileSize } from "../../lib/client/file_size.ts";
import { FileIcon } from "./icons.tsx";

interface Props {
  files: AttachedFile[];
  locale: string;
  labels: Record<string, string>;
  onRetry(key: number): void;
  onRemove(key: number): void;
}

export function AttachmentTray({ files, locale, labels: l, onRetry, onRemove }: Props) {
  if (files.length === 0) return null;
  return (
    <ul class="attachment-tray" aria-label={l.attachments}>
      {files.map((file) => (
        <li key={file.key} class={`attached ${file.state}`}>
          {file.preview ? <img src={file.preview} alt="" width={40} height={40} /> : <FileIcon />}
          <span class="attached-text">
            <span class="attached-name">{file.name}</span>
            <span class="attached-size">
              {file.state === "failed"
                ? file.error === "network" ? l.uploadFailed : file.error
                : fileSize(file.size, locale)}
            </span>
            {file.state === "uploading" && (
              <progress
                max={file.size}
                value={file.sent}
                aria-label={`${l.uploading} ${file.name}`}
              />
            )}
          </span>
          {file.state === "failed" && (
            <button
              type="button"
              class="link"
              onClick={() => onRetry(file.key)}
            >
              {l.retry}
            </button>
          )}
          <button
            type="button"
            class="link remove-attachment"
            aria-label={`${l.remove} ${file.name}`}
            onClick={() => onRemove(file.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
