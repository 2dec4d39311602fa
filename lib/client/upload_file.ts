/**
 * Sends one file to the server in parts (`routes/api/uploads`), reporting progress. A part that
 * fails is sent again from where the server says the upload stands, a few times with a growing
 * pause, so that a dropped connection costs only the part in flight; after that the upload
 * fails, and `uploadFile` called again with its id resumes it without starting over.
 */
import type { Attachment } from "../../chats/message_rows.ts";

/** The size of one request's part: a dropped connection resends at most this much. */
const PART_BYTES = 8 * 1024 * 1024;
const TRIES = 4;

export interface UploadProgress {
  /** The upload's id, once the server made it. */
  id?: string;
  sent: number;
}

export interface Uploading {
  /** Resolves to the complete file, described as a message carries it. */
  done: Promise<Attachment>;
  cancel(): void;
}

type Answer = { upload?: UploadAnswer; error?: string };
type UploadAnswer = Omit<Attachment, "url" | "kind"> & {
  offset: number;
  kind?: Attachment["kind"];
};

export function uploadFile(
  file: File,
  csrf: string,
  onProgress: (progress: UploadProgress) => void,
  resumeId?: string,
): Uploading {
  let request: XMLHttpRequest | undefined;
  let cancelled = false;
  const headers = { "x-csrf-token": csrf };

  const call = (method: string, url: string, body?: Blob | string, extra = {}) =>
    new Promise<{ status: number; answer: Answer }>((resolve, reject) => {
      if (cancelled) return reject(new DOMException("Cancelled", "AbortError"));
      const xhr = request = new XMLHttpRequest();
      xhr.open(method, url);
      for (const [name, value] of Object.entries({ ...headers, ...extra })) {
        xhr.setRequestHeader(name, value as string);
      }
      xhr.upload.onprogress = (event) => onPart(event.loaded);
      xhr.onload = () => {
        let answer: Answer = {};
        try {
          answer = JSON.parse(xhr.responseText || "{}");
        } catch {
          // not JSON: the status tells
        }
        resolve({ status: xhr.status, answer });
      };
      xhr.onerror = () => reject(new Error("network"));
      xhr.onabort = () => reject(new DOMException("Cancelled", "AbortError"));
      xhr.send(body);
    });

  let base = 0;
  const onPart = (loaded: number) => onProgress({ id, sent: base + loaded });
  let id = resumeId;

  const run = async (): Promise<Attachment> => {
    if (!id) {
      const made = await call(
        "POST",
        "/api/uploads",
        JSON.stringify({ name: file.name, size: file.size }),
        { "content-type": "application/json" },
      );
      if (made.status !== 201) throw new Error(made.answer.error ?? String(made.status));
      id = made.answer.upload!.id;
    }
    let offset = await standing(id);
    for (let failures = 0; offset < file.size;) {
      base = offset;
      onProgress({ id, sent: offset });
      try {
        const part = file.slice(offset, offset + PART_BYTES);
        const sent = await call("PATCH", `/api/uploads/${id}`, part, {
          "upload-offset": String(offset),
        });
        if (sent.status === 200) {
          offset = sent.answer.upload!.offset;
          if (offset >= file.size) return described(id, sent.answer.upload!);
          failures = 0;
          continue;
        }
        if (sent.status !== 409 && sent.status < 500) {
          throw new Error(sent.answer.error ?? String(sent.status));
        }
      } catch (error) {
        if (cancelled || (error as Error).message !== "network") throw error;
      }
      if (++failures >= TRIES) throw new Error("network");
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** failures));
      offset = await standing(id);
    }
    const complete = await call("GET", `/api/uploads/${id}`);
    return described(id, complete.answer.upload!);
  };

  /** Where the upload stands on the server. */
  const standing = async (uploadId: string) => {
    const { answer } = await call("GET", `/api/uploads/${uploadId}`);
    return answer.upload?.offset ?? 0;
  };

  return {
    done: run(),
    cancel() {
      cancelled = true;
      request?.abort();
      if (id) fetch(`/api/uploads/${id}`, { method: "DELETE", headers }).catch(() => {});
    },
  };
}

function described(id: string, upload: UploadAnswer): Attachment {
  const { offset: _, ...rest } = upload;
  return { ...rest, id, kind: upload.kind ?? "file", url: `/files/${id}` };
}
