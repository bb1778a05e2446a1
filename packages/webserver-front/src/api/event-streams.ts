import { JobSnapshot, LogStream } from '@mapio/webserver-api';

export interface Subscription {
  close(): void;
}

/**
 * Follows a job over Server-Sent Events: every snapshot until the end (the history is replayed
 * first, so a late subscriber misses nothing). `onLost` when the stream broke before the end.
 */
export function followJob(url: string, onSnapshot: (job: JobSnapshot) => void, onLost: (message: string) => void): Subscription {
  const source = new EventSource(url, { withCredentials: true });
  let ended = false;
  const handle = (event: MessageEvent<string>) => {
    const parsed = JobSnapshot.safeParse(safeJson(event.data));
    if (!parsed.success) return;
    onSnapshot(parsed.data);
    if (parsed.data.state !== 'running') {
      ended = true;
      source.close();
    }
  };
  for (const type of ['progress', 'message', 'end']) source.addEventListener(type, handle as EventListener);
  source.onerror = () => {
    if (ended) return;
    source.close();
    onLost('lost the connection to the job: reload the page to see how it ended');
  };
  return { close: () => source.close() };
}

export interface LogLine {
  stream: LogStream;
  text: string;
}

/** Follows a container's log: one event per line, stdout and stderr told apart; `onEnd` when the container stopped. */
export function followLogs(url: string, onLine: (line: LogLine) => void, onEnd: (why: string) => void): Subscription {
  const source = new EventSource(url, { withCredentials: true });
  for (const stream of LogStream.options) {
    source.addEventListener(stream, ((event: MessageEvent<string>) => onLine({ stream, text: event.data })) as EventListener);
  }
  source.addEventListener('end', () => {
    source.close();
    onEnd('the container stopped');
  });
  source.onerror = () => {
    source.close();
    onEnd('the log stream closed');
  };
  return { close: () => source.close() };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
