/**
 * The light/dark switch. Without JavaScript it is a form that stores the choice on the server;
 * hydrated, it switches at once and stores the same cookie itself.
 */
import { useEffect, useState } from "preact/hooks";
import { CSRF_FIELD } from "../lib/csrf_field.ts";
import type { Theme } from "../lib/state.ts";

interface Props {
  theme: Theme;
  back: string;
  /** The form's CSRF token, for when it is posted without JavaScript. */
  csrf: string;
  labels: { toDark: string; toLight: string };
}

/** The scheme in use; "system" is only known in the browser, and is light on the server. */
function effective(theme: Theme, inBrowser: boolean): "light" | "dark" {
  if (theme !== "system") return theme;
  return inBrowser && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export default function ThemeSwitch({ theme, back, csrf, labels }: Props) {
  const [current, setCurrent] = useState<Theme>(theme);
  // The first render must match the server's HTML; the device's scheme is read after it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const next = effective(current, hydrated) === "dark" ? "light" : "dark";
  const onClick = (event: Event) => {
    event.preventDefault();
    document.documentElement.dataset.theme = next;
    document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
    setCurrent(next);
  };
  const label = next === "dark" ? labels.toDark : labels.toLight;
  return (
    <form method="post" action="/prefs" class="theme-switch">
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name="back" value={back} />
      <button
        type="submit"
        name="theme"
        value={next}
        onClick={onClick}
        title={label}
        aria-label={label}
      >
        <span aria-hidden="true">{next === "dark" ? "☾" : "☀"}</span>
      </button>
    </form>
  );
}
