import type { UpdateStatus } from '@mapio/webserver-api';
import { errorMessage } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import type { EngineApi } from './engine-api';

export const REGISTRY_CHECK_INTERVAL_MS = 6 * 60 * 60_000;

export type { UpdateStatus } from '@mapio/webserver-api';

interface RemoteCheck {
  at: number;
  digest: string | null;
  error: string | null;
}

/** `registry/path:tag` -> `registry/path` (what RepoDigests entries start with). */
export function repositoryOf(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest;
}

/** Docker Hub images are listed as `nginx` in RepoDigests but named `docker.io/library/nginx` too. */
function sameRepository(a: string, b: string): boolean {
  const normal = (r: string) => r.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return normal(a) === normal(b);
}

/** The update decision for one image (pure). */
export function compareDigests(
  service: string,
  image: string,
  repoDigests: readonly string[] | null,
  remote: RemoteCheck | null,
): UpdateStatus {
  const base = { service, image, remoteDigest: remote?.digest ?? null, checkedAt: remote ? new Date(remote.at).toISOString() : null };
  const repository = repositoryOf(image);
  const local = (repoDigests ?? []).map((entry) => entry.split('@')).find(([repo]) => repo !== undefined && sameRepository(repo, repository))?.[1] ?? null;
  if (image.includes('@sha256:')) return { ...base, localDigest: local, updateAvailable: false, reason: 'pinned by digest' };
  if (repoDigests === null) return { ...base, localDigest: null, updateAvailable: 'unknown', reason: 'image not pulled yet' };
  if (!local) return { ...base, localDigest: null, updateAvailable: 'unknown', reason: 'local image has no registry digest (built or imported locally)' };
  if (!remote || remote.error) return { ...base, localDigest: local, updateAvailable: 'unknown', reason: `registry not reachable: ${remote?.error ?? 'not checked'}` };
  return { ...base, localDigest: local, updateAvailable: remote.digest !== local, reason: null };
}

/**
 * Compares each service image's local digest with the registry's, asked through the Engine's
 * distribution endpoint (no pull). A registry is asked about an image at most once per 6 h unless
 * forced; the answer is cached in memory.
 */
export class UpdateChecker {
  private readonly remote = new Map<string, RemoteCheck>();
  private readonly inFlight = new Map<string, Promise<RemoteCheck>>();

  constructor(
    private readonly api: EngineApi,
    private readonly now: () => number = Date.now,
  ) {}

  async check(services: ReadonlyArray<{ name: string; image: string | null }>, force: boolean): Promise<UpdateStatus[]> {
    return Promise.all(
      services.map(async ({ name, image }) => {
        if (!image) {
          return { service: name, image: null, localDigest: null, remoteDigest: null, updateAvailable: 'unknown' as const, reason: 'no image (built from source)', checkedAt: null };
        }
        const [repoDigests, remote] = await Promise.all([this.localDigests(image), image.includes('@') ? null : this.remoteDigest(image, force)]);
        return compareDigests(name, image, repoDigests, remote);
      }),
    );
  }

  /** Forget what the registry said about `image` (after pulling it). */
  invalidate(image: string): void {
    this.remote.delete(image);
  }

  private async localDigests(image: string): Promise<string[] | null> {
    const local = await this.api.inspectImage(image);
    return local ? (local.RepoDigests ?? []) : null;
  }

  private remoteDigest(image: string, force: boolean): Promise<RemoteCheck> {
    const cached = this.remote.get(image);
    if (!force && cached && this.now() - cached.at < REGISTRY_CHECK_INTERVAL_MS) return Promise.resolve(cached);
    const running = this.inFlight.get(image);
    if (running) return running;
    const check = (async (): Promise<RemoteCheck> => {
      try {
        return { at: this.now(), digest: await this.api.distributionDigest(image), error: null };
      } catch (error) {
        if (error instanceof DomainError && error.dependency === 'docker') throw error;
        return { at: this.now(), digest: null, error: errorMessage(error).slice(0, 300) };
      }
    })();
    this.inFlight.set(image, check);
    return check
      .then((result) => {
        this.remote.set(image, result);
        return result;
      })
      .finally(() => this.inFlight.delete(image));
  }
}
