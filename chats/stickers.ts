/**
 * The built-in sticker pack, drawn for Parley (`static/stickers/`). A sticker message's content is
 * the sticker's name.
 */
export const STICKERS = [
  "smile",
  "laugh",
  "wink",
  "love",
  "kiss",
  "cool",
  "surprised",
  "thinking",
  "sleepy",
  "sad",
  "cry",
  "angry",
  "heart",
  "broken-heart",
  "star",
  "fire",
  "sun",
  "moon",
  "rain",
  "coffee",
  "cake",
  "gift",
  "balloon",
  "rocket",
] as const;

export type Sticker = typeof STICKERS[number];

export function isSticker(name: string): name is Sticker {
  return (STICKERS as readonly string[]).includes(name);
}

/** Where a sticker's picture is. */
export function stickerUrl(name: string): string {
  return `/stickers/${name}.svg`;
}
