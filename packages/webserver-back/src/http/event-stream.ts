import type { Request, Response } from 'express';

export interface EventStream {
  send(event: string, data: string, id?: number): void;
  end(): void;
  /** Called once when the client went away or end() was called. */
  onClose(listener: () => void): void;
}

const HEARTBEAT_MS = 15_000;

/**
 * Turns a response into a Server-Sent Events stream. Multi-line data becomes several `data:` lines
 * (how SSE carries newlines); a comment every 15 s keeps proxies from closing an idle stream.
 */
export function openEventStream(req: Request, res: Response): EventStream {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const listeners: Array<() => void> = [];
  let closed = false;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  req.on('close', close);
  res.on('close', close);
  return {
    send(event, data, id) {
      if (closed) return;
      const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
      res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\n${lines.join('\n')}\n\n`);
    },
    end() {
      if (!closed) res.end();
      close();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
