/**
 * The WebSocket debug console: a raw request editor, the connection's state with reconnect,
 * and a log of every frame in and out with its time.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { fill } from "../i18n/fill.ts";

type ConnectionState = "connecting" | "open" | "closed";

interface Frame {
  seq: number;
  at: Date;
  direction: "in" | "out" | "event";
  text: string;
}

const EXAMPLES: Record<string, string> = {
  "ping": `{"id": 1, "method": "ping"}`,
  "v1 checkConnection": `{"mode": "checkConnection", "timestamp": "2024-01-01 12:00:00"}`,
  "unknown method": `{"id": 2, "method": "no.such.method"}`,
  "invalid params": `{"id": 3, "method": "ping", "params": []}`,
  "not JSON": `{"id": 4, "method": `,
};

const MAX_FRAMES = 500;

function socketUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function clock(date: Date): string {
  return date.toTimeString().slice(0, 8) + "." + String(date.getMilliseconds()).padStart(3, "0");
}

export default function WsDebug({ messages: m }: { messages: Record<string, string> }) {
  const [state, setState] = useState<ConnectionState>("closed");
  const [frames, setFrames] = useState<Frame[]>([]);
  const [request, setRequest] = useState(EXAMPLES.ping);
  const [auto, setAuto] = useState(true);
  const [retryIn, setRetryIn] = useState<number | null>(null);
  const socket = useRef<WebSocket | null>(null);
  const wanted = useRef(true);
  const autoRef = useRef(auto);
  const attempts = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);
  const logEnd = useRef<HTMLLIElement>(null);
  autoRef.current = auto;

  const record = (direction: Frame["direction"], text: string) => {
    const frame = { seq: ++seq.current, at: new Date(), direction, text };
    setFrames((all) => [...all.slice(-(MAX_FRAMES - 1)), frame]);
  };

  const connect = () => {
    clearTimeout(retryTimer.current);
    setRetryIn(null);
    socket.current?.close();
    wanted.current = true;
    setState("connecting");
    const ws = new WebSocket(socketUrl());
    socket.current = ws;
    ws.onopen = () => {
      attempts.current = 0;
      setState("open");
    };
    ws.onmessage = (event) => {
      const text = String(event.data);
      record(text.startsWith(`{"event"`) ? "event" : "in", text);
    };
    ws.onclose = (event) => {
      if (socket.current !== ws) return;
      setState("closed");
      record("event", fill(m["debug.closedWith"], { code: event.code }));
      if (!wanted.current || !autoRef.current) return;
      // Exponential backoff with jitter, so many clients do not return at the same moment.
      const delay = Math.min(30_000, 1000 * 2 ** attempts.current++) * (0.5 + Math.random() / 2);
      setRetryIn(Math.ceil(delay / 1000));
      retryTimer.current = setTimeout(connect, delay);
    };
  };

  const disconnect = () => {
    wanted.current = false;
    clearTimeout(retryTimer.current);
    setRetryIn(null);
    socket.current?.close(1000, "Closed from the debug page");
  };

  const send = (event: Event) => {
    event.preventDefault();
    const ws = socket.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(request);
    record("out", request);
  };

  useEffect(() => {
    connect();
    return () => {
      wanted.current = false;
      clearTimeout(retryTimer.current);
      socket.current?.close();
    };
  }, []);

  useEffect(() => logEnd.current?.scrollIntoView({ block: "nearest" }), [frames]);

  const directionLabel = { in: m["debug.in"], out: m["debug.out"], event: m["debug.event"] };
  return (
    <div class="ws-debug">
      <div class="ws-status" data-state={state} role="status">
        <span class="dot" aria-hidden="true" />
        <span class="ws-state-text">{m[`debug.state.${state}`]}</span>
        {retryIn !== null && <span>· {fill(m["debug.reconnectIn"], { seconds: retryIn })}</span>}
        <span class="spacer" />
        {state === "closed"
          ? <button type="button" onClick={connect}>{m["debug.connect"]}</button>
          : <button type="button" onClick={disconnect}>{m["debug.disconnect"]}</button>}
        <button type="button" onClick={connect}>{m["debug.reconnect"]}</button>
        <label class="check">
          <input
            type="checkbox"
            checked={auto}
            onChange={(e) => setAuto((e.target as HTMLInputElement).checked)}
          />
          {m["debug.autoReconnect"]}
        </label>
      </div>
      <form class="ws-request" onSubmit={send}>
        <label for="ws-request">{m["debug.request"]}</label>
        <textarea
          id="ws-request"
          rows={5}
          spellcheck={false}
          value={request}
          onInput={(e) => setRequest((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send(e);
          }}
        />
        <div class="row">
          <select
            aria-label={m["debug.examples"]}
            onChange={(e) => setRequest(EXAMPLES[(e.target as HTMLSelectElement).value] ?? request)}
          >
            <option value="">{m["debug.examples"]}</option>
            {Object.keys(EXAMPLES).map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
          <span class="spacer" />
          <button type="button" onClick={() => setFrames([])}>{m["debug.clear"]}</button>
          <button type="submit" class="primary" disabled={state !== "open"}>
            {m["debug.send"]}
          </button>
        </div>
      </form>
      <h2>{m["debug.log"]}</h2>
      <ol class="ws-log" aria-live="polite">
        {frames.length === 0 && <li class="empty">{m["debug.empty"]}</li>}
        {frames.map((frame) => (
          <li key={frame.seq} class={`frame ${frame.direction}`}>
            <span class="meta">
              <time>{clock(frame.at)}</time> {directionLabel[frame.direction]}
            </span>
            <pre>{pretty(frame.text)}</pre>
          </li>
        ))}
        <li ref={logEnd} class="end" aria-hidden="true" />
      </ol>
    </div>
  );
}
