/** A round avatar: the user's picture, or their initial on a colour derived from the name. */

export function Avatar({ name, url, size = 40 }: { name: string; url?: string; size?: number }) {
  if (url) return <img class="avatar" src={url} alt="" width={size} height={size} />;
  let hue = 0;
  for (const char of name) hue = (hue * 31 + char.codePointAt(0)!) % 360;
  return (
    <span class={`avatar initial hue-${Math.floor(hue / 30)}`} aria-hidden="true" data-size={size}>
      {Array.from(name)[0]?.toUpperCase() ?? "?"}
    </span>
  );
}
