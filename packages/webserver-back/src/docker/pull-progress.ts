import type { LayerProgress } from '@mapio/webserver-api';
import type { PullProgressLine } from './engine-schemas';

interface LayerFigures {
  status: string;
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
  private readonly figures = new Map<string, LayerFigures>();

  /** Takes one progress line; true when it moved a layer to another step (worth a message), false for bytes only. */
  apply(line: PullProgressLine): boolean {
    if (!line.id || !line.status || !LAYER_STATUSES.has(line.status)) return false;
    const known = this.figures.get(line.id);
    const layer = known ?? { status: line.status, downloaded: 0, downloadTotal: 0, extracted: 0, extractTotal: 0, done: false };
    const stepChanged = known?.status !== line.status;
    layer.status = line.status;
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
    this.figures.set(line.id, layer);
    return stepChanged;
  }

  /** 0-100; layers whose size is not known yet count as not started. */
  get percent(): number {
    const layers = [...this.figures.values()];
    if (layers.length === 0) return 0;
    const perLayer = layers.map((layer) => {
      if (layer.done) return 1;
      const download = layer.downloadTotal > 0 ? layer.downloaded / layer.downloadTotal : 0;
      const extract = layer.extractTotal > 0 ? layer.extracted / layer.extractTotal : 0;
      return 0.7 * download + 0.3 * extract;
    });
    return Math.round((100 * perLayer.reduce((a, b) => a + b, 0)) / layers.length);
  }

  /** Each layer's step and bytes, for a page to show (per-layer bytes of a pull). */
  get layers(): LayerProgress[] {
    return [...this.figures].map(([id, figures]) => ({ id, ...figures }));
  }
}
