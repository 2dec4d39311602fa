/**
 * The files of a message: its pictures as a grid of thumbnails at their own proportions, blurred
 * placeholders until they load, opened full size in the viewer; videos and audio in the browser's
 * own players, with their length before they load; other files by name and size, to download.
 */
import type { Attachment } from "../../chats/message_rows.ts";
import { fileSize } from "../../lib/client/file_size.ts";
import { playTime } from "../../lib/client/play_time.ts";
import { FileIcon } from "./icons.tsx";
import type { Wire } from "../../ws/protocol.ts";
import { thumbHashToDataURL } from "thumbhash";

/** A picture drawn from a ThumbHash, shown until the photo loads. */
function placeholderUrl(base64: string): string {
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  } catch {
    return "";
  }
}

interface Props {
  attachments: Wire<Attachment>[];
  locale: string;
  labels: Record<string, string>;
  /** Opens the viewer at the message's `index`-th picture. */
  onOpenPhoto?: (index: number) => void;
}

export function MessageFiles({ attachments, locale, labels: l, onOpenPhoto }: Props) {
  const photos = attachments.filter((a) => a.kind === "image");
  const others = attachments.filter((a) => a.kind !== "image");
  return (
    <div class="message-files">
      {photos.length > 0 && (
        <div class={`photos photos-${Math.min(photos.length, 4)}`}>
          {photos.map((photo, index) => (
            <a
              key={photo.id}
              class="photo"
              href={photo.url}
              target="_blank"
              rel="noopener"
              onClick={onOpenPhoto && ((event) => {
                event.preventDefault();
                onOpenPhoto(index);
              })}
            >
              {photo.placeholder && (
                <img class="placeholder" src={placeholderUrl(photo.placeholder)} alt="" />
              )}
              <img
                src={photo.thumbUrl ?? photo.url}
                alt={photo.name}
                width={photo.width}
                height={photo.height}
                loading="lazy"
                decoding="async"
              />
            </a>
          ))}
        </div>
      )}
      {others.map((file) => {
        if (file.kind === "video") {
          return (
            <div key={file.id} class="video-box">
              <video
                class="video"
                src={file.url}
                poster={file.thumbUrl}
                controls
                preload="metadata"
                // The player shows the time once playing; the badge would cover the picture.
                onPlay={(event) => event.currentTarget.parentElement?.classList.add("played")}
              >
                <a href={file.url} download={file.name}>{file.name}</a>
              </video>
              {file.durationMs && <span class="play-time">{playTime(file.durationMs)}</span>}
            </div>
          );
        }
        return (
          <div key={file.id} class="file">
            {file.kind === "audio" && <audio src={file.url} controls preload="none" />}
            <a
              href={file.url}
              download={file.name}
              class="file-link"
              aria-label={`${l.download}: ${file.name}, ${fileSize(file.size, locale)}`}
            >
              <FileIcon />
              <span class="file-name">{file.name}</span>
              <span class="file-size">
                {fileSize(file.size, locale)}
                {file.durationMs ? ` · ${playTime(file.durationMs)}` : ""}
              </span>
            </a>
          </div>
        );
      })}
    </div>
  );
}
