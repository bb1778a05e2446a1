import { OtaAccepted, type OtaAccepted as Accepted } from '@mapio/webserver-api';
import { ApiFailure } from './http';

/**
 * Sends a `.raucb` as the raw body of `POST /api/v1/ota` with upload progress (fetch cannot report
 * it, XMLHttpRequest can). Resolves once the box verified the bundle and started installing it;
 * rejects with the box's reason when it refused it.
 */
export function uploadBundle(file: File, onProgress: (sent: number, total: number) => void): { done: Promise<Accepted>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Accepted>((resolve, reject) => {
    xhr.open('POST', '/api/v1/ota');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(new ApiFailure('the upload broke off: is the box still on this network?', 0, 'network'));
    xhr.onabort = () => reject(new ApiFailure('upload cancelled', 0, 'aborted'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = OtaAccepted.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiFailure('the box answered the upload in a form this page does not know', xhr.status, 'unexpected_answer'));
        return;
      }
      const envelope = body as { error?: { code?: string; message?: string; details?: unknown } } | null;
      reject(new ApiFailure(envelope?.error?.message ?? `the box answered ${xhr.status}`, xhr.status, envelope?.error?.code ?? 'http', envelope?.error?.details));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
