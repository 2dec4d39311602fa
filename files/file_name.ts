/** A file's name as people named it, made safe to keep, show and send back in a header. */

const MAX_LENGTH = 200;

/**
 * `name` without folders, control characters or characters that mean something to file systems,
 * cut to a length every file system takes; "file" when nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? "";
  const clean = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  return [...clean].slice(0, MAX_LENGTH).join("") || "file";
}

/** A Content-Disposition header naming `name`, readable by every browser (RFC 6266). */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
