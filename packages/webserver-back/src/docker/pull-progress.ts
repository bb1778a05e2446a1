import type { PullProgressLine } from './engine-schemas';

interface LayerProgress {
  downloaded: number;
  downloadTotal: number;
  extracted: number;
  extractTotal: number;
  done: boolean;
}

/** Statuses that describe one layer (others, like `Pulling from demo/app` with id `latest`, do not). */
const LAYER_STATUSES = new Set([
  'Pulling fs layer',
  'Waiting',
  'Downloading',
  'Verifying Checksum',
  'Download complete',
  'Extracting',
  'Pull complete',
  'Already exists',
]);

/**
 * Turns the Engine's pull progress lines (per layer: Downloading current/total, Extracting, Pull
 * complete, Already exists) into one percentage: download counts for 70 %, extraction for 30 %.
 */
export class PullProgress {
  private readonly layers = new Map<string, LayerProgress>();

  apply(line: PullProgressLine): void {
    if (!line.id || !line.status || !LAYER_STATUSES.has(line.status)) return;
    const layer = this.layers.get(line.id) ?? { downloaded: 0, downloadTotal: 0, extracted: 0, extractTotal: 0, done: false };
    const { current = 0, total = 0 } = line.progressDetail ?? {};
    if (line.status === 'Downloading') {
      layer.downloaded = current;
      layer.downloadTotal = total || layer.downloadTotal;
    } else if (line.status === 'Extracting') {
      layer.downloaded = layer.downloadTotal = Math.max(layer.downloadTotal, total);
      layer.extracted = current;
      layer.extractTotal = total || layer.extractTotal;
    } else if (line.status === 'Download complete') {
      layer.downloaded = layer.downloadTotal;
    } else if (line.status === 'Pull complete' || line.status === 'Already exists') {
      layer.done = true;
    }
    this.layers.set(line.id, layer);
  }

  /** 0-100; layers whose size is not known yet count as not started. */
  get percent(): number {
    const layers = [...this.layers.values()];
    if (layers.length === 0) return 0;
    const perLayer = layers.map((layer) => {
      if (layer.done) return 1;
      const download = layer.downloadTotal > 0 ? layer.downloaded / layer.downloadTotal : 0;
      const extract = layer.extractTotal > 0 ? layer.extracted / layer.extractTotal : 0;
      return 0.7 * download + 0.3 * extract;
    });
    return Math.round((100 * perLayer.reduce((a, b) => a + b, 0)) / layers.length);
  }
}
