/**
 * The process's limit on open files, where the system tells it (Linux): every socket is a file,
 * and a server that reaches the limit cannot accept at all, so it must refuse sockets before.
 */
export function openFileLimit(): number | undefined {
  try {
    const limits = Deno.readTextFileSync("/proc/self/limits");
    const soft = limits.match(/^Max open files\s+(\d+)/m)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined; // not Linux, or no /proc (Deno Deploy): no limit we can see
  }
}
