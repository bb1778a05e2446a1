/**
 * Splits a stream of newline-delimited JSON (the Engine's events and pull progress) into values,
 * whatever the chunk boundaries. Lines that are not JSON are reported, not thrown.
 */
export class JsonLinesDecoder {
  private pending = '';

  push(chunk: string): { values: unknown[]; invalid: string[] } {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    const values: unknown[] = [];
    const invalid: string[] = [];
    for (const line of lines) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      try {
        values.push(JSON.parse(trimmed));
      } catch {
        invalid.push(trimmed.slice(0, 200));
      }
    }
    return { values, invalid };
  }
}
