/**
 * The files being attached to the message in the composer: each uploads as soon as it is picked,
 * dropped or pasted, with its progress; one that failed can be retried (it resumes) or removed.
 * Sending waits for them all (`ready`).
 */
import { useRef, useState } from "preact/hooks";
import type { Attachment } from "../../chats/message_rows.ts";
import { MAX_ATTACHMENTS } from "../../files/limits.ts";
import type { Uploading } from "./upload_file.ts";

export interface AttachedFile {
  key: number;
  name: string;
  size: number;
  /** Bytes the server has. */
  sent: number;
  state: "uploading" | "done" | "failed";
  error?: string;
  /** A local address of a picture, to show it before it is sent. */
  preview?: string;
  attachment?: Attachment;
}

interface Running {
  file: File;
  uploadId?: string;
  uploading: Uploading;
}

/**
 * `uploadFile`, fetched when the first file is attached: most visits to the messenger attach none,
 * and its page stays lighter without it.
 */
function startUpload(...args: Parameters<typeof import("./upload_file.ts").uploadFile>): Uploading {
  let started: Uploading | undefined;
  let cancelled = false;
  const done = import("./upload_file.ts").then(({ uploadFile }) => {
    if (cancelled) throw new DOMException("Cancelled", "AbortError");
    started = uploadFile(...args);
    return started.done;
  });
  return {
    done,
    cancel() {
      cancelled = true;
      started?.cancel();
    },
  };
}

export function useAttachments(csrf: string) {
  const [files, setFiles] = useState<AttachedFile[]>([]);
  const [dragging, setDragging] = useState(false);
  const running = useRef(new Map<number, Running>());
  const nextKey = useRef(1);

  const update = (key: number, change: Partial<AttachedFile>) =>
    setFiles((all) => all.map((f) => f.key === key ? { ...f, ...change } : f));

  const start = (key: number, file: File, resumeId?: string) => {
    const entry: Running = {
      file,
      uploadId: resumeId,
      uploading: startUpload(file, csrf, ({ id, sent }) => {
        entry.uploadId = id;
        update(key, { sent });
      }, resumeId),
    };
    running.current.set(key, entry);
    update(key, { state: "uploading", error: undefined });
    entry.uploading.done.then(
      (attachment) => update(key, { state: "done", sent: attachment.size, attachment }),
      (error: Error) => {
        if (error.name !== "AbortError") update(key, { state: "failed", error: error.message });
      },
    );
  };

  const add = (picked: File[]) => {
    const room = MAX_ATTACHMENTS - running.current.size;
    const taken = picked.slice(0, Math.max(0, room)).map((file) => ({
      file,
      item: {
        key: nextKey.current++,
        name: file.name,
        size: file.size,
        sent: 0,
        state: "uploading" as const,
        preview: file.type.startsWith("image/") ? URL.createObjectURL(file) : undefined,
      },
    }));
    setFiles((all) => [...all, ...taken.map((t) => t.item)]);
    for (const { file, item } of taken) start(item.key, file);
  };

  const forget = (key: number) => {
    running.current.delete(key);
    setFiles((all) => {
      const gone = all.find((f) => f.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return all.filter((f) => f.key !== key);
    });
  };

  return {
    files,
    dragging,
    add,
    retry(key: number) {
      const entry = running.current.get(key);
      if (entry) start(key, entry.file, entry.uploadId);
    },
    /** Stops an upload and deletes what the server has of it. */
    remove(key: number) {
      running.current.get(key)?.uploading.cancel();
      forget(key);
    },
    /** The files once every upload is complete; undefined when one failed. */
    async ready(): Promise<Attachment[] | undefined> {
      try {
        return await Promise.all([...running.current.values()].map((r) => r.uploading.done));
      } catch {
        return undefined;
      }
    },
    /** Empties the tray once its files went with a message (they stay on the server). */
    clear() {
      for (const key of [...running.current.keys()]) forget(key);
    },
    /** Handlers for the area files may be dropped on. */
    dropZone: {
      onDragOver(event: DragEvent) {
        if (!event.dataTransfer?.types.includes("Files")) return;
        event.preventDefault();
        setDragging(true);
      },
      onDragLeave(event: DragEvent) {
        if (event.target === event.currentTarget) setDragging(false);
      },
      onDrop(event: DragEvent) {
        setDragging(false);
        if (!event.dataTransfer?.files.length) return;
        event.preventDefault();
        add([...event.dataTransfer.files]);
      },
    },
  };
}
