/**
 * Plain assignments of a recipe, class or .inc (`NAME = "v"`, `?=`, `??=`, `+=`, `:append`,
 * `NAME[flag] = "v"`, backslash continuations): enough for the layer's own files, which keep to
 * these forms. `+=`/`:append` values are joined to what came before; no `${...}` is expanded.
 */
export function bitbakeAssignments(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const logical = text.replace(/\\\n/g, ' ').split('\n');
  const assignment = /^([A-Za-z0-9_${}:.-]+(?:\[[a-z-]+\])?)\s*(\?\?=|\?=|\+=|=\+|:=|=)\s*"(.*)"\s*$/;
  for (const line of logical) {
    const match = assignment.exec(line.trim());
    if (!match) continue;
    const [, rawName = '', operator, value = ''] = match;
    const appended = /:append$/.test(rawName) || operator === '+=';
    const name = rawName.replace(/:append$/, '');
    const before = values.get(name);
    if (operator === '?=' || operator === '??=') {
      if (before === undefined) values.set(name, value.trim());
    } else if (appended && before !== undefined) {
      values.set(name, `${before} ${value.trim()}`);
    } else {
      values.set(name, value.trim());
    }
  }
  return values;
}
