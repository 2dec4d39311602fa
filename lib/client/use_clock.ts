/**
 * The clock an island shows times with: first the one the server rendered with (so hydration
 * changes nothing), then the browser's own time zone, which is kept in a cookie for the server's
 * next rendering.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import {
  browserTimeZone,
  type Clock,
  type ClockSettings,
  makeClock,
  TIME_ZONE_COOKIE,
} from "./time.ts";

export type { ClockSettings } from "./time.ts";

const YEAR_SECONDS = 365 * 24 * 3600;

export function useVisitorClock(rendered: ClockSettings): Clock {
  const [settings, setSettings] = useState(rendered);
  useEffect(() => {
    const timeZone = browserTimeZone();
    if (timeZone === rendered.timeZone) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; path=/; ` +
      `max-age=${YEAR_SECONDS}; samesite=lax`;
    setSettings({ ...rendered, timeZone });
  }, []);
  return useMemo(() => makeClock(settings), [settings]);
}
